"""Gold claim/evidence pairs for the suggestion benchmark: a FEVER sample among distractors, and the seed articles.

Each set is ingested with the real `ingest_articles` into a fresh database; a case is a claim sentence
and the ids of the sentences that are its gold evidence.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from annotator.articles import Article, read_articles
from annotator.ingest import ingest_articles
from annotator.store import Sentence, Store
from bench.corpus import generate_articles

BENCH = Path(__file__).resolve().parent
FEVER_SAMPLE = BENCH / "data-sample" / "fever_symmetric_dev_sample.tsv"
FEVER_NAME = "FEVER-Symmetric v0.2 dev (Schuster et al. 2019), real FEVER claims with their Wikipedia evidence"
FEVER_LICENCE = "CC BY-SA 3.0 (Wikipedia text and FEVER annotations; see bench/data-sample/FEVER_LICENSE.txt)"
CLAIMS_SOURCE = "fever-claims"
EVIDENCE_PER_ARTICLE = 1  # each evidence sentence in an article of its own, amid distractors
DISTRACTORS_PER_ARTICLE = 9
SEEDS = BENCH.parent / "seeds"
A, B = "000_12b36fb51d48fb91", "004_38e05b9625974cc4"
# The lead's gold links on the seeds (annotator "alice"): claim -> [(evidence, relation)].
SEED_GOLD = {
    (A, 0): [(B, 0, "corroborates"), (B, 5, "conflicts")], (A, 1): [(B, 2, "corroborates")],
    (A, 4): [(B, 3, "corroborates")], (A, 5): [(B, 0, "related")], (A, 7): [(B, 1, "corroborates")],
    (A, 9): [(B, 8, "corroborates")], (A, 11): [(B, 4, "corroborates"), (B, 5, "conflicts")],
    (A, 12): [(B, 6, "corroborates")], (A, 14): [(B, 6, "corroborates")], (B, 0): [(A, 0, "corroborates")],
    (B, 2): [(A, 1, "corroborates")], (B, 5): [(A, 11, "conflicts")], (B, 6): [(A, 12, "corroborates")],
}
SEED_BOILERPLATE = [(A, 19)] + [(B, index) for index in range(9, 25)]
PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}", "``": '"', "''": '"'}


@dataclass(frozen=True)
class Case:
    """One claim sentence and the sentence ids that are its gold evidence."""

    claim: Sentence
    gold: frozenset[int]


def detokenize(text: str) -> str:
    """FEVER's Penn-Treebank tokens back to prose: brackets restored, no space before punctuation."""
    text = " ".join(PTB.get(token, token) for token in text.split())
    text = re.sub(r"\s+([,.;:!?%)\]}])", r"\1", text)
    text = re.sub(r"([(\[{])\s+", r"\1", text)
    text = re.sub(r"\s+'s\b", "'s", text)
    return re.sub(r'"\s+(.*?)\s+"', r'"\1"', text)


def load_fever_pairs(path: Path = FEVER_SAMPLE) -> list[tuple[str, str]]:
    """(claim, evidence) pairs of the committed sample, as prose."""
    with path.open(encoding="utf-8", newline="") as file:
        return [(detokenize(row["claim"]), detokenize(row["evidence"])) for row in csv.DictReader(file, delimiter="\t")]


def fever_database(db_path: Path, distractor_seed: int = 3) -> tuple[Store, list[Case], int]:
    """Claims in one source; each distinct evidence sentence in its own article among generated news."""
    pairs = load_fever_pairs()
    evidence = list(dict.fromkeys(e for _, e in pairs))
    generated = generate_articles(len(evidence) * DISTRACTORS_PER_ARTICLE * 2, seed=distractor_seed,
                                  per_article=(DISTRACTORS_PER_ARTICLE, DISTRACTORS_PER_ARTICLE))
    articles = [Article(id=CLAIMS_SOURCE, text="\n".join(c for c, _ in pairs) + "\n", origin="bench")]
    for number, (sentence, distractor) in enumerate(zip(evidence, generated, strict=False)):
        lines = list(distractor.sentences)
        lines.insert(number % (len(lines) + 1), sentence)
        articles.append(Article(id=f"evidence-{number:03d}", text="\n".join(lines) + "\n", origin="bench"))
    for extra in generated:  # as many articles again with no evidence at all
        articles.append(Article(id=f"news-{extra.id}", text=extra.text, origin="bench"))
    store = Store(db_path)
    ingest_articles(store, articles)
    return store, _fever_cases(store, pairs, evidence), len(articles)


def _fever_cases(store: Store, pairs: list[tuple[str, str]], evidence: list[str]) -> list[Case]:
    """Each claim's sentence and the sentences its evidence line was segmented into."""
    claims = _sentences_by_line(store, CLAIMS_SOURCE)
    evidence_ids = {}
    for number, text in enumerate(evidence):
        lines = _sentences_by_line(store, f"evidence-{number:03d}")
        evidence_ids[text] = frozenset(s.id for s in lines[text])
    return [Case(claims[claim][0], evidence_ids[text]) for claim, text in pairs]


def _sentences_by_line(store: Store, source_id: str) -> dict[str, list[Sentence]]:
    """The sentences of a source grouped by the text line they came from."""
    source = store.source(source_id)
    text = source["text"]
    grouped: dict[str, list[Sentence]] = {}
    for sentence in store.sentences(source_id):
        line_start = text.rfind("\n", 0, sentence.start) + 1
        line_end = text.find("\n", sentence.start)
        grouped.setdefault(text[line_start:line_end], []).append(sentence)
    return grouped


def seeds_database(db_path: Path) -> tuple[Store, list[Case]]:
    """The two seed articles with alice's boilerplate flags; the lead's gold links as cases."""
    from annotator.annotations import Annotations

    store = Store(db_path)
    ingest_articles(store, read_articles([SEEDS]))
    Annotations(store, "alice").mark_boilerplate([store.sentence_at(s, i).id for s, i in SEED_BOILERPLATE])
    cases = [Case(store.sentence_at(*claim), frozenset(store.sentence_at(s, i).id for s, i, _ in gold))
             for claim, gold in SEED_GOLD.items()]
    return store, cases
