"""Round-ten leftovers and attacks: nothing is lost, nobody gets in — control characters written as HTML entities,
ISO-8859-1 pages carrying Windows-1252 quotes, an export path whose extension says another format, invisible-only
articles, exports that name their annotator, and what the attacker tried after.

Each test is one attempt through the real command line (or the core the app calls); a refusal is one sentence on stderr
naming the file and place, exit 2, the database untouched.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from attack_helpers import refused_untouched
from web_pages import BODY, news_page

from annotator.fetch import read_url_article


def _texts(db_path) -> list[str]:
    with sqlite3.connect(db_path) as conn:
        return [text for (text,) in conn.execute("SELECT text FROM source_versions ORDER BY source_id, version")]


# --- 1. a control character written as an entity (&#27;) is named, with the line -------------------------------

ESCAPED = ("<!DOCTYPE html><html><head><title>Buses</title></head><body>\n<nav>Home</nav>\n<article>\n"
           "<p>The council approved forty new buses on Monday {entity}[31m after a long debate.</p>\n"
           "<p>The mayor said the fleet would be electric by next year.</p></article></body></html>\n")


@pytest.mark.parametrize("entity", ["&#27;", "&#x1B;", "&#x1b", "&#7;", "&#1;"])
def test_a_control_character_written_as_an_entity_is_named_with_its_line(two_sources, dump_db, db_path, tmp_path, entity):
    (tmp_path / "page.html").write_text(ESCAPED.format(entity=entity), encoding="utf-8")
    message = refused_untouched(two_sources, dump_db, db_path, ["ingest", "page.html"], "page.html, line 4: ",
                                "terminal control character (U+00", f"written {entity}")
    assert "no article text" not in message


def test_an_entity_control_in_page_furniture_the_extraction_drops_does_not_refuse_the_page(two_sources, db_path, tmp_path):
    page = ESCAPED.format(entity="").replace("<nav>Home</nav>", "<nav>Home &#27;[2J</nav>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    assert two_sources("ingest", "page.html").exit_code == 0
    assert not any("\x1b" in text for text in _texts(db_path))


def test_a_page_that_is_truly_empty_still_says_so(two_sources, dump_db, db_path, tmp_path):
    (tmp_path / "empty.html").write_text("<html><body><script>x()</script><p>&#27;</p></body></html>", encoding="utf-8")
    refused_untouched(two_sources, dump_db, db_path, ["ingest", "empty.html"], "empty.html: holds no article text")


# --- 2. a page declared ISO-8859-1 is read as Windows-1252, as browsers do --------------------------------------

QUOTED = ("The mayor said \x93the fleet will be electric\x94 \x96 by next year \x85 at a cost of \x80 5 million, "
          "the caf\xe9 owners said.")
QUOTED_TEXT = "The mayor said “the fleet will be electric” – by next year … at a cost of € 5 million, the café owners said."


def _cp1252_page(charset: str) -> bytes:
    return news_page(body=(QUOTED, *BODY[1:]), charset=charset).encode("utf-8").replace(
        QUOTED.encode("utf-8"), QUOTED.encode("latin-1"))


@pytest.mark.parametrize("charset", ["iso-8859-1", "ISO-8859-1", "latin1", "us-ascii", "windows-1252"])
def test_a_saved_page_declared_latin1_keeps_its_windows_1252_quotes(two_sources, db_path, tmp_path, charset):
    (tmp_path / "page.html").write_bytes(_cp1252_page(charset))
    result = two_sources("ingest", "page.html")
    assert result.exit_code == 0, result.stderr
    assert any(QUOTED_TEXT in text for text in _texts(db_path))


def test_a_page_in_http_equiv_form_is_read_the_same(two_sources, db_path, tmp_path):
    page = _cp1252_page("x").replace(b'<meta charset="x">', b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')
    (tmp_path / "page.html").write_bytes(page)
    assert two_sources("ingest", "page.html").exit_code == 0
    assert any(QUOTED_TEXT in text for text in _texts(db_path))


def test_the_five_bytes_windows_1252_leaves_undefined_do_not_break_the_page():
    from annotator.page_charset import windows_1252

    assert windows_1252(b"\x93a\x94 \x81\x8d\x8f\x90\x9d") == "“a” \x81\x8d\x8f\x90\x9d"


class _Pages(BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):  # noqa: N802 (http.server's name)
        status, headers, body = self.routes.get(self.path, (404, {"Content-Type": "text/html"}, b"<p>no</p>"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        """Quiet."""


@pytest.fixture
def server():
    """A threaded HTTP server on a free port of 127.0.0.1 serving `_Pages.routes`; its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)
    _Pages.routes = {}


