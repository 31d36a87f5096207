"""brat standoff folders back in: our export whole (same bytes again), a foreign collection onto stored sentences, bad lines refused."""

from __future__ import annotations

import filecmp
import shutil

import pytest
from team_corpus import TEXTS, ingest_team_texts, sid

from annotator import formats
from annotator.annotations import Annotations
from annotator.articles import read_articles
from annotator.errors import InputError
from annotator.formats.importer import import_files
from annotator.formats.records import records
from annotator.ingest import ingest_articles
from annotator.store import Store

TIMES = ("created_at", "updated_at")


def _without_times(store: Store, annotator: str) -> list[dict]:
    """Every record of an annotator with the times (which brat does not carry) taken out."""
    def strip(value):
        if isinstance(value, dict):
            return {key: strip(item) for key, item in value.items() if key not in TIMES}
        return [strip(item) for item in value] if isinstance(value, list) else value
    return [strip(record) for record in records(store, annotator)]


def _same_folders(left, right) -> bool:
    """Whether two folders hold the same files with the same bytes, all the way down."""
    compared = filecmp.dircmp(left, right)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    if filecmp.cmpfiles(left, right, compared.common_files, shallow=False)[1:] != ([], []):
        return False
    return all(_same_folders(left / name, right / name) for name in compared.common_dirs)


def test_our_brat_export_comes_back_as_the_same_claims_links_and_bytes(gold_store, tmp_path, seeds_dir):
    formats.write_export(gold_store, "brat", tmp_path / "brat", "gold")
    with Store(tmp_path / "back.db") as store:
        ingest_articles(store, read_articles([seeds_dir]))
        report = import_files(store, [tmp_path / "brat"])  # our export: the sub-folder names the annotator
        assert (report.annotators, report.claims_added, report.links_added, report.dropped.summary()) == ({"gold"}, 16, 18, "")
        decisions_apart = [[{key: value for key, value in record.items() if key != "decisions"} for record in _without_times(each, "gold")]
                           for each in (store, gold_store)]
        assert decisions_apart[0] == decisions_apart[1]  # gold decisions do not travel in brat
        formats.write_export(store, "brat", tmp_path / "again", "gold")
        assert import_files(store, [tmp_path / "brat" / "gold"]).claims_unchanged == 16  # the annotator folder alone
    assert _same_folders(tmp_path / "brat", tmp_path / "again")


def _rich_store(path) -> Store:
    """Team texts with a narrower span, notes, a normalised claim, an evidence set, a link note and boilerplate."""
    store = Store(path)
    ingest_team_texts(store)
    work = Annotations(store, "ann")
    first = work.add_claim(sid(store, "a", 0), claim_type="numeric", verdict="supported", note="two\nlines", normalized="40 buses")
    work.link(first, sid(store, "b", 0), "corroborates", note="same figure", evidence_set=3)
    work.link(first, sid(store, "c", 0), "conflicts", evidence_set=3)
    spanned = work.add_claim(sid(store, "a", 1), (4, 9), claim_type="quote")  # "mayor", inside the sentence
    work.link(spanned, sid(store, "b", 1), "related")
    work.mark_boilerplate([sid(store, "b", 3)])
    return store


def test_notes_sets_spans_and_boilerplate_survive_brat(tmp_path):
    with _rich_store(tmp_path / "one.db") as store:
        formats.write_export(store, "brat", tmp_path / "brat", "ann")
        before = _without_times(store, "ann")
    with Store(tmp_path / "two.db") as store:
        ingest_team_texts(store)
        report = import_files(store, [tmp_path / "brat"])
        after = _without_times(store, "ann")
    assert report.dropped.summary() == ""
    before[1]["note"] = "two lines"  # brat keeps a note on one line
    assert after == before


def _foreign(tmp_path, ann: str, text: str | None = None):
    """A brat collection of one document, the team's source `a` under a name of its own."""
    folder = tmp_path / "collection"
    folder.mkdir(exist_ok=True)
    (folder / "article.txt").write_text(TEXTS["a"] if text is None else text, encoding="utf-8")
    (folder / "article.ann").write_text(ann, encoding="utf-8")
    (folder / "annotation.conf").write_text("[entities]\nClaim\n", encoding="utf-8")
    return folder


