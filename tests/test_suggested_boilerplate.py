"""Suggested boilerplate: scrape residue spotted at ingest, hiding nothing until confirmed; rejectable; undoable."""

from __future__ import annotations

import json

import pytest

from annotator.annotations import Annotations
from annotator.articles import Article
from annotator.boilerplate_hints import residue_reason
from annotator.ingest import ingest_articles
from annotator.store import Store
from annotator.suggest import suggest

SCRAPE = ("Skip to content\nBy Lois Lane, Daily Planet\n"
          "Officials said on Tuesday that a cargo ship carrying 13,000 containers was seized.\n"
          "Photo: Jimmy Olsen/Getty Images\nShare this article\nAdvertisement\n"
          "The owners denied any wrongdoing.\nSign up for our newsletter.\nSupport our journalism. Donate now.\n")

RESIDUE = {
    "skip link": ["Skip to content", "Skip to main content", "Jump to navigation"],
    "related links": ["Related: Ship seized in port", "Related stories", "Read more: the full report"],
    "byline": ["By Lois Lane", "By Anna Smith, BBC News", "By John Smith and Jane Doe | Reuters",
               "Reporting by Tom Balmforth; Editing by Alex Richardson"],
    "photo credit": ["Photo: Jane Doe/Getty Images", "A protester holds a sign. (AP Photo/Evan Vucci)",
                     "Image credit: NASA"],
    "share buttons": ["Share this article", "Facebook Twitter Email", "Share", "Follow us on Twitter"],
    "donation appeal": ["Support our journalism. Donate now.", "Please donate today to keep our reporting free.",
                        "Dear readers,", "If you can, please support us monthly starting from just $2.", "Remind me later."],
    "advertisement": ["Advertisement", "Sponsored content", "Scroll to continue with content"],
    "newsletter sign-up": ["Sign up for our newsletter", "Get the best stories in your inbox every morning."],
    "cookie notice": ["We use cookies to improve your experience."],
    "navigation": ["Login", "Menu", "Back to top"],
    "copyright line": ["© 2024 Daily Planet Ltd", "Copyright 2024 Daily Planet. All rights reserved."],
}
PROSE = [
    "By Tuesday, the storm had passed.", "Related officials said the ship was seized.",
    "Officials urged residents to donate blood at the clinic.", "Copyright lawyers argued the case for hours.",
    "The country wants to become a member of the EU.", "Advertising revenue fell 12% last year.",
    "He said he would share the details later.", "The ad campaign cost $2 million.",
    "Search teams found the wreck on Monday.", "The photo agency said its images were stolen.",
    "Readers wrote in with their support for the mayor.", "By supporting the bill, senators split their party.",
]


@pytest.mark.parametrize("reason, text", [(reason, text) for reason, texts in RESIDUE.items() for text in texts])
def test_scrape_residue_is_recognised_with_its_reason(reason, text):
    assert residue_reason(text) == reason


@pytest.mark.parametrize("text", PROSE)
def test_article_prose_is_left_alone(text):
    assert residue_reason(text) is None


def scraped_store(store: Store) -> dict[str, int]:
    """Ingest one scraped article; its sentence ids by text."""
    ingest_articles(store, [Article(id="scrape", text=SCRAPE, origin="test"),
                            Article(id="other", text="A cargo ship carrying 13,000 containers was seized.", origin="test")])
    return {s.text: s.id for s in store.sentences("scrape")}


def suggested(store: Store) -> dict[str, str]:
    """Suggested sentence text -> reason, as ingest stored them."""
    return dict(store.db.execute(
        "SELECT t.text, b.reason FROM suggested_boilerplate b JOIN sentences t ON t.id = b.sentence_id").fetchall())