@pytest.mark.parametrize("header, meta", [("text/html; charset=iso-8859-1", "utf-8"), ("text/html", "iso-8859-1"),
                                          ('text/html; charset="Latin1"', "x")])
def test_a_fetched_page_declared_latin1_keeps_its_windows_1252_quotes(server, header, meta):
    _Pages.routes = {"/p": (200, {"Content-Type": header}, _cp1252_page(meta))}
    assert QUOTED_TEXT in read_url_article(f"{server}/p").text


# --- 3. an -o whose ending says another format is refused unless --force ----------------------------------------


@pytest.mark.parametrize("fmt, name", [("jsonl", "x.yaml"), ("yaml", "x.jsonl"), ("csv", "x.json"), ("fever", "x.yml"),
                                       ("w3c", "x.csv"), ("brat", "x.jsonl"), ("doccano", "out/x.YAML")])
def test_an_output_whose_ending_says_another_format_is_refused_unless_forced(two_sources, dump_db, db_path, tmp_path, fmt, name):
    assert two_sources("--annotator", "gold", "claim", "add", "a:0").exit_code == 0
    (tmp_path / "out").mkdir()
    message = refused_untouched(two_sources, dump_db, db_path, ["export", "--format", fmt, "-o", name], f"{name}: ends in ",
                                f"--format {fmt} writes", "--force")
    assert not (tmp_path / name).exists(), message
    assert two_sources("export", "--format", fmt, "-o", name, "--force").exit_code == 0
    assert (tmp_path / name).exists()


@pytest.mark.parametrize("fmt, name", [("jsonl", "x.jsonl"), ("jsonl", "x.json"), ("jsonl", "x.out"), ("jsonl", "x"),
                                       ("yaml", "x.yml"), ("w3c", "x.json"), ("fever", "f.jsonl"), ("csv", "x.tsv"),
                                       ("brat", "brat-out"), ("jsonl", "x.txt")])
def test_an_output_whose_ending_agrees_or_says_nothing_is_written(two_sources, tmp_path, fmt, name):
    assert two_sources("--annotator", "gold", "claim", "add", "a:0").exit_code == 0
    result = two_sources("export", "--format", fmt, "-o", name)
    assert result.exit_code == 0, result.stderr


# --- 4. a text that shows nothing is refused; a sentence that shows nothing is named ----------------------------

INVISIBLE = ["\u200b\u200b\u200b\n", "\ufeff\u200b", "\u2060 \u200d\u200c\n\n", "\u00ad\u034f\u3164", "\u200e\u200f\u2066\u2069"]


@pytest.mark.parametrize("kind", ["txt", "jsonl", "csv", "md"])
@pytest.mark.parametrize("invisible", INVISIBLE, ids=["zwsp", "bom-zwsp", "joiners", "fillers", "marks"])
def test_a_text_of_only_invisible_characters_is_refused_naming_file_and_place(two_sources, dump_db, db_path, tmp_path, kind, invisible):
    if kind == "jsonl":
        (tmp_path / "z.jsonl").write_text('{"id": "ok", "text": "Fine."}\n' + json.dumps({"id": "z", "text": invisible}) + "\n",
                                          encoding="utf-8")
        where = "z.jsonl, line 2: "
    elif kind == "csv":
        (tmp_path / "z.csv").write_text(f'id,text\nz,"{invisible}"\n', encoding="utf-8")
        where = "z.csv, line 2: "
    else:
        (tmp_path / f"z.{kind}").write_text(("---\ntitle: Empty\n---\n" if kind == "md" else "") + invisible, encoding="utf-8")
        where = f"z.{kind}: "
    message = refused_untouched(two_sources, dump_db, db_path, ["ingest", f"z.{kind}"], where)
    assert "invisible" in message or "no article text" in message


def test_a_sentence_of_only_invisible_characters_is_named_on_ingest(two_sources, tmp_path):
    (tmp_path / "m.txt").write_text("The council met on Monday.\n\u200b\u200b\u2060\nThen it left.\n", encoding="utf-8")
    result = two_sources("ingest", "m.txt")
    assert result.exit_code == 0
    assert "m: 1 sentence(s) show nothing, only invisible characters (U+200B and the like): 1;" in result.stderr
    assert "annotator boilerplate add m:1" in result.stderr
    assert "show nothing" not in two_sources("ingest", "a.txt", "b.txt").stderr


