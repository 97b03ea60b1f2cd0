"""From a trainee's turn to scored intents with evidence, and entities.

Pipeline: normalise -> repair typos (en) -> find negation scopes -> weighted
patterns per intent -> similarity of each clause to the intent examples -> one
calibrated score per intent -> threshold. Patterns carry precision (a trainer can
read them); examples carry recall on paraphrases no pattern foresaw. Built-ins are
compiled once per locale; a scenario's own intents compile into a small extra
layer on top, so they never change how the built-ins score.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Protocol

from simulator.language.negation import negation_scopes
from simulator.language.normalise import normalise
from simulator.language.prefilter import Prefilter
from simulator.language.spelling import Speller, english_words
from simulator.language.tokenise import en_words, pieces
from simulator.nlu import entities
from simulator.nlu.library import (
    DEFAULT_WEIGHT,
    Calibration,
    IntentSpec,
    LocaleLibrary,
    PatternSpec,
    load_library,
)
from simulator.nlu.model import THRESHOLD, IntentMatch, Understanding
from simulator.nlu.patterns import PatternHit, find
from simulator.nlu.similarity import ExampleIndex, Featuriser, Vector, Weights, document_counts

_REGEX_ESCAPE = re.compile(r"\\[abBdDsSnrtfv]|\(\?[:!=<P]*|[()|\[\]{}+?^$.,]")
_PREFIX = re.compile(r"([a-z]{3,})\\w\*")
EVIDENCE_PATTERN_CHARS = 60
_GRAM_EN = 4  # prefilter piece length: four letters pick out an English word, two
_GRAM_ZH = 2  # characters a Chinese one
MAX_CHARS = 1000
"""Only the first this-many characters of a turn are read: a spoken turn is far
shorter, and the cap keeps a pasted wall of text from stalling the call."""


class IntentDefLike(Protocol):
    """What a scenario's ``intents:`` entry offers (simulator.scenario.model.IntentDef).

    ``allow_negation`` is optional: read with a default of False.
    """

    examples: Sequence[str]
    patterns: Sequence[str]


_CustomKey = tuple[tuple[str, tuple[str, ...], tuple[str, ...], bool], ...]


_Check = tuple[str, bool, PatternSpec]
"""A pattern to try: its intent, whether it vetoes the intent (``unless``), itself."""


@dataclass(frozen=True, slots=True)
class _Layer:
    """Intents with their patterns, an index of their examples, and how cosine scores.

    ``checks`` holds every pattern of ``intents``, intent by intent and each
    intent's ``unless`` first, behind a prefilter that leaves out the patterns a
    text cannot match. ``loose`` are the labels whose examples also match inside a
    negation (a scenario intent with ``allow_negation``).
    """

    intents: dict[str, IntentSpec]
    checks: Prefilter[_Check]
    index: ExampleIndex | None
    calibration: Calibration
    loose: frozenset[str] = frozenset()


class Understander:
    """Understands one locale's trainee turns; get one with :meth:`for_locale`."""

    def __init__(self, library: LocaleLibrary, layers: tuple[_Layer, ...], speller: Speller | None):
        self.locale = library.locale
        self.library = library
        self.settings = library.settings
        self.featuriser = Featuriser(library.locale, library.synonyms)
        self.layers = layers
        self.speller = speller
        self.intents: dict[str, list[IntentSpec]] = {}
        for layer in layers:
            for intent_id, spec in layer.intents.items():
                self.intents.setdefault(intent_id, []).append(spec)

    @classmethod
    def for_locale(
        cls, locale: str, custom: Mapping[str, IntentDefLike] | None = None
    ) -> Understander:
        """Built-ins for ``locale``, plus a scenario's ``custom`` intents if given.

        A custom intent with a built-in id adds its examples and patterns to the
        built-in one; any other id is a new intent.
        """
        base = _builtin(locale)
        if not custom:
            return base
        key = tuple(
            sorted(
                (
                    str(name),
                    tuple(map(str, d.examples)),
                    tuple(map(str, d.patterns)),
                    bool(getattr(d, "allow_negation", False)),
                )
                for name, d in custom.items()
            )
        )
        return _extended(locale, key)

    @property
    def intent_ids(self) -> tuple[str, ...]:
        return tuple(self.intents)

    def understand(self, text: str) -> Understanding:
        typed = text[:MAX_CHARS]
        read = normalise(typed)
        fixes: tuple[tuple[str, str], ...] = ()
        if self.speller is not None:
            read, fixes = self.speller.correct(read)
        scopes = negation_scopes(read, self.locale)
        found: dict[str, tuple[float, str]] = {}
        similar = self._similar(read, scopes)
        hits, vetoed = self._pattern_hits(read, scopes)
        for intent_id in self.intents:
            mine, like = hits.get(intent_id, ()), similar.get(intent_id)
            if intent_id in vetoed or not (mine or like):
                continue
            score, evidence = _combine(mine, like, fixes)
            if score >= THRESHOLD:
                found[intent_id] = (score, evidence)
        matches = tuple(
            IntentMatch(intent_id, round(score, 6), evidence)
            for intent_id, (score, evidence) in sorted(
                found.items(), key=lambda kv: (-kv[1][0], kv[0])
            )
        )
        return Understanding(text, matches, entities.extract(read, self.locale, scopes))

    def _pattern_hits(
        self, read: str, scopes: Sequence[tuple[int, int]]
    ) -> tuple[dict[str, list[PatternHit]], set[str]]:
        """Each intent's pattern hits in order, and the intents an ``unless`` vetoes."""
        hits: dict[str, list[PatternHit]] = {}
        vetoed: set[str] = set()
        for layer in self.layers:
            for intent_id, veto, pattern in layer.checks.possible(read):
                if intent_id in vetoed:
                    continue
                hit = find(pattern, read, scopes)
                if hit is None:
                    continue
                if veto:
                    vetoed.add(intent_id)
                else:
                    hits.setdefault(intent_id, []).append(hit)
        return hits, vetoed

    def _similar(
        self, read: str, scopes: Sequence[tuple[int, int]]
    ) -> dict[str, tuple[float, str]]:
        """Per intent, the calibrated similarity of the best clause and its evidence."""
        best: dict[str, tuple[float, str]] = {}
        terms = self.featuriser.terms(read, scopes)
        loose = bool(scopes) and any(layer.loose for layer in self.layers)
        plain = self.featuriser.terms(read, ()) if loose else terms
        for span in pieces(read):
            counts = terms.features(span)
            if not counts:
                continue
            weighed: dict[Weights, Vector] = {}  # layers sharing weights read one vector
            for layer in self.layers:
                index = layer.index
                if index is None:
                    continue
                if index.weights not in weighed:
                    weighed[index.weights] = index.weights.weigh(counts)
                queries = [(weighed[index.weights], None)]
                if layer.loose and any(feature.startswith("!") for feature in counts):
                    # Read again as if nothing were negated, for the loose labels only.
                    queries.append((index.weights.weigh(plain.features(span)), layer.loose))
                for query, only in queries:
                    self._score_query(index, layer.calibration, query, only, best)
        return best

    def _score_query(
        self,
        index: ExampleIndex,
        calibration: Calibration,
        query: Vector,
        only: frozenset[str] | None,
        best: dict[str, tuple[float, str]],
    ) -> None:
        """Keep in ``best`` each label's strongest calibrated match for ``query``."""
        nearest = index.best_by_label(query, above=calibration.scores_above)
        floor = nearest[None].cosine + self.settings.none_margin if None in nearest else 0.0
        for label, hit in nearest.items():
            if label is None or hit.cosine <= floor or (only is not None and label not in only):
                continue
            conf = calibration.score(hit.cosine)
            if conf <= 0 or conf <= best.get(label, (0.0, ""))[0]:
                continue
            words = ", ".join(index.shared(query, hit.doc))
            best[label] = (
                conf,
                f'like example "{index.texts[hit.doc]}" ({hit.cosine:.2f}) on: {words}',
            )


