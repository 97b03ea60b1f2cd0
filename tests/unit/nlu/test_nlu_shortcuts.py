"""The shortcuts that make understanding fast give exactly what the plain way gives.

Each test holds a fast path against the obvious slow one it replaced: every pattern
run on every turn, every clause tokenised on its own, every document of the index
scored. A shortcut may only skip work whose result could not count.
"""

import math
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.language.negation import negation_scopes
from simulator.language.normalise import normalise
from simulator.language.prefilter import needs
from simulator.language.tokenise import en_words, pieces, stem, zh_units
from simulator.nlu.evaluation import read_jsonl
from simulator.nlu.library import load_library
from simulator.nlu.patterns import find
from simulator.nlu.similarity import CONTRADICTION_IDF, ExampleIndex, Hit
from simulator.nlu.understander import Understander
from simulator.scenario.model import IntentDef
from simulator.vocabulary import LOCALES

DATA = Path(__file__).resolve().parents[2] / "data" / "nlu"
WORDS = ["pay", "sue", "call", "late", "you a"]
WORDS += ["!" + word for word in WORDS]  # each said inside a negation too
CUSTOM = {  # a scenario's own layer: case-insensitive patterns, one that ignores negation
    "en-US": {
        "keep_private": IntentDef(
            examples=["it's a personal business matter"],
            patterns=[r"\bPersonal (business )?(matter|call)\b", r"\bmy [Bb]rother'?s\b"],
        ),
        "match_record": IntentDef(
            examples=["I can see the payment you made in June"],
            patterns=[r"\b(i can see|it shows)\b.{0,40}\b(800|june)\b"],
            allow_negation=True,
        ),
    },
    "zh-CN": {
        "keep_private": IntentDef(
            examples=["这是他个人的事情"], patterns=[r"个人(的)?(事情|私事)", r"不方便(透露|说)"]
        ),
    },
}


def utterances(locale: str) -> list[str]:
    return [row.text for row in read_jsonl(DATA / f"{locale}.dev.jsonl")]


@pytest.fixture(scope="module", params=LOCALES)
def understanders(request) -> list[Understander]:
    locale = request.param
    return [Understander.for_locale(locale), Understander.for_locale(locale, CUSTOM[locale])]


