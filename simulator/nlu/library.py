"""The intent library as data: reading ``data/intents.<locale>.yaml`` into specs.

Patterns may name macros in braces (``{pay}``, ``{g}``), defined once per file, so
a word family or a gap between words is spelt in one place. Macro names are
lower-case letters, so they never clash with regex repetition (``{2,3}``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any

from simulator.diagnostics import Diagnostic, DiagnosticError, Severity
from simulator.vocabulary import CANONICAL_INTENTS, LOCALES
from simulator.yamlsource import KeyPath, SourceMap, read_file

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_WEIGHT = 0.9
NEGATION_MODES = ("any", "before", "ignore")
_MACRO = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True, slots=True)
class PatternSpec:
    source: str  # as written, macros unexpanded: what evidence shows
    regex: re.Pattern[str]
    label: str = "pattern"  # where it lives, e.g. "greet pattern 2", for evidence
    weight: float = DEFAULT_WEIGHT
    negation: str = "any"  # "any": blocked by a negation before or inside the match;
    # "before": the pattern spells its own negation ("will not call you again");
    # "ignore": never blocked


@dataclass(frozen=True, slots=True)
class IntentSpec:
    id: str
    description: str = ""
    patterns: tuple[PatternSpec, ...] = ()
    unless: tuple[PatternSpec, ...] = ()
    examples: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Calibration:
    """Cosine at or below ``floor`` scores 0; at ``full`` it scores ``cap``; linear between."""

    floor: float
    full: float
    cap: float

    def score(self, cosine: float) -> float:
        return min(self.cap, (cosine - self.floor) / (self.full - self.floor) * self.cap)

    @property
    def scores_above(self) -> float:
        """Only a cosine above this scores more than 0 (-inf when the line does not rise)."""
        return self.floor if self.full > self.floor and self.cap > 0 else -math.inf


@dataclass(frozen=True, slots=True)
class Settings:
    """How similarity to examples turns into a score (see docs/understanding.md).

    Scenario examples get their own floor and ceiling: a scenario intent often has
    a handful of examples and no pattern, so similarity is its only evidence, and a
    paraphrase of one of few examples sits at a lower cosine than a paraphrase
    among the many examples of a built-in intent.
    """

    similarity_floor: float = 0.45
    similarity_full: float = 0.9
    similarity_cap: float = 0.85
    none_margin: float = 0.0
    scenario_similarity_floor: float | None = None  # None: as the built-ins
    scenario_similarity_full: float | None = None

    @property
    def builtin(self) -> Calibration:
        return Calibration(self.similarity_floor, self.similarity_full, self.similarity_cap)

    @property
    def scenario(self) -> Calibration:
        floor = self.scenario_similarity_floor
        full = self.scenario_similarity_full
        return Calibration(
            self.similarity_floor if floor is None else floor,
            self.similarity_full if full is None else full,
            self.similarity_cap,
        )


@dataclass(frozen=True, slots=True)
class LocaleLibrary:
    locale: str
    intents: dict[str, IntentSpec]
    none: tuple[str, ...] = ()
    synonyms: dict[str, str] = field(default_factory=dict)
    lexicon: frozenset[str] = frozenset()
    settings: Settings = Settings()

    @property
    def extra_ids(self) -> tuple[str, ...]:
        """Built-in intents beyond the canonical contract (agree, thank, ...)."""
        return tuple(i for i in self.intents if i not in CANONICAL_INTENTS)


def data_path(locale: str) -> Path:
    return DATA_DIR / f"intents.{locale}.yaml"


@cache
def load_library(locale: str) -> LocaleLibrary:
    """The built-in library of ``locale``; a broken data file is a packaging bug."""
    if locale not in LOCALES:
        raise ValueError(f"unknown locale '{locale}'; expected one of: {', '.join(LOCALES)}")
    return read_library(data_path(locale), locale)


def read_library(path: Path, locale: str) -> LocaleLibrary:
    """Read and check one library file; problems raise DiagnosticError with positions."""
    data, source = read_file(path)
    return _Reader(locale, source).library(data)


class _Reader:
    def __init__(self, locale: str, source: SourceMap) -> None:
        self.locale = locale
        self.source = source
        self.macros: dict[str, str] = {}

    def fail(self, path: KeyPath, message: str) -> DiagnosticError:
        mark = self.source.locate(path)
        return DiagnosticError(
            [Diagnostic(self.source.file, mark.line, mark.col, Severity.ERROR, "N001", message)]
        )

    def library(self, data: Any) -> LocaleLibrary:
        if not isinstance(data, dict) or data.get("locale") != self.locale:
            raise self.fail((), f"expected a mapping with 'locale: {self.locale}'")
        self.macros = {str(k): str(v) for k, v in (data.get("macros") or {}).items()}
        intents_data = data.get("intents") or {}
        missing = [i for i in CANONICAL_INTENTS if i not in intents_data]
        if missing:
            raise self.fail(("intents",), f"canonical intents missing: {', '.join(missing)}")
        intents = {
            str(name): self.intent(str(name), body or {}) for name, body in intents_data.items()
        }
        settings = self.settings(data.get("settings") or {})
        return LocaleLibrary(
            locale=self.locale,
            intents=intents,
            none=tuple(str(x) for x in data.get("none") or ()),
            synonyms={str(k): str(v) for k, v in (data.get("synonyms") or {}).items()},
            lexicon=frozenset(str(data.get("lexicon") or "").split()),
            settings=settings,
        )

    def settings(self, data: dict[str, Any]) -> Settings:
        known = {f.name for f in fields(Settings)}
        values: dict[str, float] = {}
        for key, value in data.items():
            if key not in known:
                raise self.fail(("settings", key), f"unknown setting '{key}'")
            try:
                values[str(key)] = float(value)
            except (TypeError, ValueError):
                raise self.fail(("settings", key), f"setting '{key}' must be a number") from None
        return Settings(**values)

    def intent(self, name: str, body: dict[str, Any]) -> IntentSpec:
        base: KeyPath = ("intents", name)
        return IntentSpec(
            id=name,
            description=str(body.get("description") or ""),
            patterns=tuple(
                self.pattern(p, (*base, "patterns", i))
                for i, p in enumerate(body.get("patterns") or ())
            ),
            unless=tuple(
                self.pattern(p, (*base, "unless", i))
                for i, p in enumerate(body.get("unless") or ())
            ),
            examples=tuple(str(e) for e in body.get("examples") or ()),
        )

    def pattern(self, item: Any, path: KeyPath) -> PatternSpec:
        if isinstance(item, str):
            item = {"re": item}
        if not isinstance(item, dict) or "re" not in item:
            raise self.fail(path, "a pattern is a string or a mapping with 're'")
        source = str(item["re"])
        try:
            regex = re.compile(self.expand(source, path))
        except re.error as exc:
            raise self.fail(path, f"bad pattern {source!r}: {exc}") from None
        negation = str(item.get("negation", "any"))
        if negation not in NEGATION_MODES:
            raise self.fail(path, f"negation must be one of {', '.join(NEGATION_MODES)}")
        return PatternSpec(
            source=source,
            regex=regex,
            label=f"{path[1]} {'pattern' if path[2] == 'patterns' else path[2]} {int(path[3]) + 1}",
            weight=float(item.get("weight", DEFAULT_WEIGHT)),
            negation=negation,
        )

    def expand(self, source: str, path: KeyPath, depth: int = 0) -> str:
        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in self.macros:
                raise self.fail(path, f"unknown macro {{{name}}} in {source!r}")
            if depth > 5:
                raise self.fail(path, f"macro {{{name}}} expands too deep")
            return "(?:" + self.expand(self.macros[name], path, depth + 1) + ")"

        return _MACRO.sub(replace, source)
