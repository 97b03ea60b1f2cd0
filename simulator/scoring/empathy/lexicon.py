"""Empathy cue lexicons, one data file per locale (``cues/<locale>.yaml``).

Cues are data so a trainer can read, extend or translate them without touching
the detector; they are matched against normalised text (see
``simulator.language.normalise``), one sentence at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from simulator import vocabulary
from simulator.diagnostics import Diagnostic, DiagnosticError
from simulator.yamlsource import KeyPath, SourceMap, read_file

CUES_DIR = Path(__file__).with_name("cues")
_CUE_KEYS = {"patterns", "question_patterns", "unless", "negatable"}
_OVERLAP_KEYS = {
    "min_shared",
    "min_shared_naming",
    "stopwords",
    "unless",
    "tag_questions",
    "answers",
    "particles",
}
_TOP_KEYS = {
    "locale",
    "distress",
    "concerns",
    "reassurance",
    "procedural",
    "readback",
    "markers",
    "hollow",
    "reflection_overlap",
}


@dataclass(frozen=True, slots=True)
class CueSet:
    """When a sentence carries a marker (or a debtor turn shows distress).

    ``question_patterns`` only count in a sentence that is a question; ``unless``
    vetoes a match in the same clause; a match inside a negation's scope is ignored
    when ``negatable`` (so "it's not your fault" is no blame).
    """

    patterns: tuple[re.Pattern[str], ...] = ()
    question_patterns: tuple[re.Pattern[str], ...] = ()
    unless: tuple[re.Pattern[str], ...] = ()
    negatable: bool = True


@dataclass(frozen=True, slots=True)
class Hollow:
    """ "I understand, but ..." followed by pressure: an acknowledgement taken back.

    ``acknowledge_alone`` is a sentence that only acknowledges ("I understand.");
    when the next sentence turns to pressure ("But we need it today.") both are hollow.
    """

    acknowledge: tuple[re.Pattern[str], ...]
    pressure: tuple[re.Pattern[str], ...]
    acknowledge_alone: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class Overlap:
    """Reflection by restating the debtor's own content words.

    ``unless`` marks a sentence in which the agent speaks of their own next step
    ("I'll call your cell after six"): it reuses the debtor's words without
    restating the debtor's situation. ``tag_questions`` are endings ("..., right?",
    对吧) that make a restatement a check of understanding, not a question.
    ``answers`` open a reply that answers the debtor's question ("Yes.", 对).
    Chinese is compared by character pairs: a pair is no content when both its
    characters are ``stopwords`` or one is a ``particle`` (pronouns, sentence
    particles), so "一个人扛着" still restates "我一个人扛着".
    """

    min_shared: int
    stopwords: frozenset[str]
    min_shared_naming: int  # enough when the same sentence names the feeling
    unless: tuple[re.Pattern[str], ...] = ()
    tag_questions: tuple[re.Pattern[str], ...] = ()
    answers: tuple[re.Pattern[str], ...] = ()
    particles: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Lexicon:
    """``concerns``: a debtor sentence voicing a feared consequence ("will they take the
    house?", 会不会影响我孩子); an agent who answers it has not ignored the distress.
    ``reassurance``: a reply that rules the feared thing out ("It doesn't.", 不会的).
    ``procedural``: the questions every collection call must ask (identity, read-back,
    date and method), which say nothing about exploring the debtor's situation.
    ``readback``: payment terms read back (an amount, a card, a method) confirm the
    terms and are no reflection: they veto a ``reflect`` cue in their clause ("So $40
    every two weeks") and a reflection by overlap in their sentence."""

    locale: str
    distress: CueSet
    concerns: CueSet
    reassurance: CueSet
    procedural: CueSet
    readback: CueSet
    markers: dict[str, CueSet]
    hollow: Hollow
    overlap: Overlap


def cue_file(locale: str) -> Path:
    return CUES_DIR / f"{locale}.yaml"


@cache
def lexicon(locale: str) -> Lexicon:
    """The shipped lexicon for ``locale``, compiled once."""
    if locale not in vocabulary.LOCALES:
        raise ValueError(f"unknown locale {locale!r}")
    return load_lexicon(cue_file(locale), locale)


def load_lexicon(path: Path, locale: str) -> Lexicon:
    """Read and check a cue file; every problem is reported with its line and column."""
    data, source = read_file(path)
    return _Reader(source).lexicon(data, locale)


class _Reader:
    """Validates a cue file, collecting every problem with its line and column."""

    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.problems: list[Diagnostic] = []

    def fail(self, path: KeyPath, message: str, *, key: bool = False) -> None:
        self.problems.append(self.source.diagnostic(path, "E100", message, key=key))

    def lexicon(self, data: Any, locale: str) -> Lexicon:
        if not isinstance(data, dict):
            self.fail((), "a cue file is a mapping")
            raise DiagnosticError(self.problems)
        for key in sorted(set(data) - _TOP_KEYS):
            self.fail((key,), f"unknown key '{key}'", key=True)
        if data.get("locale") != locale:
            self.fail(("locale",), f"locale must be {locale!r}")
        markers_data = data.get("markers")
        markers: dict[str, CueSet] = {}
        if not isinstance(markers_data, dict):
            self.fail(("markers",), "'markers' must map marker ids to cues")
            markers_data = {}
        known = (*vocabulary.EMPATHY_POSITIVE, "blame", "sarcasm")
        for name, cues in markers_data.items():
            if name not in known:
                self.fail(("markers", name), f"unknown marker '{name}'", key=True)
                continue
            markers[name] = self.cue_set(cues, ("markers", name))
        for name in known:
            if name not in markers_data:
                self.fail(("markers",), f"marker '{name}' has no cues")
        distress = self.cue_set(data.get("distress"), ("distress",))
        concerns = self.cue_set(data.get("concerns"), ("concerns",))
        reassurance = self.cue_set(data.get("reassurance"), ("reassurance",))
        procedural = self.cue_set(data.get("procedural"), ("procedural",))
        readback = self.cue_set(data.get("readback"), ("readback",))
        if "reflect" in markers:
            reflect = markers["reflect"]
            markers["reflect"] = replace(reflect, unless=reflect.unless + readback.patterns)
        hollow_data = data.get("hollow") if isinstance(data.get("hollow"), dict) else {}
        hollow = Hollow(
            self.patterns(hollow_data.get("acknowledge"), ("hollow", "acknowledge")),
            self.patterns(hollow_data.get("pressure"), ("hollow", "pressure")),
            self.patterns(hollow_data.get("acknowledge_alone"), ("hollow", "acknowledge_alone")),
        )
        overlap = self.overlap(data.get("reflection_overlap"))
        if self.problems:
            raise DiagnosticError(self.problems)
        return Lexicon(
            locale, distress, concerns, reassurance, procedural, readback, markers, hollow, overlap
        )

    def cue_set(self, data: Any, path: KeyPath) -> CueSet:
        if not isinstance(data, dict):
            self.fail(path, "cues must be a mapping with 'patterns'")
            return CueSet()
        for key in sorted(set(data) - _CUE_KEYS):
            self.fail((*path, key), f"unknown key '{key}'", key=True)
        negatable = data.get("negatable", True)
        if not isinstance(negatable, bool):
            self.fail((*path, "negatable"), "'negatable' must be true or false")
        return CueSet(
            patterns=self.patterns(data.get("patterns", []), (*path, "patterns")),
            question_patterns=self.patterns(
                data.get("question_patterns", []), (*path, "question_patterns")
            ),
            unless=self.patterns(data.get("unless", []), (*path, "unless")),
            negatable=bool(negatable),
        )

    def patterns(self, data: Any, path: KeyPath) -> tuple[re.Pattern[str], ...]:
        if not isinstance(data, list):
            self.fail(path, "expected a list of regular expressions")
            return ()
        compiled = []
        for i, item in enumerate(data):
            if not isinstance(item, str) or not item:
                self.fail((*path, i), "a pattern is a non-empty string")
                continue
            try:
                compiled.append(re.compile(item))
            except re.error as exc:
                self.fail((*path, i), f"invalid regular expression: {exc}")
        return tuple(compiled)

    def overlap(self, data: Any) -> Overlap:
        path: KeyPath = ("reflection_overlap",)
        if not isinstance(data, dict):
            self.fail(path, "'reflection_overlap' needs min_shared and stopwords")
            return Overlap(0, frozenset(), 0)
        for key in sorted(set(data) - _OVERLAP_KEYS):
            self.fail((*path, key), f"unknown key '{key}'", key=True)
        min_shared = self.count(data, "min_shared", None)
        naming = self.count(data, "min_shared_naming", max(min_shared, 1))
        return Overlap(
            min_shared,
            self.words(data, "stopwords"),
            naming,
            self.patterns(data.get("unless", []), (*path, "unless")),
            self.patterns(data.get("tag_questions", []), (*path, "tag_questions")),
            self.patterns(data.get("answers", []), (*path, "answers")),
            self.words(data, "particles"),
        )

    def words(self, data: dict[str, Any], key: str) -> frozenset[str]:
        """A word-list setting of ``reflection_overlap``."""
        words = data.get(key, [])
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            self.fail(("reflection_overlap", key), f"'{key}' must be a list of strings")
            return frozenset()
        return frozenset(words)

    def count(self, data: dict[str, Any], key: str, default: int | None) -> int:
        """A positive integer setting of ``reflection_overlap``."""
        value = data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.fail(("reflection_overlap", key), f"'{key}' must be a positive integer")
            return 0
        return value
