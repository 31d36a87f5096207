"""The sentence-boundary gold set (GUM news) and the scores a segmenter gets on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SAMPLE = Path(__file__).parent / "data-sample" / "gum_news.txt"
NAME = "GUM (Georgetown University Multilayer corpus), news genre: Wikinews articles"
LICENCE = "text CC BY 2.5 (Wikinews), annotations CC BY 4.0"

Spans = list[tuple[int, int]]
Segmenter = Callable[[str], Spans]


@dataclass(frozen=True)
class GoldDocument:
    """One document's text and its gold sentence spans (code point offsets, no surrounding whitespace)."""

    id: str
    text: str
    spans: tuple[tuple[int, int], ...]


@dataclass
class Score:
    """Boundary precision/recall/F1 and exact sentence matches, summed over documents."""

    true_boundaries: int = 0
    predicted_boundaries: int = 0
    correct_boundaries: int = 0
    gold_sentences: int = 0
    exact_sentences: int = 0

    @property
    def precision(self) -> float:
        return self.correct_boundaries / self.predicted_boundaries if self.predicted_boundaries else 0.0

    @property
    def recall(self) -> float:
        return self.correct_boundaries / self.true_boundaries if self.true_boundaries else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def exact(self) -> float:
        return self.exact_sentences / self.gold_sentences if self.gold_sentences else 0.0


def load_documents(path: Path = SAMPLE, paragraph_separator: str = "\n") -> list[GoldDocument]:
    """Read the gold file; sentences join with a space, paragraphs with `paragraph_separator`."""
    documents, current_id, paragraphs = [], None, [[]]
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("## doc "):
            if current_id:
                documents.append(_document(current_id, paragraphs, paragraph_separator))
            current_id, paragraphs = line.split()[2], [[]]
        elif line.startswith("#") and current_id is None:
            continue
        elif not line.strip():
            if paragraphs[-1]:
                paragraphs.append([])
        else:
            paragraphs[-1].append(line.strip())
    if current_id:
        documents.append(_document(current_id, paragraphs, paragraph_separator))
    return documents


def _document(doc_id: str, paragraphs: list[list[str]], separator: str) -> GoldDocument:
    """Lay the sentences out as text and remember where each one sits."""
    text, spans = "", []
    for paragraph in (p for p in paragraphs if p):
        if text:
            text += separator
        for number, sentence in enumerate(paragraph):
            if number:
                text += " "
            spans.append((len(text), len(text) + len(sentence)))
            text += sentence
    return GoldDocument(doc_id, text, tuple(spans))


def trimmed(text: str, spans: Spans) -> Spans:
    """Spans without leading or trailing whitespace, empty ones dropped, so every segmenter is scored alike."""
    result = []
    for start, end in spans:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            left = start + len(piece) - len(piece.lstrip())
            result.append((left, left + len(stripped)))
    return result


def score(segment: Segmenter, documents: list[GoldDocument]) -> Score:
    """Run the segmenter on each document and count boundaries (sentence ends before the last) and exact spans."""
    total = Score()
    for document in documents:
        predicted = trimmed(document.text, segment(document.text))
        gold_ends = {end for _, end in document.spans[:-1]}
        predicted_ends = {end for _, end in predicted[:-1]}
        total.true_boundaries += len(gold_ends)
        total.predicted_boundaries += len(predicted_ends)
        total.correct_boundaries += len(gold_ends & predicted_ends)
        total.gold_sentences += len(document.spans)
        total.exact_sentences += len(set(document.spans) & set(predicted))
    return total


def errors(segment: Segmenter, document: GoldDocument) -> list[tuple[str, str]]:
    """Missed and false boundaries with some context, for looking at what a segmenter gets wrong."""
    predicted = trimmed(document.text, segment(document.text))
    gold_ends = {end for _, end in document.spans[:-1]}
    predicted_ends = {end for _, end in predicted[:-1]}
    found = [("missed", end) for end in gold_ends - predicted_ends] + [("false", end) for end in predicted_ends - gold_ends]
    return [(kind, document.text[max(0, end - 50) : end] + " | " + document.text[end : end + 30]) for kind, end in sorted(found, key=lambda x: x[1])]