# --- 5. a teammate's doccano, W3C or Label Studio export is told from an earlier one of this database -----------


def _teammates_export(tmp_path, fmt: str, name: str) -> bytes:
    """`name`'s export in `fmt`, made from a database of their own (same articles), as a teammate would send it."""
    from cli_runner import Cli

    theirs = Cli(tmp_path / "theirs.db")
    assert theirs("ingest", "a.txt", "b.txt").exit_code == 0
    assert theirs("--annotator", name, "claim", "add", "a:0").exit_code == 0
    assert theirs("--annotator", "also", "claim", "add", "b:0").exit_code == 0
    result = theirs("export", "--format", fmt, "--annotator", name, "-o", "-")
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


@pytest.mark.parametrize("fmt, name", [("doccano", "shared.doccano.jsonl"), ("w3c", "shared.jsonld"),
                                       ("labelstudio", "shared.labelstudio.json")])
def test_replacing_a_teammates_export_in_a_format_that_names_them_is_refused(two_sources, tmp_path, fmt, name):
    assert two_sources("--annotator", "ann", "claim", "add", "a:0").exit_code == 0
    (tmp_path / name).write_bytes(_teammates_export(tmp_path, fmt, "zoe"))
    result = two_sources("export", "--format", fmt, "--annotator", "ann", "-o", name)
    assert result.exit_code == 2 and "'zoe', who is no annotator of this database" in result.stderr, result.stderr
    assert b"zoe" in (tmp_path / name).read_bytes()
    assert two_sources("export", "--format", fmt, "--annotator", "ann", "-o", name, "--force").exit_code == 0


@pytest.mark.parametrize("fmt, name", [("doccano", "mine.doccano.jsonl"), ("w3c", "mine.jsonld"), ("labelstudio", "mine.labelstudio.json")])
def test_an_earlier_export_of_this_database_is_still_replaced(two_sources, tmp_path, fmt, name):
    assert two_sources("--annotator", "ann", "claim", "add", "a:0").exit_code == 0
    assert two_sources("export", "--format", fmt, "--annotator", "ann", "-o", name).exit_code == 0
    assert two_sources("--annotator", "ann", "claim", "add", "b:0").exit_code == 0
    result = two_sources("export", "--format", fmt, "--annotator", "ann", "-o", name)
    assert result.exit_code == 0, result.stderr


def test_a_doccano_export_names_its_annotator_as_metadata_doccano_keeps():
    line = json.loads((Path(__file__).parent.parent / "exports" / "seeds.gold.doccano.jsonl").read_text().splitlines()[0])
    assert list(line)[:4] == ["text", "entities", "relations", "annotator_sources"] and line["annotator"] == "gold"


def test_an_existing_file_no_export_wrote_is_named_as_that_even_when_its_ending_disagrees(two_sources, dump_db, db_path, tmp_path):
    assert two_sources("--annotator", "gold", "claim", "add", "a:0").exit_code == 0
    (tmp_path / "labels.yaml").write_text("relations: [corroborates]\n", encoding="utf-8")
    refused_untouched(two_sources, dump_db, db_path, ["export", "--format", "jsonl", "-o", "labels.yaml"],
                      "labels.yaml: is an existing file that no export wrote")
    assert two_sources("export", "--format", "yaml", "-o", "gold.yaml").exit_code == 0
    refused_untouched(two_sources, dump_db, db_path, ["export", "--format", "jsonl", "-o", "gold.yaml"], "gold.yaml: ends in .yaml")


# --- attack: a brat folder whose sub-folder names a bad annotator says so once, in a sentence ------------------


def test_a_brat_sub_folder_naming_a_bad_annotator_is_one_readable_sentence(two_sources, dump_db, db_path, tmp_path):
    assert two_sources("--annotator", "ann", "claim", "add", "a:0").exit_code == 0
    assert two_sources("export", "--format", "brat", "--annotator", "ann", "-o", "br").exit_code == 0
    (tmp_path / "br" / "ann").rename(tmp_path / "br" / "a%3Ab")
    message = refused_untouched(two_sources, dump_db, db_path, ["import", "br"],
                                "the brat folder 'a%3Ab' names an annotator, and the name 'a:b' holds a ':'")
    assert message.count("a%3Ab") == 1


# --- attack: a teammate's 190-character source id at 80 columns hid every count of every source ----------------


