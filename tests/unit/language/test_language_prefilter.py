import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.language.prefilter import Prefilter, folded_needs, needs, screen

# --- random regexes over a small alphabet, so that they often match ---------------------

_ATOMS = st.sampled_from(
    [
        "a",
        "b",
        "s",
        "k",
        " ",
        "ab",
        "ba",
        "sK",
        "[ab]",
        "[a-c]",
        "[^a]",
        r"\w",
        r"\s",
        ".",
        "(a)\\1",
    ]
)


def _regexes(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(inner, min_size=2, max_size=4).map("".join),
        st.tuples(inner, inner).map(lambda p: f"(?:{p[0]}|{p[1]})"),
        st.tuples(inner, st.sampled_from(["?", "*", "+", "{2}", "{0,2}", "{1,3}?", "*+"])).map(
            lambda p: f"(?:{p[0]}){p[1]}"
        ),
        inner.map(lambda r: f"(?={r})"),
        inner.map(lambda r: f"(?!{r})"),
        inner.map(lambda r: f"(?i:{r})"),
        inner.map(lambda r: f"(?>{r})"),
        st.sampled_from([r"\b", "^", "$", "(?<=a)", "(?<!b)"]),
    )


REGEXES = st.recursive(_ATOMS, _regexes, max_leaves=8)
# with the Kelvin sign and the long s, which match "k" and "s" when case is ignored
TEXTS = st.text(alphabet="abcksABKS \u212a\u017f", max_size=24)
FLAGS = st.sampled_from([0, re.IGNORECASE])


def _compiled(source: str, flags: int) -> re.Pattern[str] | None:
    try:
        return re.compile(source, flags)
    except re.error:
        return None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(REGEXES, FLAGS), min_size=1, max_size=6), st.lists(TEXTS, max_size=6))
def test_prefilter_never_leaves_out_a_regex_that_matches(sources, texts):
    regexes = [r for r in (_compiled(s, f) for s, f in sources) if r is not None]
    for gram in (1, 2, 3):
        prefilter = Prefilter(list(enumerate(regexes)), sample=texts[:2], gram=gram)
        for text in texts:
            possible = prefilter.possible(text)
            assert possible == sorted(possible)
            matching = [i for i, regex in enumerate(regexes) if regex.search(text)]
            assert set(matching) <= set(possible), (text, [regexes[i] for i in matching])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(REGEXES, FLAGS, TEXTS)
def test_screen_is_false_only_when_the_regex_cannot_match(source, flags, text):
    regex = _compiled(source, flags)
    if regex is not None and regex.search(text):
        assert screen(regex)(text)
        if text.isascii():
            lowered = text.lower()
            assert all(any(s in lowered for s in need) for need in folded_needs(regex))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"\bpay\w* (?:today|now)\b", [{"pay"}, {" today", " now"}]),
        (r"\bpay (?:it )?(?:today|now)", [{"pay it now", "pay it today", "pay now", "pay today"}]),
        (r"ab(?=cd)", [{"cd"}, {"ab"}]),  # what a lookahead sees is in the text too
        (r"ab(?!cd)", [{"ab"}]),
        (r"[sz]ay", [{"say", "zay"}]),
        (r"(?i:ab)cd", [{"cd"}]),  # a part with its own flags needs nothing
        (r"\d+|ab", []),  # one alternative needs nothing, so the whole does not
    ],
)
def test_needs(source, expected):
    assert [set(need) for need in needs(re.compile(source))] == expected


def test_case_insensitive_regexes_are_filed_by_lower_case_for_ascii_text_only():
    regex = re.compile(r"\bCalls\b", re.IGNORECASE)
    assert needs(regex) == ()
    assert folded_needs(regex) == (frozenset({"calls"}),)
    prefilter = Prefilter([("calls", regex)], gram=5)
    assert prefilter.possible("WHO CALLS") == ["calls"]
    assert prefilter.possible("who rang") == []
    # the long s matches "s" when case is ignored, yet is no "s" in lower case: a text
    # that is not ASCII wakes every case-insensitive regex
    assert regex.search("who call\u017f")
    assert prefilter.possible("who call\u017f") == ["calls"]


def test_prefilter_keeps_the_given_order_and_skips_regexes_that_cannot_match():
    items = [
        ("late", re.compile(r"\blate fees?\b")),
        ("always", re.compile(r"\d+")),
        ("pay", re.compile(r"\bpay\w* (?:today|now)")),
    ]
    prefilter = Prefilter(items, gram=3)
    assert prefilter.possible("can you pay now? no late fee") == ["late", "always", "pay"]
    assert prefilter.possible("can you pay now?") == ["always", "pay"]
    assert prefilter.possible("hello") == ["always"]
