"""A folder holding files ingest cannot read: one line each on stderr saying which and why; exit 0 if anything was read."""

from __future__ import annotations

from web_pages import news_page

from annotator.inputs import plan_inputs, unreadable_reason
from annotator.store import Store


def mixed_folder(tmp_path):
    """Articles of every kind ingest reads, beside files it cannot read."""
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("A plain article.")
    (folder / "a.meta.yaml").write_text("title: A\n")  # a sidecar: read with a.txt, not skipped
    (folder / "b.html").write_text(news_page())
    (folder / "c.csv").write_text("text\nA row article.\n")
    (folder / "report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (folder / "sub" / "notes.docx").write_bytes(b"PK\x03\x04\x00\x00")
    (folder / "sub" / "blob.bin").write_bytes(b"\x00\x01\x02\x03")
    (folder / "sub" / "todo.org").write_text("* a heading\n")
    (folder / "orphan.meta.yaml").write_text("title: nobody\n")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / ".git").mkdir()
    (folder / ".git" / "index").write_bytes(b"DIRC\x00")
    return folder


def test_each_unreadable_file_gets_one_line_and_the_rest_is_ingested(run_cli, tmp_path, db_path):
    folder = mixed_folder(tmp_path)
    result = run_cli("ingest", folder)
    assert result.exit_code == 0, result.stderr
    skipped = [line for line in result.stderr.splitlines() if ": skipped, " in line]
    assert skipped == [
        f"annotator: {folder / 'orphan.meta.yaml'}: skipped, it is a metadata sidecar with no .txt or .md article of "
        "the same name beside it",
        f"annotator: {folder / 'report.pdf'}: skipped, it is a PDF; save the article as .txt or the page as .html",
        f"annotator: {folder / 'sub' / 'blob.bin'}: skipped, it is a binary file (.bin); annotator reads .txt, .md, "
        ".jsonl, .csv, .html and .htm",
        f"annotator: {folder / 'sub' / 'notes.docx'}: skipped, it is a word-processor document; save the article as "
        ".txt or .html",
        f"annotator: {folder / 'sub' / 'todo.org'}: skipped, it is a kind of file annotator does not read (.org); "
        "annotator reads .txt, .md, .jsonl, .csv, .html and .htm",
    ]
    assert "Ingested 3 article(s)" in result.stderr
    with Store(db_path) as store:
        assert store.source_ids() == ["a", "b", "c-2"]
        assert store.source("a")["title"] == "A"


def test_a_folder_of_nothing_readable_exits_2_after_naming_each_file(run_cli, tmp_path, db_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "one.pdf").write_bytes(b"%PDF-1.4")
    (folder / "two.png").write_bytes(b"\x89PNG\r\n")
    result = run_cli("ingest", folder)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"annotator: {folder / 'one.pdf'}: skipped, it is a PDF; save the article as .txt or the page as .html",
        f"annotator: {folder / 'two.png'}: skipped, it is an image, not text",
        "annotator: nothing to ingest: 2 file(s) skipped, none of a kind annotator reads",
    ]
    assert not db_path.exists()


def test_a_file_named_directly_that_cannot_be_read_is_an_error_with_the_reason(run_cli, tmp_path):
    paper = tmp_path / "paper.pdf"
    paper.write_bytes(b"%PDF-1.4")
    result = run_cli("ingest", paper)
    assert result.exit_code == 2
    assert result.stderr == (f"annotator: {paper}: cannot ingest .pdf: it is a PDF; save the article as .txt or the "
                             "page as .html\n")


def test_plan_lists_files_once_in_order_and_urls_and_stdin_as_given(tmp_path):
    folder = mixed_folder(tmp_path)
    plan = plan_inputs([folder, folder / "a.txt", "https://example.com/x", "-", "-"])
    assert plan.names() == [str(folder / name) for name in ("a.txt", "b.html", "c.csv")] + [
        "https://example.com/x", "<stdin>"]


def test_a_broken_symlink_in_a_folder_says_so(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    assert unreadable_reason(link) == "a broken symbolic link"
