"""The cue prefilter and the live window change how fast, never what is found.

Reference: every cue's whole alternation run on every sentence, as before the prefilter.
Texts mix the very strings the cue patterns need with filler, punctuation, negators and
CJK, so that near-misses are common.
"""

from __future__ import annotations

import re
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.language.prefilter import needs
from simulator.scoring.compliance import ComplianceMonitor, check_transcript
from simulator.scoring.compliance import text as textutil
from simulator.scoring.compliance.lexicon import Reading, _Patterns, load_lexicon
from simulator.transcript.model import CallContext, Turn

LEXICON = load_lexicon()
KEYWORDS = sorted(
    {
        string
        for cue in LEXICON.cues.values()
        for patterns in cue.patterns.values()
        for regex in patterns.items
        for need in needs(regex)
        for string in need
    }
)
FILLER = [
    " ", " ", " ", ", ", ". ", "? ", "！", "，", "。", "not ", "never ", "no one ", "不", "没",
    "you ", "we ", "will ", "if ", "pay ", "$500 ", "3000元", "你", "我们", "会", "d", "e",
]  # fmt: skip
WORDS = st.sampled_from(KEYWORDS) | st.sampled_from(FILLER) | st.text(max_size=6)
TEXTS = st.lists(WORDS, max_size=40).map("".join)


def spans(hits) -> list[tuple[str, int, int]]:
    return [(hit.sentence.text, hit.start, hit.end) for hit in hits]


def reference_hits(reading: Reading) -> dict[str, list[tuple[str, int, int]]]:
    """Every cue's whole alternation on every sentence of the reading."""
    everywhere = tuple(
        (index, lang, {name: 1 for name, cue in LEXICON.cues.items() if lang in cue.patterns})
        for index, sentence in enumerate(reading.sentences)
        for lang in sentence.langs
    )
    unfiltered = Reading(reading.sentences, everywhere, frozenset(LEXICON.cues))
    whole = patch.object(_Patterns, "finditer", lambda self, text, _: self.match.finditer(text))
    with whole:
        return {name: spans(cue.hits(unfiltered)) for name, cue in LEXICON.cues.items()}


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_prefiltered_hits_equal_unfiltered_hits_for_every_cue(text):
    reading = LEXICON.read(text)
    expected = reference_hits(reading)
    for name, cue in LEXICON.cues.items():
        assert spans(cue.hits(reading)) == expected[name], name


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.integers(min_value=0))
def test_any_superset_of_the_possible_patterns_finds_what_the_alternation_finds(text, extra):
    """The merge of single patterns is exact whatever subset runs, as long as every
    pattern that can match is in it."""
    for sentence in LEXICON.read(text):
        for lang in sentence.langs:
            for name, cue in LEXICON.cues.items():
                patterns = cue.patterns.get(lang)
                if patterns is None:
                    continue
                every = (1 << len(patterns.items)) - 1
                matching = sum(
                    1 << i for i, item in enumerate(patterns.items) if item.search(sentence.text)
                )
                possible = (matching | extra) & every
                if not possible:
                    continue
                expected = [m.span() for m in patterns.match.finditer(sentence.text)]
                found = [m.span() for m in patterns.finditer(sentence.text, possible)]
                assert found == expected, (name, lang, sentence.text)


def test_the_filter_leaves_most_patterns_unrun():
    reading = LEXICON.read("Thanks for your time today, I appreciate it. 好的，谢谢您。")
    woken = sum(bits.bit_count() for *_, cues in reading.possible for bits in cues.values())
    total = sum(len(p.items) for cue in LEXICON.cues.values() for p in cue.patterns.values())
    assert woken < total / 10


_OLD_BOUNDARY = re.compile(  # the abbreviation guards before the dot: slower, same result
    r"[。！？!?；;\n]+|…+|"
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bmr)(?<!\bmrs)(?<!\bms)(?<!\bdr)\.+(?=\s|$)"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aMrsDd. .\n!?。…；;x\t", max_size=40))
def test_sentence_boundaries_are_those_of_the_lookbehind_first_form(text):
    expected = [m.span() for m in _OLD_BOUNDARY.finditer(text)]
    assert [m.span() for m in textutil._BOUNDARY.finditer(text)] == expected


# --- the live window ---------------------------------------------------------------------

READY = CallContext(right_party_verified=True, identified=True, disclosure_given=True)
THREAT = "We will have you arrested tomorrow."


def test_a_turn_within_the_window_is_read_whole():
    text = "Hello there. " * (textutil.LIVE_TURN_CHARS // 13)
    assert len(text) <= textutil.LIVE_TURN_CHARS
    assert textutil.live_window(text) == text


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=textutil.LIVE_TURN_CHARS, max_size=textutil.LIVE_TURN_CHARS + 600))
def test_the_live_window_keeps_whole_sentences_only(text):
    window = textutil.live_window(text)
    assert text.startswith(window) and len(window) <= textutil.LIVE_TURN_CHARS
    spans_in_text = textutil.sentence_spans(text)
    for start, end in textutil.sentence_spans(window)[:-1]:
        assert (start, end) in spans_in_text


def test_live_warnings_read_the_opening_of_a_paste_and_the_score_reads_all_of_it():
    filler = "I can pay you next week but my hours got cut. " * 2000  # 94 kB
    early = Turn("agent", THREAT + " " + filler)
    late = Turn("agent", filler + THREAT)
    for turn, live_sees_it in ((early, True), (late, False)):
        monitor = ComplianceMonitor("us", "en-US", READY)
        live = {f.category for f in monitor.observe(turn)}
        assert ("threat_arrest_or_seizure" in live) is live_sees_it
        scored = check_transcript([turn], rules="us", locale="en-US", context=READY)
        assert "threat_arrest_or_seizure" in {f.category for f in scored}


def test_live_and_scored_findings_agree_on_ordinary_turns():
    turns = [
        Turn("agent", "Hi, this is Dana from Meridian Recovery."),
        Turn("debtor", "I have a lawyer now, talk to her."),
        Turn("agent", "Pay today or we will sue you and call your boss."),
    ]
    monitor = ComplianceMonitor("us", "en-US", CallContext())
    live = [f for turn in turns for f in monitor.observe(turn)] + monitor.finish()
    scored = check_transcript(turns, rules="us", locale="en-US", context=CallContext())
    assert sorted(live, key=lambda f: (f.turn, f.category, f.rule)) == scored
    assert {f.category for f in scored} >= {"threat_legal_action", "threat_third_party_contact"}
