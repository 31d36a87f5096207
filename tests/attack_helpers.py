"""What the attack rounds share: the two small articles and the check that a refused command left the database alone."""

from __future__ import annotations

import re

from test_adversarial_errors import one_sentence

ESCAPES = "\x1b]0;PWN\x07\x1b[2J\u009b31m\u202e"  # retitle the window, clear the screen, CSI red, reverse what follows
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # what must never reach a terminal raw

SENTENCES = {"a.txt": "The council approved the budget of $5 million on Monday. It was late.\n",
             "b.txt": "The council budget of $5 million was approved Monday.\n"}


def refused_untouched(run_cli, dump_db, db_path, args, *words, code: int = 2) -> str:
    """Run a command that must be refused in one sentence (exit `code`) and leave the database as it was; return the sentence."""
    before = dump_db(db_path)
    message = one_sentence(run_cli(*args), code, *words)
    assert dump_db(db_path) == before
    return message


def passes_no_escape(result) -> None:
    """The command succeeded and neither its output nor its errors hold a raw control or bidi character."""
    assert result.exit_code == 0, result.stderr
    for stream in (result.stdout, result.stderr):
        found = RAW.search(stream)
        assert found is None, repr(stream[max(0, found.start() - 40): found.start() + 40])
