"""Nearest examples: TF-IDF cosine over English stems or Chinese character n-grams.

English features are stemmed words and word pairs; Chinese features are single
characters and character pairs (no segmenter). A word inside a negation's scope
gets a ``!`` prefix, so "not asking you to pay" shares nothing with "pay today",
and an example that says a meaningful word only with the other polarity is not a
match at all. Scores come from an inverted index, so a turn touches only the
examples that share a feature with it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from simulator.language.tokenise import Token, en_words, stem, zh_units

Vector = dict[str, float]
CONTRADICTION_IDF = 3.0


class Featuriser:
    def __init__(self, locale: str, synonyms: Mapping[str, str]) -> None:
        self.zh = locale.startswith("zh")
        self.synonyms = dict(synonyms)

    def features(
        self, text: str, span: tuple[int, int], scopes: Sequence[tuple[int, int]]
    ) -> Counter[str]:
        begin, end = span
        if self.zh:
            units = [t for t in zh_units(text) if begin <= t.start < end]
            terms = [_mark(t.text, t, scopes) for t in units]
        else:
            words = [t for t in en_words(text) if begin <= t.start < end]
            terms = [_mark(stem(self.synonyms.get(t.text, t.text)), t, scopes) for t in words]
        joiner = "" if self.zh else " "
        out: Counter[str] = Counter(terms)
        out.update(a + joiner + b for a, b in pairwise(terms))
        return out


def _mark(term: str, token: Token, scopes: Sequence[tuple[int, int]]) -> str:
    return "!" + term if any(a <= token.start < b for a, b in scopes) else term


@dataclass(frozen=True, slots=True)
class Hit:
    doc: int
    cosine: float


class ExampleIndex:
    """Documents labelled with an intent (``None`` for no-intent lines)."""

    def __init__(
        self,
        labels: Sequence[str | None],
        texts: Sequence[str],
        counts: Sequence[Counter[str]],
        idf: Mapping[str, float] | None = None,
    ) -> None:
        self.labels = tuple(labels)
        self.texts = tuple(texts)
        if idf is None:
            df: Counter[str] = Counter()
            for c in counts:
                df.update(c.keys())
            n = len(counts)
            idf = {f: math.log((n + 1) / (d + 1)) + 1.0 for f, d in df.items()}
        self.idf = dict(idf)
        self.default_idf = max(self.idf.values(), default=1.0)
        self.vectors = [self.weigh(c) for c in counts]
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for i, vector in enumerate(self.vectors):
            for feature, weight in vector.items():
                self.postings.setdefault(feature, []).append((i, weight))

    def weigh(self, counts: Mapping[str, int]) -> Vector:
        raw = {
            f: (1.0 + math.log(n)) * self.idf.get(f, self.default_idf)
            for f, n in counts.items()
            if n > 0
        }
        norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
        return {f: w / norm for f, w in raw.items()}

    def best_by_label(self, query: Vector) -> dict[str | None, Hit]:
        """For each label, its most similar document that the query does not contradict."""
        sums: dict[int, float] = {}
        for feature, weight in query.items():
            for doc, doc_weight in self.postings.get(feature, ()):
                sums[doc] = sums.get(doc, 0.0) + weight * doc_weight
        against: set[int] = set()
        for feature, flipped in self._flipped(query):
            said = {doc for doc, _ in self.postings.get(feature, ())}
            against.update(doc for doc, _ in self.postings.get(flipped, ()) if doc not in said)
        best: dict[str | None, Hit] = {}
        for doc in sorted(sums):
            if doc in against:
                continue
            label = self.labels[doc]
            if label not in best or sums[doc] > best[label].cosine:
                best[label] = Hit(doc, sums[doc])
        return best

    def _flipped(self, query: Vector) -> list[tuple[str, str]]:
        """Each word of the query with its other polarity: ("pay", "!pay"), ("!pay", "pay").

        An example that says a word only the other way round is contradicted ("your
        benefits are not protected" against "your benefits are protected"), however
        many other words they share; one that says it both ways is not. Only words
        rare enough to carry meaning count: "you" or 您 inside a negation contradicts
        nothing.
        """
        out = []
        for feature in query:
            base = feature.replace("!", "")
            if " " in base or self.idf.get(base, self.default_idf) < CONTRADICTION_IDF:
                continue
            out.append((feature, base if feature.startswith("!") else "!" + feature))
        return out

    def shared(self, query: Vector, doc: int, limit: int = 3) -> list[str]:
        """The features that made ``doc`` similar, strongest first, readable."""
        vector = self.vectors[doc]
        common = sorted(
            (-(query[f] * vector[f]), f) for f in query.keys() & vector.keys() if f.strip("!")
        )
        return [_readable(f) for _, f in common[:limit]]


def _readable(feature: str) -> str:
    return "not " + feature.replace("!", "") if "!" in feature else feature


def document_counts(
    featuriser: Featuriser, prepared: Iterable[tuple[str, Sequence[tuple[int, int]]]]
) -> list[Counter[str]]:
    return [featuriser.features(text, (0, len(text)), scopes) for text, scopes in prepared]
