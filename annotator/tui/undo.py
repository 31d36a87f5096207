"""Undo and redo from a screen: run one step through the app's writes, redraw, and say what happened (and where)."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from annotator.actions import Replayed
from annotator.annotation_store import sentence_by_id
from annotator.annotations import Annotations
from annotator.cell_fit import cells, cut
from annotator.store import Sentence, Store
from annotator.terminal_text import printable


def replay_step(screen: Screen, operation: Callable[[Annotations], str | None], verb: str, nothing: str,
                redraw: Callable[[], None]) -> None:
    """Undo or redo one action; a refusal (rows changed since) or a held lock is reported, never a crash."""

    def done(action: str | None) -> None:
        redraw()
        screen.app.notify(f"{verb}: {action}." if action else nothing, timeout=2)

    screen.app.writes.run("undo" if verb == "Undid" else "redo", operation, done)


def replay_and_show(screen: Screen, backwards: bool, show: Callable[[Replayed, Sentence | None], None]) -> None:
    """Undo or redo one action, let the screen `show` where it landed, and name the place in the notice."""
    verb = "Undid" if backwards else "Redid"

    def done(step: Replayed | None) -> None:
        if step is None:
            screen.app.notify(f"Nothing to {'undo' if backwards else 'redo'}.", timeout=2)
            return
        sentence = replayed_sentence(screen.app.store, step)
        show(step, sentence)
        evidence = [sentence_by_id(screen.app.store, i) for i in step.sentence_ids[1:]] if "link" in step.action else []
        screen.app.notify(replayed_notice(verb, step, sentence, [e for e in evidence if e is not None],
                                          screen.app.size.width - NOTICE_FRAME), timeout=4)

    screen.app.writes.run("undo" if backwards else "redo", lambda a: a.replay(backwards), done)


def replayed_sentence(store: Store, step: Replayed) -> Sentence | None:
    """The sentence to show after an undo or redo: the first one it changed that still exists."""
    return next((s for s in (sentence_by_id(store, i) for i in step.sentence_ids) if s is not None), None)


EVIDENCE_NAMED = 2  # a link action's evidence sentences named in its notice; more are counted
QUOTED_AT_MOST, QUOTED_AT_LEAST = 61, 12  # cells of the sentence's words a notice quotes (60 and the ellipsis)
NOTICE_FRAME = 3  # cells a notice's border and padding take from its line (77 of 80 are its own)


def replayed_notice(verb: str, step: Replayed, sentence: Sentence | None, evidence: list[Sentence] = (),
                    width: int = 0) -> str:
    """`Undid: edit claim verdict — 004_ab:12 “North Korea sent…”` (or the source, for a done mark).

    For a link, `evidence` names the sentences it linked: `Undid: link related — a:5 “…” → b:2`; with three links
    on the claim, the claim's sentence alone did not say which one went. With `width` (the cells a notice has on one
    line), the sentence's words are cut to fit it (at 80 columns 60 of them made the notice two lines, over the title
    bar and the article's title for four seconds); with no room for QUOTED_AT_LEAST cells, the place alone.
    """
    named = ""
    if evidence:
        named = ", ".join(f"{printable(e.source_id)}:{e.index}" for e in evidence[:EVIDENCE_NAMED])
        more = f" and {len(evidence) - EVIDENCE_NAMED} more" if len(evidence) > EVIDENCE_NAMED else ""
        named = f" → {named}{more}"
    if sentence is not None:
        words = " ".join(printable(sentence.text).split())
        place_text = f" — {sentence.source_id}:{sentence.index} "
        room = min(QUOTED_AT_MOST, width - cells(f"{verb}: {step.action}{place_text}“”{named}.")) if width else QUOTED_AT_MOST
        where = f"{place_text}“{cut(words, room)}”" if room >= QUOTED_AT_LEAST else place_text.rstrip()
    elif step.source_ids:
        where = " — " + ", ".join(printable(source_id) for source_id in step.source_ids)
    else:
        where = ""
    return f"{verb}: {step.action}{where}{named}."