def _combine(
    hits: Sequence[PatternHit],
    similar: tuple[float, str] | None,
    fixes: Sequence[tuple[str, str]],
) -> tuple[float, str]:
    """Noisy-or of the independent pieces of evidence, strongest first."""
    parts: list[tuple[float, str]] = []
    for hit in hits:
        source = hit.pattern.source
        if len(source) > EVIDENCE_PATTERN_CHARS:
            source = source[: EVIDENCE_PATTERN_CHARS - 1] + "…"
        note = f'matched "{hit.text.strip()}" ({hit.pattern.label}: {source})'
        typed = [f'"{a}" as "{b}"' for a, b in fixes if re.search(rf"\b{re.escape(b)}\b", hit.text)]
        if typed:
            note += f" reading {', '.join(typed)}"
        parts.append((hit.pattern.weight, note))
    if similar:
        parts.append(similar)
    parts.sort(key=lambda p: -p[0])
    miss = 1.0
    for weight, _ in parts:
        miss *= 1.0 - weight
    return 1.0 - miss, "; ".join(note for _, note in parts[:3])


def _layer(
    library: LocaleLibrary,
    featuriser: Featuriser,
    intents: dict[str, IntentSpec],
    labelled: Sequence[tuple[str | None, str]],
    weights: Weights | None,
    calibration: Calibration,
    loose: frozenset[str] = frozenset(),
) -> _Layer:
    prepared = []
    for _, example in labelled:
        text = normalise(example)
        prepared.append((text, negation_scopes(text, library.locale)))
    checks = Prefilter(
        (
            ((intent_id, veto, pattern), pattern.regex)
            for intent_id, spec in intents.items()
            for veto, group in ((True, spec.unless), (False, spec.patterns))
            for pattern in group
        ),
        sample=[text for text, _ in prepared],
        gram=_GRAM_ZH if featuriser.zh else _GRAM_EN,
    )
    if not labelled:
        return _Layer(intents, checks, None, calibration, loose)
    counts = document_counts(featuriser, prepared)
    labels = [label for label, _ in labelled]
    index = ExampleIndex(labels, [t for _, t in labelled], counts, weights)
    return _Layer(intents, checks, index, calibration, loose)