def read(understander: Understander, text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    text = normalise(text[:1000])
    if understander.speller is not None:
        text = understander.speller.correct(text)[0]
    return text, negation_scopes(text, understander.locale)


def every_pattern(understander: Understander, text: str, scopes) -> tuple[dict, set]:
    """Each intent's hits with no prefilter: every pattern of every layer runs."""
    hits: dict[str, list] = {}
    vetoed: set[str] = set()
    for intent_id, specs in understander.intents.items():
        for spec in specs:
            if any(find(p, text, scopes) for p in spec.unless):
                vetoed.add(intent_id)
            found = [hit for p in spec.patterns if (hit := find(p, text, scopes))]
            if found:
                hits.setdefault(intent_id, []).extend(found)
    return {i: h for i, h in hits.items() if i not in vetoed}, vetoed


def assert_same_hits(understander: Understander, text: str) -> None:
    normal, scopes = read(understander, text)
    hits, vetoed = understander._pattern_hits(normal, scopes)
    expected, expected_vetoed = every_pattern(understander, normal, scopes)
    assert vetoed == expected_vetoed
    assert {i: h for i, h in hits.items() if i not in vetoed} == expected


def test_prefiltered_patterns_hit_as_every_pattern_does(understanders):
    for understander in understanders:
        for text in utterances(understander.locale):
            assert_same_hits(understander, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_prefiltered_patterns_hit_as_every_pattern_does_on_mixed_text(understanders, data):
    understander = data.draw(st.sampled_from(understanders))
    lines = utterances(understander.locale)
    words = st.sampled_from(" ".join(lines).split() + list("不没您好还款,.?$1"))
    text = " ".join(data.draw(st.lists(words, max_size=40)))
    assert_same_hits(understander, text)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_builtin_pattern_has_needs(locale):
    """The prefilter can only skip a pattern that needs something."""
    for spec in load_library(locale).intents.values():
        for pattern in (*spec.patterns, *spec.unless):
            assert needs(pattern.regex), pattern.label


def features_one_clause_at_a_time(understander, text, span, scopes) -> Counter[str]:
    """The featurisation of a clause on its own, tokenising the whole text for it."""
    begin, end = span
    if understander.featuriser.zh:
        terms = [t for t in zh_units(text) if begin <= t.start < end]
        words = [t.text for t in terms]
    else:
        terms = [t for t in en_words(text) if begin <= t.start < end]
        synonyms = understander.featuriser.synonyms
        words = [stem(synonyms.get(t.text, t.text)) for t in terms]
    words = [
        "!" + w if any(a <= t.start < b for a, b in scopes) else w
        for w, t in zip(words, terms, strict=True)
    ]
    out = Counter(words)
    out.update(a + ("" if understander.featuriser.zh else " ") + b for a, b in pairwise(words))
    return out


def test_clause_features_from_one_tokenisation(understanders):
    understander = understanders[0]
    for text in utterances(understander.locale)[:200]:
        normal, scopes = read(understander, text)
        terms = understander.featuriser.terms(normal, scopes)
        cuts = range(0, len(normal) + 1, 3)
        for span in [*pieces(normal), *zip(cuts, cuts[2:], strict=False)]:
            expected = features_one_clause_at_a_time(understander, normal, span, scopes)
            assert terms.features(span) == expected


def best_by_label_every_document(index: ExampleIndex, query: dict[str, float]) -> dict:
    """Every document scored, contradictions worked out word by word."""
    sums: dict[int, float] = {}
    for feature, weight in query.items():
        for doc, doc_weight in index.postings.get(feature, ()):
            sums[doc] = sums.get(doc, 0.0) + weight * doc_weight
    against: set[int] = set()
    for feature in query:
        base = feature.replace("!", "")
        idf = index.weights.idf.get(base, index.weights.default_idf)
        if " " in base or idf < CONTRADICTION_IDF:
            continue
        flipped = base if feature.startswith("!") else "!" + feature
        said = {doc for doc, _ in index.postings.get(feature, ())}
        against.update(d for d, _ in index.postings.get(flipped, ()) if d not in said)
    best: dict = {}
    for doc in sorted(sums):
        label = index.labels[doc]
        if doc not in against and (label not in best or sums[doc] > best[label].cosine):
            best[label] = Hit(doc, sums[doc])
    return best


ABOVE = st.sampled_from([-math.inf, 0.0, 0.45]) | st.floats(0.0, 1.0)


def above_only(best: dict, above: float) -> dict:
    """What the index gives when told to leave out labels whose best is not above."""
    return {label: hit for label, hit in best.items() if label is None or hit.cosine > above}


def test_nearest_examples_as_scoring_every_document(understanders):
    for understander in understanders:
        for layer in understander.layers:
            index = layer.index
            for text in utterances(understander.locale)[:150]:
                normal, scopes = read(understander, text)
                terms = understander.featuriser.terms(normal, scopes)
                for span in pieces(normal):
                    query = index.weights.weigh(terms.features(span))
                    assert index.best_by_label(query) == best_by_label_every_document(index, query)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_nearest_examples_for_any_query(understanders, data):
    """Random words with random polarity, so contradictions come up often."""
    index = understanders[0].layers[0].index
    words = sorted(f.replace("!", "") for f in index.postings if " " not in f)
    features = st.tuples(st.booleans(), st.sampled_from(words)).map(
        lambda p: ("!" if p[0] else "") + p[1]
    )
    query = data.draw(st.dictionaries(features, st.floats(0.01, 1.0), min_size=1, max_size=12))
    above = data.draw(ABOVE)
    assert index.best_by_label(query, above) == above_only(
        best_by_label_every_document(index, query), above
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["pay", "call", None]),
            st.dictionaries(st.sampled_from(WORDS), st.integers(1, 2), min_size=1, max_size=5),
        ),
        min_size=8,
        max_size=30,
    ),
    st.dictionaries(st.sampled_from(WORDS), st.floats(0.01, 1.0), min_size=1, max_size=6),
    ABOVE,
)
def test_nearest_examples_on_any_index(documents, query, above):
    """Small indexes where rare words are said both ways, inside and outside negation."""
    index = ExampleIndex(
        [label for label, _ in documents],
        [str(i) for i in range(len(documents))],
        [Counter(counts) for _, counts in documents],
    )
    assert index.best_by_label(query, above) == above_only(
        best_by_label_every_document(index, query), above
    )
