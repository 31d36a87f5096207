"""Deterministic news-like articles for benchmarks: abbreviations, quotes, numbers, one paragraph per line."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["GeneratedArticle", "generate_articles", "generate_text"]


def _choices(block: str) -> list[str]:
    """A `|`-separated list that may wrap over lines."""
    return [item.strip() for item in block.split("|")]


FIRST = """James Maria Robert Linda David Aisha Wei Carlos Priya Olga Kwame Sofia Daniel Fatima Thomas Elena Hiroshi
Grace Ahmed Ingrid Samuel Nadia Pedro Chloe Rajesh Miriam Victor Hannah Omar Julia""".split()
LAST = """Smith Okafor Nguyen Garcia Patel Kowalski Haddad Johansson O'Brien Moreau Tanaka Silva Mensah Rossi Fischer
Ivanova Cohen Adeyemi Larsen Dubois Castillo Novak Hughes Mbeki Romero Schmidt Yilmaz Walsh Bauer Kim""".split()
TITLES = "Mr. Ms. Mrs. Dr. Prof. Sen. Rep. Gov. Gen. Lt. Col. Sgt. Det. Rev.".split()
ROLES = """spokesperson analyst economist minister senator mayor researcher director lawyer prosecutor
professor commissioner""".split()
ORGS = _choices("""the U.S. Department of Energy|the European Central Bank|Acme Corp.|Northwind Inc.|the World Health Organization
|the U.N. Security Council|Globex Ltd.|the Federal Reserve|the city council|St. Mary's Hospital|the Ministry of Finance
|Contoso Holdings Co.|the U.K. Treasury|Initech LLC|the International Monetary Fund""")
PLACES = _choices("""Washington|Brussels|Lagos|Mumbai|Sao Paulo|Toronto|Nairobi|Jakarta|Berlin|Mexico City|Ft. Worth|St. Louis
|Mt. Pleasant|Sydney|Seoul|Cairo""")
STATES = "Calif. Tex. Fla. N.Y. Ill. Pa. Ohio Mich. Ga. Wash. Mass. Ariz.".split()
MONTHS = "Jan. Feb. March April May June July Aug. Sept. Oct. Nov. Dec.".split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
TOPICS = _choices("""the budget|the proposal|the merger|the new rules|the inquiry|the vaccine programme|the ceasefire|the strike
|the tariff plan|the election results|the audit|the flood defences|the rate decision|the pipeline|the trial""")
VERBS = """approve|reject|delay|review|expand|suspend|fund|investigate|challenge|revise""".split("|")
NOUNS = """costs|jobs|prices|emissions|exports|cases|voters|patients|deliveries|rents|wages|loans""".split("|")
CHANGE = "rose|fell|climbed|dropped|jumped|slipped|increased|declined".split("|")
QUOTES = _choices("""We will not accept this|This is a turning point for the region|The numbers speak for themselves
|Nobody expected it to happen this quickly|We are still reviewing the documents|It was the right decision at the time
|Families deserve answers|There is no evidence of wrongdoing|We have been warning about this for years""")
QUESTIONS = _choices("""Who is going to pay for it|Why did nobody act sooner|What happens to the workers now
|How can anyone trust these figures""")


@dataclass(frozen=True)
class GeneratedArticle:
    """One generated article: its text and the sentences it was built from, in order."""

    id: str
    title: str
    outlet: str
    published: str
    text: str
    sentences: tuple[str, ...]


class _Writer:
    """Fills sentence templates from one seeded random source."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def pick(self, words: list[str]) -> str:
        return words[self.rng.randrange(len(words))]

    def name(self) -> str:
        r = self.rng.random()
        if r < 0.25:
            return f"{self.pick(FIRST)} {self.pick(FIRST)[0]}. {self.pick(LAST)}"
        if r < 0.4:
            return f"{self.pick(TITLES)} {self.pick(LAST)}"
        return f"{self.pick(FIRST)} {self.pick(LAST)}"

    def date(self) -> str:
        return f"{self.pick(MONTHS)} {self.rng.randint(1, 28)}"

    def amount(self) -> str:
        if self.rng.random() < 0.5:
            return f"${self.rng.randint(1, 99)}.{self.rng.randint(0, 9)} billion"
        return f"{self.rng.randint(1, 40)}.{self.rng.randint(0, 9)} percent"

    def count(self) -> str:
        return f"{self.rng.randint(1000, 99999):,}"

    def sentences(self) -> tuple[str, ...]:
        """One template's sentences: usually one, two where a quotation stands alone."""
        filled = self.rng.choice(_TEMPLATES)(self)
        return filled if isinstance(filled, tuple) else (filled,)