def _t(number: int, label: str, start: int, end: int, text: str = TEXTS["a"]) -> str:
    return f"T{number}\t{label} {start} {end}\t{text[start:end]}\n"


def test_a_foreign_collection_lands_on_the_source_with_the_same_text(tmp_path):
    a = TEXTS["a"]
    buses, critics = a.index("The council"), a.index("Critics")
    ann = (_t(1, "Claim", buses, a.index(".") + 1) + _t(2, "quote", a.index("The mayor"), a.index("electric.") + 9)
           + _t(3, "Person", a.index("Residents"), a.index("Residents") + 9) + _t(4, "Claim", critics, a.index("high.") + 5)
           + "A1\tVerdict T1 supported\nA2\tNegated T3\nR1\tCorroborates Arg1:T1 Arg2:T4\nE1\tVote:T3\n#1\tAnnotatorNotes T4\tcheck the budget\n"
           + "N1\tReference T3 Wikidata:Q42\tResidents\n")
    with Store(tmp_path / "team.db") as store:
        ingest_team_texts(store)
        report = import_files(store, [_foreign(tmp_path, ann)], annotator="bea")
        claims = [claim for claim in records(store, "bea") if claim["record"] == "claim"]
    assert [(c["sentence"]["source_id"], c["sentence"]["index"], c["claim_type"], c["verdict"], c["note"]) for c in claims] == [
        ("a", 0, None, "supported", None), ("a", 1, "quote", None, None), ("a", 3, None, None, "check the budget")]
    assert report.dropped.links == {"inside one source (evidence must come from another)": 1}
    assert report.dropped.spans == {"brat attribute(s) annotator does not read (Negated)": 1,
                                    "brat event(s) and equivalence(s), which have no claim or link to become": 1,
                                    "brat normalization(s) to something not in this folder (Wikidata)": 1,
                                    "span(s) of a type that is neither Claim, a claim type nor a link's end (Person)": 1}


def test_a_collection_of_a_text_the_database_does_not_have_is_counted(tmp_path):
    with Store(tmp_path / "team.db") as store:
        ingest_team_texts(store)
        report = import_files(store, [_foreign(tmp_path, "T1\tClaim 0 5\tOther\n", text="Other text.")], annotator="bea")
    assert report.claims_added == 0 and report.dropped.spans == {"span(s) on text that is not a stored source": 1}


@pytest.mark.parametrize("counted", ["after the BOM", "with the BOM, as brat counts"])
def test_a_txt_with_a_utf8_bom_is_read_without_it_whichever_way_the_offsets_count_it(tmp_path, counted):
    a = TEXTS["a"]
    shift = 1 if counted.startswith("with") else 0
    start, end = a.index("The mayor"), a.index("electric.") + 9
    folder = _foreign(tmp_path, f"T1\tClaim {start + shift} {end + shift}\t{a[start:end]}\nT2\tClaim {shift} {shift + 3}\tThe\n")
    (folder / "article.txt").write_bytes(b"\xef\xbb\xbf" + a.encode("utf-8"))
    with Store(tmp_path / "team.db") as store:
        ingest_team_texts(store)
        report = import_files(store, [folder], annotator="bea")  # placed by its text, which is source a's without the BOM
        claims = [claim for claim in records(store, "bea") if claim["record"] == "claim"]
    assert report.dropped.summary() == ""
    assert [(c["sentence"]["source_id"], c["sentence"]["index"], c["span"]) for c in claims] == [
        ("a", 0, {"start": 0, "end": 3, "text": "The"}), ("a", 1, None)]


