"""Empathy markers on one agent turn, read against the debtor turn just before it.

Cues come from the locale's lexicon and are matched per sentence, so each marker
quotes the sentence that earned it. Two markers are decided here rather than by
cues, because they depend on context:

- ``dismiss_distress``: the previous debtor turn shows distress and this turn
  carries no positive marker at all, nor answers the consequence the debtor fears
  ("will they take the house?" - "nobody is coming after your house"); also any
  hollow acknowledgement ("I understand, but you need to pay today", or split
  over two sentences: "I understand. Anyway, we need $200 by Monday."), whose
  sentences then earn no positive marker: the "but" takes the acknowledgement back.
- ``reflect`` by restatement: a statement (or one ending in a check such as
  "..., right?"; no figures, no blame or sarcasm, not the agent's own next step)
  that repeats enough of the debtor's own content words; naming the feeling in the
  same sentence ties it to their situation, so one word fewer is enough.

A sentence that blames or mocks earns no positive marker ("a lot of people have
tough years and still pay", 您压力大？), and payment terms read back (``readback``)
earn no reflection ("So $40 every two weeks, by debit card").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from simulator import vocabulary
from simulator.language.negation import negated
from simulator.language.normalise import normalise
from simulator.language.prefilter import Screen, screen
from simulator.scoring.empathy.lexicon import CueSet, Lexicon, lexicon

Polarity = Literal["positive", "negative"]
_ORDER = {
    name: i for i, name in enumerate(vocabulary.EMPATHY_POSITIVE + vocabulary.EMPATHY_NEGATIVE)
}
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|(?<=[。！？；…])")
_QUESTION_TAIL = re.compile(r"[?？]\s*[\"'”’)）]*$|[吗呢][。.]?$")
_EN_WORD = re.compile(r"[a-z]+")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
# Figures mean terms being read back (confirmation), not a reflection.
_FIGURE = re.compile(
    r"\d|\$|\b(dollars?|bucks|cents?)\b|[零一二两三四五六七八九十百千万]+(元|块|号|日|期|百|千|万)"
)
_SENTENCE_MARKS = " .!?;。！？；…"
_CLAUSE_SEPARATORS = ",;:"  # normalised text: full-width marks are folded to these
EVIDENCE_LIMIT = 160


@dataclass(frozen=True, slots=True)
class Marker:
    turn: int  # 1-based, counting every turn of the transcript
    marker: str
    polarity: Polarity
    evidence: str

    def to_json(self) -> dict[str, Any]:
        return {
            "turn": self.turn,
            "marker": self.marker,
            "polarity": self.polarity,
            "evidence": self.evidence,
        }


def polarity(marker: str) -> Polarity:
    return "positive" if marker in vocabulary.EMPATHY_POSITIVE else "negative"


def sentences(text: str) -> list[str]:
    """The turn's sentences as written, so evidence quotes the trainee's own words."""
    parts = (part.strip() for part in _SENTENCE_END.split(text))
    return [part for part in parts if part]


def is_question(sentence: str) -> bool:
    return bool(_QUESTION_TAIL.search(sentence.strip()))


def counts_as_question(sentence: str, locale: str) -> bool:
    """A question for the call-level metrics: not one every call must ask (identity,
    read-back, date, method), which would count against exploring the situation."""
    return is_question(sentence) and not _fires(
        lexicon(locale).procedural, normalise(sentence), True, locale
    )


def quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EVIDENCE_LIMIT else text[: EVIDENCE_LIMIT - 1] + "…"


def _clause(norm: str, start: int, end: int) -> str:
    """The clause around a match: a veto in another clause of the sentence does not apply."""
    left = max(norm.rfind(sep, 0, start) for sep in _CLAUSE_SEPARATORS) + 1
    rights = [i for i in (norm.find(sep, end) for sep in _CLAUSE_SEPARATORS) if i >= 0]
    return norm[left : min(rights, default=len(norm))]


@cache
def _screen(pattern: re.Pattern[str]) -> Screen:
    return screen(pattern)


def _matches(cues: CueSet, norm: str, question: bool, locale: str) -> Iterator[str]:
    """The text of every cue match that is neither negated nor vetoed in its clause.

    A pattern whose literal words are not in the sentence is not run (exact: see
    simulator/language/prefilter.py); it keeps scoring a long paste linear and cheap."""
    patterns = cues.patterns + (cues.question_patterns if question else ())
    for pattern in patterns:
        if not _screen(pattern)(norm):
            continue
        for match in pattern.finditer(norm):
            if cues.negatable and negated(norm, match.start(), locale):
                continue
            clause = _clause(norm, match.start(), match.end())
            if not any(veto.search(clause) for veto in cues.unless):
                yield match.group()


def _fires(cues: CueSet, norm: str, question: bool, locale: str) -> bool:
    return next(_matches(cues, norm, question, locale), None) is not None


def distress_evidence(text: str, locale: str) -> str | None:
    """The sentence in which a debtor (or third party) turn shows distress, if any."""
    cues = lexicon(locale).distress
    for sentence in sentences(text):
        if _fires(cues, normalise(sentence), is_question(sentence), locale):
            return quote(sentence)
    return None


def _content_units(norm: str, lex: Lexicon, *, polar: bool = False) -> set[str]:
    """Words (en) or character pairs (zh) that carry meaning, for restatement.

    With ``polar`` a unit said inside a negation is marked ("~garnish"), so that
    "your wages can't be garnished" does not restate "they'll garnish my wages".
    """

    def mark(unit: str, start: int) -> str:
        return "~" + unit if polar and negated(norm, start, lex.locale) else unit

    units = set()
    if lex.locale.startswith("zh"):
        for run in _CJK_RUN.finditer(norm):
            for i in range(run.start(), run.end() - 1):
                pair = norm[i : i + 2]
                if not (set(pair) <= lex.overlap.stopwords or set(pair) & lex.overlap.particles):
                    units.add(mark(pair, i))
        return units
    for match in _EN_WORD.finditer(norm):
        word = match.group()
        if len(word) < 3 or word in lex.overlap.stopwords:
            continue
        for suffix in ("ing", "ed", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        units.add(mark(word, match.start()))
    return units


def _hollow(norm: str, lex: Lexicon) -> bool:
    for ack in (m for p in lex.hollow.acknowledge for m in p.finditer(norm)):
        rest = norm[ack.end() :]
        if any(p.search(rest) for p in lex.hollow.pressure):
            return True
    return False


def _hollow_sentences(norms: list[str], lex: Lexicon) -> list[bool]:
    """Which sentences make up a hollow acknowledgement; a full stop between the
    acknowledgement and the pressure ("I understand. But ...") takes it back too."""
    hollow = [_hollow(norm, lex) for norm in norms]
    for i in range(len(norms) - 1):
        if hollow[i] or hollow[i + 1]:
            continue
        joined = norms[i].rstrip(_SENTENCE_MARKS) + ", " + norms[i + 1]
        if _hollow(joined, lex) and any(p.search(norms[i]) for p in lex.hollow.acknowledge_alone):
            hollow[i] = hollow[i + 1] = True
    return hollow


@dataclass(frozen=True, slots=True)
class _Debtor:
    """What an agent turn is read against: the debtor's content and feeling words.

    The words of a feared consequence the debtor asks about ("会不会影响我孩子？") are
    left out: a reply that repeats them answers the question, it does not restate it.
    """

    units: frozenset[str]  # polar: "~unit" when said inside a negation
    stated: frozenset[str]  # the same, from sentences that are not questions
    feeling: frozenset[str]  # units inside the debtor's own distress wording

    @classmethod
    def read(cls, text: str | None, lex: Lexicon) -> _Debtor:
        units: set[str] = set()
        stated: set[str] = set()
        feeling: set[str] = set()
        for sentence in sentences(text or ""):
            norm = normalise(sentence)
            question = is_question(sentence)
            said = _content_units(norm, lex, polar=True)
            if not question:
                stated |= said
            if not (question and _fires(lex.concerns, norm, question, lex.locale)):
                units |= said
            for words in _matches(lex.distress, norm, question, lex.locale):
                feeling |= _content_units(words, lex)
        return cls(frozenset(units), frozenset(stated), frozenset(feeling))


def _restates(
    norm: str, question: bool, hits: list[str], debtor: _Debtor, answering: bool, lex: Lexicon
) -> bool:
    """A statement that restates the debtor's own words (reflection by overlap).

    In a reply that opens by answering the debtor's question ("Yes. Your letter stops
    all contact."), the words of that question are answered, not restated.

    Naming the feeling while restating the situation is a reflection of feeling, so
    ``min_shared_naming`` units are enough then, as long as they are not just the
    debtor's own feeling word echoed back ("scared" - "normal to be scared").
    """
    overlap = lex.overlap
    if (
        _FIGURE.search(norm)
        or (question and not any(tag.search(norm) for tag in overlap.tag_questions))
        or any(veto.search(norm) for veto in overlap.unless)
    ):
        return False
    shared = _content_units(norm, lex, polar=True) & (debtor.stated if answering else debtor.units)
    if len(shared) >= overlap.min_shared:
        return True
    return "name_emotion" in hits and len(shared - debtor.feeling) >= overlap.min_shared_naming


def answers_concern(agent_text: str, debtor_text: str, locale: str) -> bool:
    """Whether the agent turn calmly answers a consequence the debtor said they fear.

    The debtor voices a feared consequence ("will they take the house?", 会不会影响我
    孩子). A statement of the agent's answers it when it takes up its words, rules a
    consequence out ("nothing has been filed", 不会起诉) or, straight after the fear
    was voiced, denies it ("It doesn't."), unless the same sentence presses for
    payment. A turn that holds the consequence out as possible ("they could take
    legal action") confirms the fear instead.
    """
    lex = lexicon(locale)
    feared: set[str] = set()
    last_is_fear = False
    for sentence in sentences(debtor_text):
        norm = normalise(sentence)
        last_is_fear = _fires(lex.concerns, norm, is_question(sentence), locale)
        if last_is_fear:
            feared |= _content_units(norm, lex)
    if not feared:
        return False
    said = sentences(agent_text)
    for sentence in said:
        norm = normalise(sentence)
        for pattern in lex.concerns.patterns:
            if any(not negated(norm, m.start(), locale) for m in pattern.finditer(norm)):
                return False
    for sentence in said:
        norm = normalise(sentence)
        if is_question(sentence):
            continue
        ruled_out = [
            negated(norm, m.start(), locale) for p in lex.hollow.pressure for m in p.finditer(norm)
        ]
        if all(ruled_out) and (
            any(ruled_out)
            or _content_units(norm, lex) & feared
            or (last_is_fear and _fires(lex.reassurance, norm, False, locale))
        ):
            return True
    return False


def turn_markers(
    agent_text: str, previous_debtor: str | None, locale: str
) -> list[tuple[str, str]]:
    """(marker, evidence) pairs for one agent turn, in the public marker order."""
    lex = lexicon(locale)
    found: dict[str, str] = {}
    hollow_evidence: str | None = None
    debtor = _Debtor.read(previous_debtor, lex)
    said = sentences(agent_text)
    norms = [normalise(sentence) for sentence in said]
    answering = bool(said) and any(p.search(norms[0]) for p in lex.overlap.answers)
    for sentence, norm, hollow in zip(said, norms, _hollow_sentences(norms, lex), strict=True):
        question = is_question(sentence)
        hits = [name for name, cues in lex.markers.items() if _fires(cues, norm, question, locale)]
        negative = [name for name in hits if polarity(name) == "negative"]
        if hollow:
            hollow_evidence = hollow_evidence or quote(sentence)
        if hollow or negative:
            hits = negative
        elif (
            "reflect" not in hits
            and not _fires(lex.readback, norm, question, locale)
            and _restates(norm, question, hits, debtor, answering, lex)
        ):
            hits.append("reflect")
        for name in hits:
            found.setdefault(name, quote(sentence))
    positive = any(polarity(name) == "positive" for name in found)
    if hollow_evidence is not None:
        found["dismiss_distress"] = hollow_evidence
    elif (
        previous_debtor
        and not positive
        and distress_evidence(previous_debtor, locale)
        and not answers_concern(agent_text, previous_debtor, locale)
    ):
        found["dismiss_distress"] = quote(agent_text)
    return sorted(found.items(), key=lambda item: _ORDER[item[0]])
