"""What the app says when a claim goes: the words, the place and every label lost with it (`u` brings them back)."""

from __future__ import annotations

from annotator.annotation_store import Claim

QUOTE_CHARACTERS = 40  # a span claim's words are quoted up to this many characters


def unmarked_notice(claim: Claim, source_id: str, index: int, sentence_text: str, links: int = 0) -> str:
    """One sentence naming the unmarked claim, what it carried (type, verdict, rewrite, note, links) and the undo key.

    `c` pressed twice unmarks a claim it has just marked; without this the only sign was the row mark going away.
    """
    what = "the claim"
    if claim.span is not None:
        words = " ".join(claim.quoted(sentence_text).split())
        if len(words) > QUOTE_CHARACTERS:
            words = words[: QUOTE_CHARACTERS - 1].rstrip() + "…"
        what = f"the claim “{words}”"
    carried = []
    if claim.claim_type:
        carried.append(f"type {claim.claim_type}")
    if claim.verdict:
        carried.append(f"verdict {claim.verdict}")
    if claim.normalized:
        carried.append("its rewrite")
    if claim.note:
        carried.append("its note")
    if links:
        carried.append(f"{links} link(s)")
    lost = f" with {', '.join(carried)}" if carried else ""
    return f"Unmarked {what} on {source_id}:{index}{lost}; u undoes."
