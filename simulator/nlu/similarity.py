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
import operator
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from simulator.language.tokenise import Token, en_words, stem, zh_units

Vector = dict[str, float]
CONTRADICTION_IDF = 3.0
CACHE_FEATURES = 4096
_NOTHING: frozenset[int] = frozenset()


class Featuriser:
    def __init__(self, locale: str, synonyms: Mapping[str, str]) -> None:
        self.zh = locale.startswith("zh")
        self.synonyms = dict(synonyms)

    def terms(self, text: str, scopes: Sequence[tuple[int, int]]) -> Terms:
        """The words (en) or characters (zh) of the whole text, read once per turn."""
        if self.zh:
            tokens = zh_units(text)
            terms = [t.text for t in tokens]
        else:
            tokens = en_words(text)
            terms = [stem(self.synonyms.get(t.text, t.text)) for t in tokens]
        if scopes:
            terms = [_mark(term, t, scopes) for term, t in zip(terms, tokens, strict=True)]
        return Terms([t.start for t in tokens], terms, "" if self.zh else " ")


@dataclass(frozen=True, slots=True)
class Terms:
    """A text's terms in order and where each starts, so each clause is a slice."""

    starts: list[int]
    terms: list[str]
    joiner: str

    def features(self, span: tuple[int, int]) -> Counter[str]:
        """Terms starting inside ``span``, and each pair of neighbours among them."""
        terms = self.terms[bisect_left(self.starts, span[0]) : bisect_left(self.starts, span[1])]
        out: Counter[str] = Counter(terms)
        out.update(map(self.joiner.join, pairwise(terms)))
        return out


def _mark(term: str, token: Token, scopes: Sequence[tuple[int, int]]) -> str:
    return "!" + term if any(a <= token.start < b for a, b in scopes) else term


class Hit(NamedTuple):
    """A document and its cosine to a query (a tuple: several per clause are made)."""

    doc: int
    cosine: float


class Weights:
    """TF-IDF: how much each feature counts, learnt from one set of documents.

    A scenario's layer weighs with the built-ins' weights, so both read a clause
    as the same vector, and it is computed once.
    """

    def __init__(self, idf: Mapping[str, float]) -> None:
        self.idf = dict(idf)
        self.default_idf = max(self.idf.values(), default=1.0)

    @classmethod
    def learn(cls, counts: Sequence[Counter[str]]) -> Weights:
        df: Counter[str] = Counter()
        for c in counts:
            df.update(c.keys())
        n = len(counts)
        return cls({f: math.log((n + 1) / (d + 1)) + 1.0 for f, d in df.items()})

    def weigh(self, counts: Mapping[str, int]) -> Vector:
        idf, default = self.idf, self.default_idf
        # (1 + log 1) * w is w: most features are said once, so skip the logarithm
        raw = {
            f: idf.get(f, default) if n == 1 else (1.0 + math.log(n)) * idf.get(f, default)
            for f, n in counts.items()
            if n > 0
        }
        weights = raw.values()
        norm = math.sqrt(sum(map(operator.mul, weights, weights))) or 1.0
        return {f: w / norm for f, w in raw.items()}


class ExampleIndex:
    """Documents labelled with an intent (``None`` for no-intent lines)."""

    def __init__(
        self,
        labels: Sequence[str | None],
        texts: Sequence[str],
        counts: Sequence[Counter[str]],
        weights: Weights | None = None,
    ) -> None:
        self.labels = tuple(labels)
        self.texts = tuple(texts)
        self.weights = weights if weights is not None else Weights.learn(counts)
        self.vectors = [self.weights.weigh(c) for c in counts]
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for i, vector in enumerate(self.vectors):
            for feature, weight in vector.items():
                self.postings.setdefault(feature, []).append((i, weight))
        self._saying = {f: frozenset(doc for doc, _ in p) for f, p in self.postings.items()}
        self._contradicted_by = lru_cache(maxsize=CACHE_FEATURES)(self._contradicted)

    def best_by_label(self, query: Vector, above: float = -math.inf) -> dict[str | None, Hit]:
        """For each label, its most similar document that the query does not contradict.

        A label other than None is left out unless that document's cosine is above
        ``above``: most documents share a common word or two with any clause, and
        sorting out their labels costs more than adding up the cosines.
        """
        sums: dict[int, float] = {}
        postings, add = self.postings, sums.get  # bound once: this loop is the hot spot
        for feature, weight in query.items():
            for doc, doc_weight in postings.get(feature, ()):
                sums[doc] = add(doc, 0.0) + weight * doc_weight
        against: set[int] = set()
        for feature in query:
            against |= self._contradicted_by(feature)
        labels = self.labels
        best: dict[str | None, int] = {}
        for doc in sorted(d for d, c in sums.items() if c > above or labels[d] is None):
            if doc in against:
                continue
            label = labels[doc]
            if label not in best or sums[doc] > sums[best[label]]:
                best[label] = doc
        return {label: Hit(doc, sums[doc]) for label, doc in best.items()}

    def _contradicted(self, feature: str) -> frozenset[int]:
        """The documents that say the word of ``feature`` only with the other polarity.

        An example that says a word only the other way round is contradicted ("your
        benefits are not protected" against "your benefits are protected"), however
        many other words they share; one that says it both ways is not. Only words
        rare enough to carry meaning count: "you" or 您 inside a negation contradicts
        nothing. Cached (``_contradicted_by``): every clause asks about its words.
        """
        base = feature.replace("!", "")
        idf = self.weights.idf.get(base, self.weights.default_idf)
        if " " in base or idf < CONTRADICTION_IDF:
            return _NOTHING
        flipped = base if feature.startswith("!") else "!" + feature
        return self._saying.get(flipped, _NOTHING) - self._saying.get(feature, _NOTHING)

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
    return [featuriser.terms(text, scopes).features((0, len(text))) for text, scopes in prepared]