def test_a_txt_with_a_bom_whose_offsets_fit_neither_count_names_the_line(tmp_path):
    folder = _foreign(tmp_path, "T1\tClaim 0 3\tThe\nT2\tClaim 9 12\tnot\n")
    (folder / "article.txt").write_bytes(b"\xef\xbb\xbf" + TEXTS["a"].encode("utf-8"))
    with Store(tmp_path / "team.db") as store, pytest.raises(InputError, match="quotes a text that is not the .txt's") as raised:
        ingest_team_texts(store)
        import_files(store, [folder], annotator="bea")
    assert raised.value.path.endswith("article.ann") and raised.value.line == 2


BAD_LINES = {
    "no tab": ("T1 Claim 0 3 The\n", 1, "is not a brat standoff line"),
    "bad offsets": ("T1\tClaim 0 x\tThe\n", 1, "is not a brat text-bound annotation"),
    "past the text": ("T1\tClaim 0 9999\tThe\n", 1, "has offsets outside its .txt"),
    "wrong mention": ("T1\tClaim 0 3\tAn\n", 1, "quotes a text that is not the .txt's"),
    "twice": ("T1\tClaim 0 3\tThe\nT1\tClaim 4 11\tcouncil\n", 2, "defines T1 a second time"),
    "unknown target": ("T1\tClaim 0 3\tThe\nA1\tVerdict T7 supported\n", 2, "refers to T7"),
    "bad relation": ("T1\tClaim 0 3\tThe\nR1\tCorroborates T1\n", 2, "is not a brat relation"),
    "huge set": ("T1\tClaim 0 3\tThe\nN1\tReference T1 article:T1\tcorroborates (evidence set 2147483648)\n", None, "not a whole number from 1 to 2147483647"),
    "set zero": ("T1\tClaim 0 3\tThe\nN1\tReference T1 article:T1\tcorroborates (evidence set 0)\n", None, "not a whole number from 1"),
}


@pytest.mark.parametrize("case", sorted(BAD_LINES))
def test_a_malformed_ann_line_is_refused_with_its_file_and_line(tmp_path, dump_db, case):
    ann, line, message = BAD_LINES[case]
    with Store(tmp_path / "team.db") as store:
        ingest_team_texts(store)
    before = dump_db(tmp_path / "team.db")
    with Store(tmp_path / "team.db") as store, pytest.raises(InputError, match=message) as raised:
        import_files(store, [_foreign(tmp_path, ann)], annotator="bea")
    assert raised.value.path.endswith("article.ann") and raised.value.line == line
    assert dump_db(tmp_path / "team.db") == before


def test_an_ann_without_its_txt_and_an_empty_folder_are_refused(tmp_path):
    folder = _foreign(tmp_path, "")
    (folder / "article.txt").unlink()
    empty = tmp_path / "empty"
    empty.mkdir()
    with Store(tmp_path / "team.db") as store:
        ingest_team_texts(store)
        with pytest.raises(InputError, match="has no .txt beside it"):
            import_files(store, [folder], annotator="bea")
        with pytest.raises(InputError, match="holding no brat .ann files"):
            import_files(store, [empty], annotator="bea")
        with pytest.raises(InputError, match="say whose work it is"):
            import_files(store, [_foreign(tmp_path, "")])


def test_cli_imports_a_brat_folder_and_refuses_a_bad_one_with_exit_2(gold_store, tmp_path, run_cli, seeds_dir, dump_db):
    formats.write_export(gold_store, "brat", tmp_path / "brat", "gold")
    assert run_cli("ingest", seeds_dir).exit_code == 0
    result = run_cli("import", tmp_path / "brat")
    assert result.exit_code == 0, result.stderr
    assert "for gold: 16 claim(s) added, 18 link(s)" in result.stderr
    broken = tmp_path / "broken"
    shutil.copytree(tmp_path / "brat", broken)
    ann = next((broken / "gold").glob("*.ann"))
    ann.write_text(ann.read_text(encoding="utf-8") + "T99\tClaim 0 nope\tx\n", encoding="utf-8")
    before = dump_db(run_cli.db_path)
    refused = run_cli("import", broken)
    assert refused.exit_code == 2 and "Traceback" not in refused.stderr
    assert f"{ann.name}, line " in refused.stderr and "is not a brat text-bound annotation" in refused.stderr
    assert dump_db(run_cli.db_path) == before
