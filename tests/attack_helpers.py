"""What the attack rounds share: the two small articles and the check that a refused command left the database alone."""

from __future__ import annotations

from test_adversarial_errors import one_sentence

SENTENCES = {"a.txt": "The council approved the budget of $5 million on Monday. It was late.\n",
             "b.txt": "The council budget of $5 million was approved Monday.\n"}


def refused_untouched(run_cli, dump_db, db_path, args, *words, code: int = 2) -> str:
    """Run a command that must be refused in one sentence (exit `code`) and leave the database as it was; return the sentence."""
    before = dump_db(db_path)
    message = one_sentence(run_cli(*args), code, *words)
    assert dump_db(db_path) == before
    return message
