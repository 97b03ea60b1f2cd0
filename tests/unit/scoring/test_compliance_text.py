"""Text plumbing under the checker: sentences, verbatim quotes, amounts, the lexicon."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.scoring.compliance.lexicon import Lexicon, LexiconError, load_lexicon
from simulator.scoring.compliance.text import MAX_EVIDENCE_CHARS, amounts, quote, sentence_spans


def test_sentences_split_on_both_scripts_and_keep_abbreviations():
    text = "Thanks, Mr. Chen. You owe $5.50 today! 您好。请问是您吗？ok"
    parts = [text[a:b].strip() for a, b in sentence_spans(text)]
    assert parts == ["Thanks, Mr. Chen.", "You owe $5.50 today!", "您好。", "请问是您吗？", "ok"]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000))
def test_sentence_spans_tile_the_text_in_bounded_pieces(text):
    spans = sentence_spans(text)
    assert all(0 <= a < b <= len(text) and b - a <= 400 for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(spans))


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=1200), st.integers(0, 1200), st.integers(0, 50))
def test_quotes_are_verbatim_and_short(text, start, length):
    start = min(start, len(text))
    evidence = quote(text, text.casefold(), start, min(len(text), start + length))
    assert evidence in text and len(evidence) <= MAX_EVIDENCE_CHARS


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("settle for $1,200.50 by the 30th", [1200.5]),
        ("60% off, then 950 dollars", [950.0]),
        ("一次性还三千就结清", [3000.0]),
        ("还款6500元", [6500.0]),
        ("一万二，一千零五，1.5万", [12000.0, 1005.0, 15000.0]),
        ("逾期20天，每月15号", []),
    ],
)
def test_amounts_read_money_and_skip_dates_and_percentages(text, values):
    assert [v for _, v in amounts(text)] == values


def test_conditional_negation_does_not_hide_the_threat():
    lexicon = load_lexicon()
    for text, cue in [
        ("If you don't pay by Friday, we will sue.", "legal_threat"),
        ("Can't you just borrow it from your parents?", "borrowing_push"),
        ("你再不还就等着坐牢吧。", "arrest_threat"),
        ("你也不想让你爸妈知道吧？", "third_party_threat"),
        ("不过您能不能先还一部分？", "press"),
    ]:
        assert lexicon[cue].find(lexicon.read(text)) is not None, text


def test_an_echoed_question_answered_no_is_not_a_claim():
    lexicon = load_lexicon()
    assert lexicon["arrest_threat"].find(lexicon.read("Jail? No, that's not how it works.")) is None
    assert lexicon["arrest_threat"].find(lexicon.read("坐牢？不会的。")) is None


BASE = {
    "negative_subjects": {"en-US": "nobody", "zh-CN": "没人"},
    "clause_breaks": {"en-US": ",", "zh-CN": "，"},
    "post_negation": {"en-US": "x", "zh-CN": "x"},
    "denials": {"en-US": "no", "zh-CN": "不"},
    "masks": {"en-US": ["zz"], "zh-CN": ["zz"]},
}


@pytest.mark.parametrize(
    ("cues", "error"),
    [
        ({}, "'cues' must be a non-empty mapping"),
        ({"c": {"en-US": {"match": ["("]}}}, r"cues\.c\.en-US\.match\[0\]: invalid pattern"),
        ({"c": {"en-US": {}}}, "needs a non-empty 'match' list"),
        ({"c": {"fr-FR": {"match": ["x"]}}}, "unknown key"),
        ({"c": {"negatable": False}}, "no patterns for any locale"),
    ],
)
def test_malformed_lexicon_names_the_entry(cues, error):
    with pytest.raises(LexiconError, match=error):
        Lexicon({**BASE, "cues": cues}, "lexicon.yaml")


def test_lexicon_is_loaded_once():
    assert load_lexicon() is load_lexicon()