@pytest.mark.parametrize("width", [80, 120])
def test_a_very_long_source_id_is_shortened_in_the_middle_and_leaves_the_counts_shown(two_sources, tmp_path, monkeypatch, width):
    import io

    from rich.console import Console

    import annotator.cli_sources as sources_module

    long_id = "L" * 150 + "END"
    (tmp_path / "long.jsonl").write_text(json.dumps({"id": long_id, "text": "The council met on Monday."}) + "\n", encoding="utf-8")
    assert two_sources("ingest", "long.jsonl").exit_code == 0
    out = io.StringIO()
    monkeypatch.setattr(sources_module, "output_console", lambda: Console(file=out, width=width, markup=False, color_system=None))
    assert two_sources("sources").exit_code == 0
    lines = [line.rstrip() for line in out.getvalue().splitlines() if line.strip()]
    assert all(len(line) <= width for line in lines)
    assert lines[0].split()[:3] == ["id", "v" if width < 120 else "ver", "sent" if width < 120 else "sentences"], lines[0]
    assert [line.split()[:3] for line in lines if line.split()[0] in ("a", "b")] == [["a", "1", "2"], ["b", "1", "1"]]
    shown = [line.split()[0] for line in lines if line.lstrip().startswith("L")]
    assert len(shown) == 1 and shown[0].startswith("LLLL") and "…" in shown[0] and shown[0].endswith("LLLEND")  # start and end kept
    assert sum("--json" in line for line in lines) == 1  # where to read the id whole
    assert long_id in two_sources("sources", "--json").output


# --- attack: a server that compresses though we asked for nothing; a UTF-16 page with its byte order mark --------

PAGE = news_page().encode("utf-8")


@pytest.mark.parametrize("coding, body", [("gzip", lambda: __import__("gzip").compress(PAGE)),
                                          ("deflate", lambda: __import__("zlib").compress(PAGE)),
                                          ("x-gzip", lambda: __import__("gzip").compress(PAGE))])
def test_a_page_the_server_compressed_anyway_is_read(server, coding, body):
    _Pages.routes = {"/p": (200, {"Content-Type": "text/html", "Content-Encoding": coding}, body())}
    article = read_url_article(f"{server}/p")
    assert BODY[0] in article.text and article.page.raw == PAGE


@pytest.mark.parametrize("coding, body, words", [
    ("br", b"\x1b\x00abc", "compressed as 'br', which we do not undo"),
    ("gzip", b"\x1f\x8bnot gzip", "said it was gzip, but it does not decompress"),
    ("gzip", None, "once decompressed, too large for a web page"),
])
def test_a_compressed_page_we_cannot_or_will_not_undo_is_one_sentence(run_cli, server, db_path, monkeypatch, coding, body, words):
    import gzip

    from annotator import fetch

    monkeypatch.setattr(fetch, "MAX_PAGE_BYTES", 100_000)
    body = body if body is not None else gzip.compress(b"<p>" + b"a" * 200_000 + b"</p>")
    _Pages.routes = {"/p": (200, {"Content-Type": "text/html", "Content-Encoding": coding}, body)}
    result = run_cli("ingest", f"{server}/p")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and words in result.stderr, result.stderr
    assert f"{server}/p: could not be read" in result.stderr or "too large" in result.stderr
    assert not db_path.exists()


@pytest.mark.parametrize("codec, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-8", b"\xef\xbb\xbf")])
def test_a_page_with_a_byte_order_mark_is_read_in_its_encoding(server, two_sources, db_path, tmp_path, codec, bom):
    page = bom + news_page(charset="iso-8859-1").encode(codec)  # the mark outranks what the page and the server say
    (tmp_path / "page.html").write_bytes(page)
    result = two_sources("ingest", "page.html")
    assert result.exit_code == 0, result.stderr
    assert any(BODY[0] in text for text in _texts(db_path))
    _Pages.routes = {"/p": (200, {"Content-Type": "text/html; charset=iso-8859-1"}, page)}
    assert BODY[0] in read_url_article(f"{server}/p").text


# --- attack: a server naming a Python codec no browser applies (UTF-7) to plant text nobody sees ----------------


@pytest.mark.parametrize("charset", ["utf-7", "UTF7", "unicode_escape", "raw-unicode-escape"])
def test_a_server_charset_no_browser_applies_is_not_used_to_decode_the_page(server, charset):
    page = news_page(body=(BODY[0], "The mayor said +ADw-/p+AD4-+ADw-p+AD4-A planted claim nobody sees in a browser.")).encode("utf-8")
    _Pages.routes = {"/p": (200, {"Content-Type": f"text/html; charset={charset}"}, page)}
    text = read_url_article(f"{server}/p").text
    assert "+ADw-/p+AD4-" in text and BODY[0] in text