@cache
def _builtin(locale: str) -> Understander:
    library = load_library(locale)
    featuriser = Featuriser(locale, library.synonyms)
    labelled: list[tuple[str | None, str]] = [
        (spec.id, example) for spec in library.intents.values() for example in spec.examples
    ]
    labelled += [(None, line) for line in library.none]
    layer = _layer(
        library, featuriser, dict(library.intents), labelled, None, library.settings.builtin
    )
    speller = None if locale.startswith("zh") else _speller(library)
    return Understander(library, (layer,), speller)


@lru_cache(maxsize=64)
def _extended(locale: str, key: _CustomKey) -> Understander:
    base = _builtin(locale)
    library = base.library
    intents: dict[str, IntentSpec] = {}
    labelled: list[tuple[str | None, str]] = []
    loose: set[str] = set()
    for name, examples, patterns, allow_negation in key:
        compiled = tuple(
            _custom_pattern(name, i, p, allow_negation) for i, p in enumerate(patterns, 1)
        )
        intents[name] = IntentSpec(id=name, patterns=compiled)
        labelled += [(name, example) for example in examples]
        if allow_negation:
            loose.add(name)
    builtin_index = base.layers[0].index
    weights = builtin_index.weights if builtin_index else None
    if labelled and builtin_index is not None:
        labelled += [(None, line) for line in library.none]
    layer = _layer(
        library,
        base.featuriser,
        intents,
        labelled,
        weights,
        library.settings.scenario,
        frozenset(loose),
    )
    return Understander(library, (*base.layers, layer), base.speller)


def _custom_pattern(intent: str, number: int, source: str, allow_negation: bool) -> PatternSpec:
    try:
        regex = re.compile(source, re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"intent '{intent}' pattern {number} {source!r}: {exc}") from None
    label = f"scenario {intent} pattern {number}"
    negation = "ignore" if allow_negation else "any"
    return PatternSpec(
        source=source, regex=regex, label=label, weight=DEFAULT_WEIGHT, negation=negation
    )


def _speller(library: LocaleLibrary) -> Speller:
    r"""Vocabulary: every word the patterns spell out, the examples, the lexicon.

    A pattern word followed by ``\w*`` is a prefix ("paus\w*"): any word starting
    with it is known as it stands.
    """
    frequency: dict[str, int] = {}
    texts: list[str] = list(library.none)
    prefixes: set[str] = set()
    for spec in library.intents.values():
        texts.extend(spec.examples)
        for pattern in (*spec.patterns, *spec.unless):
            source = _REGEX_ESCAPE.sub(" ", pattern.regex.pattern)
            prefixes.update(_PREFIX.findall(source))
            texts.append(source.replace("\\w*", " "))
    for text in texts:
        for token in en_words(normalise(text)):
            if token.text.isalpha() and len(token.text) > 1:
                frequency[token.text] = frequency.get(token.text, 0) + 1
    return Speller(frequency, library.lexicon | english_words(), prefixes)


def describe(understander: Understander) -> dict[str, Any]:
    """Sizes of the compiled library, for benchmarks and the docs."""
    specs = [spec for group in understander.intents.values() for spec in group]
    return {
        "locale": understander.locale,
        "intents": len(understander.intents),
        "patterns": sum(len(spec.patterns) for spec in specs),
        "examples": sum(len(spec.examples) for spec in specs),
        "no_intent_lines": len(understander.library.none),
    }
