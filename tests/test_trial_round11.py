"""Round 11's trial: what `agree` says when two annotators worked on a source nobody marked done, and the unmark notice."""

from __future__ import annotations

from team_corpus import annotate, ingest_team_texts

from annotator.agreement_report import agreement_report
from annotator.annotation_store import Claim
from annotator.claim_notices import unmarked_notice
from annotator.coverage import set_done


def test_agree_points_at_done_when_two_annotators_worked_on_a_source_nobody_marked_done(store, run_cli):
    ingest_team_texts(store)
    annotate(store, "alice", {("a", 0): ("numeric", None)})
    annotate(store, "bob", {("a", 0): ("numeric", None), ("b", 1): (None, None)})
    report = agreement_report(store)
    assert report.shared_sources == 0 and report.not_shared == ("a",)  # b holds bob's work alone
    out = run_cli("agree").stdout
    assert "1 source(s) hold claims by two or more of them but are not marked done by two (a)" in out
    assert "annotator done SOURCE_ID" in out and "--include-partial" in out
    assert "import a teammate's export" not in out  # the old advice: both things were done already


def test_agree_keeps_the_import_advice_when_nobody_shares_a_source(store, run_cli):
    ingest_team_texts(store)
    annotate(store, "alice", {("a", 0): ("numeric", None)})
    annotate(store, "bob", {("b", 0): ("numeric", None)})
    assert agreement_report(store).not_shared == ()
    assert "import a teammate's export or annotate under another --annotator" in run_cli("agree").stdout


def test_a_source_done_by_both_is_compared_and_not_listed(store):
    ingest_team_texts(store)
    annotate(store, "alice", {("a", 0): ("numeric", None)}, read=("a",))
    annotate(store, "bob", {("a", 0): ("numeric", None)})
    assert agreement_report(store).not_shared == ("a",)
    set_done(store, "bob", ["a"])
    report = agreement_report(store)
    assert report.shared_sources == 1 and report.not_shared == ()


def test_unmarked_notice_names_the_place_the_words_and_what_went_with_it():
    text = "Interior Minister Aftab Ahmed Sherpao says that Muzaffarabad was 70 percent destroyed."
    whole = Claim(1, 9, "ana", None, claim_type="event", verdict="supported", note="n")
    assert unmarked_notice(whole, "usaid", 6, text) == (
        "Unmarked the claim on usaid:6 with type event, verdict supported, its note; u undoes.")
    span = Claim(2, 9, "ana", (48, 85), normalized="rewrite")
    assert unmarked_notice(span, "voa", 4, text, links=2) == (
        "Unmarked the claim “Muzaffarabad was 70 percent destroyed” on voa:4 with its rewrite, 2 link(s); u undoes.")
    bare = Claim(3, 9, "ana", (0, len(text)))
    assert unmarked_notice(bare, "voa", 4, text) == (
        "Unmarked the claim “Interior Minister Aftab Ahmed Sherpao s…” on voa:4; u undoes.")


def test_heading_cuts_the_outlet_first_so_the_date_and_count_stay():
    from annotator.cell_fit import cells, heading

    outlet = "USAID (Office of U.S. Foreign Disaster Assistance)"
    tail = "  (29 sentences)"
    assert heading("usaid-fact-sheet-4", outlet, "2005-10-11", tail, 0) == (
        "usaid-fact-sheet-4 · USAID (Office of U.S. Foreign Disaster Assistance) · 2005-10-11  (29 sentences)")
    at_78 = heading("usaid-fact-sheet-4", outlet, "2005-10-11", tail, 78)
    assert at_78 == "usaid-fact-sheet-4 · USAID (Office of U.S. Forei… · 2005-10-11  (29 sentences)" and cells(at_78) == 78
    assert heading("usaid-fact-sheet-4", outlet, "2005-10-11", tail, 50) == "usaid-fact-sheet-4 · 2005-10-11  (29 sentences)"
    at_38 = heading("usaid-fact-sheet-4", outlet, "2005-10-11", tail, 38)
    assert at_38.endswith(" · 2005-10-11  (29 sentences)") and cells(at_38) <= 38 and "…" in at_38
    assert heading("a", None, None, "  (3 sentences)", 10) == "a  (3 sentences)"  # nothing to cut: as it was
    assert heading("a", "巴士新聞社", "2024-01-02", "", 27) == "a · 巴士新聞社 · 2024-01-02"  # wide characters count two cells
    assert heading("a", "巴士新聞社", "2024-01-02", "", 26) == "a · 巴士新聞… · 2024-01-02"