_TEMPLATES = [
    lambda w: f"{w.name()}, {_a(w.pick(ROLES))} at {w.pick(ORGS)}, said on {w.pick(DAYS)} that {w.pick(TOPICS)} would be "
    f"put to a vote by {w.date()}.",
    lambda w: f"\"{w.pick(QUOTES)},\" {w.name()} told reporters in {w.pick(PLACES)}.",
    lambda w: (f"\"{w.pick(QUOTES)}.\"", f"{w.name()} said the {w.pick(ROLES)}s had met twice since {w.date()}."),
    lambda w: f"{w.pick(NOUNS).capitalize()} {w.pick(CHANGE)} {w.amount()} in the third quarter, according to "
    f"{_end(w.pick(ORGS))}",
    lambda w: f"The vote is scheduled for {w.rng.randint(1, 11)} a.m. ET on {w.pick(DAYS)}, officials said.",
    lambda w: f"Officials in {w.pick(PLACES)}, {w.pick(STATES)} expect to {w.pick(VERBS)} {w.pick(TOPICS)} before "
    f"{w.date()}.",
    lambda w: f"\"{w.pick(QUESTIONS)}?\" asked {w.name()}, who leads a group of {w.rng.randint(12, 900)} residents.",
    lambda w: f"The company, which employs about {w.count()} people in the U.S. and Canada, declined to comment.",
    lambda w: f"Shares of {w.pick(ORGS)} {w.pick(CHANGE)} {w.rng.randint(1, 19)}.{w.rng.randint(0, 99):02d} percent "
    f"to ${w.rng.randint(5, 400)}.{w.rng.randint(0, 99):02d} in early trading.",
    lambda w: f"In a statement, {w.pick(ORGS)} said it would {w.pick(VERBS)} {w.pick(TOPICS)} \"as soon as "
    f"possible.\"",
    lambda w: f"{w.name()} (R-{w.pick(STATES)}) and {w.name()} (D-{w.pick(STATES)}) wrote to the agency on {w.date()}, "
    f"asking it to {w.pick(VERBS)} the plan.",
    lambda w: f"It was not clear whether {w.pick(TOPICS)} would survive a legal challenge.",
    lambda w: f"The report, published {w.pick(DAYS)}, found that {w.pick(NOUNS)} had {w.pick(CHANGE)} by "
    f"{w.amount()} since {w.rng.randint(1990, 2023)}.",
    lambda w: f"Asked about {w.pick(TOPICS)}, {w.name()} said: \"{w.pick(QUOTES)}.\"",
    lambda w: "Why does it matter?",
    lambda w: f"The hearing in {w.pick(PLACES)} ended shortly after {w.rng.randint(1, 11)} p.m. on {w.pick(DAYS)}.",
    lambda w: f"{w.pick(TITLES)} {w.pick(LAST)} has led the inquiry since {w.pick(MONTHS)} {w.rng.randint(1990, 2023)}, "
    f"when her predecessor, {w.name()}, stepped down.",
    lambda w: f"About {w.rng.randint(2, 98)}% of those surveyed said {w.pick(TOPICS)} was \"very important\" to them.",
    lambda w: f"The figures cover {w.rng.randint(3, 60)} countries, including the U.K., France and Japan.",
    lambda w: f"Critics say the plan would {w.pick(VERBS)} {w.pick(NOUNS)} for years; supporters disagree.",
]


def _a(noun: str) -> str:
    """The noun with its indefinite article."""
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _end(phrase: str) -> str:
    """Close a sentence that ends on `phrase`; an abbreviation's period doubles as the full stop."""
    return phrase if phrase.endswith(".") else phrase + "."


def _article(writer: _Writer, number: int, sentence_count: int) -> GeneratedArticle:
    """One article of `sentence_count` sentences in paragraphs of one to four sentences, one paragraph a line."""
    sentences, paragraphs = [], []
    while len(sentences) < sentence_count:
        size = min(writer.rng.randint(1, 4), sentence_count - len(sentences))
        paragraph = []
        while len(paragraph) < size:
            paragraph.extend(writer.sentences())
        paragraph = paragraph[:size]
        sentences.extend(paragraph)
        paragraphs.append(" ".join(paragraph))
    title = f"{writer.pick(ORGS)} to {writer.pick(VERBS)} {writer.pick(TOPICS)}"
    published = f"20{writer.rng.randint(10, 24)}-{writer.rng.randint(1, 12):02d}-{writer.rng.randint(1, 28):02d}"
    return GeneratedArticle(
        id=f"gen-{number:07d}",
        title=title,
        outlet=writer.pick(["Daily Ledger", "The Courier", "Metro Wire", "Evening Post"]),
        published=published,
        text="\n".join(paragraphs) + "\n",
        sentences=tuple(sentences),
    )


def generate_articles(total_sentences: int, seed: int = 0, per_article: tuple[int, int] = (8, 40)) -> Iterator[GeneratedArticle]:
    """Yield articles until `total_sentences` sentences exist; the same seed always gives the same articles."""
    writer = _Writer(random.Random(seed))
    produced, number = 0, 0
    while produced < total_sentences:
        count = min(writer.rng.randint(*per_article), total_sentences - produced)
        yield _article(writer, number, count)
        produced += count
        number += 1


def generate_text(min_chars: int, seed: int = 0) -> str:
    """At least `min_chars` characters of article text, articles separated by a blank line."""
    parts, size = [], 0
    for article in generate_articles(10**12, seed):
        parts.append(article.text)
        size += len(article.text) + 1
        if size >= min_chars:
            break
    return "\n".join(parts)