def test_ingest_suggests_residue_and_hides_nothing(memory_store):
    ids = scraped_store(memory_store)
    assert suggested(memory_store) == {
        "Skip to content": "skip link", "By Lois Lane, Daily Planet": "byline",
        "Photo: Jimmy Olsen/Getty Images": "photo credit", "Share this article": "share buttons",
        "Advertisement": "advertisement", "Sign up for our newsletter.": "newsletter sign-up",
        "Support our journalism.": "donation appeal", "Donate now.": "donation appeal"}
    assert memory_store.db.execute("SELECT count(*) FROM boilerplate").fetchone()[0] == 0
    states = Annotations(memory_store, "ann").sentence_states("scrape")
    assert states[ids["Advertisement"]].suggested_boilerplate == "advertisement"
    assert not states[ids["Advertisement"]].boilerplate
    other = memory_store.sentences("other")[0]
    found = [s.sentence.id for s in suggest(memory_store, other, k=20, annotator="ann")]
    assert ids["Officials said on Tuesday that a cargo ship carrying 13,000 containers was seized."] in found
    summary = {s.id: s for s in memory_store.source_summaries()}
    assert (summary["scrape"].suggested_boilerplate, summary["scrape"].boilerplate) == (8, 0)


def test_confirm_and_reject_are_journaled_and_undoable(memory_store):
    ids = scraped_store(memory_store)
    ann = Annotations(memory_store, "ann")
    assert ann.reject_suggested_boilerplate(ids["Skip to content"]) is True
    assert ann.sentence_states("scrape").get(ids["Skip to content"]).suggested_boilerplate is None
    assert ann.confirm_suggested_boilerplate([ids["Advertisement"], ids["Share this article"]]) == 2
    state = ann.sentence_states("scrape")[ids["Advertisement"]]
    assert state.boilerplate and state.suggested_boilerplate is None
    assert ann.progress()["scrape"]["suggested_boilerplate"] == 5
    assert ann.undo() == "confirm suggested boilerplate"
    assert ann.sentence_states("scrape")[ids["Advertisement"]].suggested_boilerplate == "advertisement"
    assert memory_store.db.execute("SELECT count(*) FROM boilerplate").fetchone()[0] == 0
    assert ann.undo() == "reject suggested boilerplate"
    assert ann.sentence_states("scrape")[ids["Skip to content"]].suggested_boilerplate == "skip link"
    assert ann.redo() == "reject suggested boilerplate"
    bob = Annotations(memory_store, "bob")  # one annotator's decision is theirs: bob still sees the suggestion
    assert bob.sentence_states("scrape")[ids["Skip to content"]].suggested_boilerplate == "skip link"


def test_rejecting_a_confirmed_suggestion_unflags_it_in_one_step(memory_store):
    ids = scraped_store(memory_store)
    ann = Annotations(memory_store, "ann")
    ann.confirm_suggested_boilerplate([ids["Advertisement"]])
    assert ann.reject_suggested_boilerplate(ids["Advertisement"]) is True
    assert not ann.sentence_states("scrape").get(ids["Advertisement"]).boilerplate
    assert ann.reject_suggested_boilerplate(ids["Advertisement"]) is False  # already kept: nothing journaled
    ann.undo()
    assert ann.sentence_states("scrape")[ids["Advertisement"]].boilerplate


def test_a_database_from_before_gets_its_suggestions_on_open(tmp_path):
    """The migration backfills suggestions for sentences ingested before it existed."""
    path = tmp_path / "old.db"
    with Store(path) as store:
        scraped_store(store)
        store.db.execute("DROP TABLE suggested_boilerplate")
        store.db.execute("DROP TABLE boilerplate_rejections")
        store.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_suggested_boilerplate'")
    with Store(path) as store:
        assert len(suggested(store)) == 8


def test_sources_lists_the_open_suggestions(run_cli, tmp_path, db_path):
    (tmp_path / "scrape.txt").write_text(SCRAPE, encoding="utf-8")
    assert run_cli("ingest", tmp_path / "scrape.txt").exit_code == 0
    row = json.loads(run_cli("sources", "--json").stdout)
    assert row["suggested_boilerplate"] == 8
    assert "suggested" in run_cli("sources").stdout
    with Store(db_path) as store:
        ann = Annotations(store, "ann")
        ann.confirm_suggested_boilerplate([s.id for s in store.sentences("scrape")][:1])
    assert json.loads(run_cli("sources", "--json", "--annotator", "ann").stdout)["suggested_boilerplate"] == 7
