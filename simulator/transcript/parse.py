"""Reading transcript files (YAML, JSON or plain text) into a ``Transcript``.

Managers score real calls with these, so the reader is strict and explains
itself: anything malformed raises ``DiagnosticError`` with file:line:col, and
nothing else escapes. JSON is read by the YAML reader (JSON is YAML), so both get
the same positions and the same safety limits.

Plain text holds one turn per line, ``Agent:``, ``Debtor:`` or ``Third party:``
(``坐席：``, ``客户：``, ``第三方：`` in Chinese; ASCII or full-width colon). Blank
lines and lines starting with ``#`` are skipped. The locale is zh-CN when the
Chinese prefixes are used or most turns are written in Chinese, else en-US.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from simulator import vocabulary
from simulator.diagnostics import Diagnostic, DiagnosticError, Severity
from simulator.language.normalise import has_cjk
from simulator.transcript.model import MAX_TURN_CHARS, TURN_FIELDS, CallContext, Transcript, Turn
from simulator.yamlsource import KeyPath, SourceMap, decode, parse, read_bytes

STRUCTURED_SUFFIXES = (".yaml", ".yml", ".json")
MAX_TURNS = 5000
_TOP_KEYS = ("locale", "rules", "context", "turns", "title", "notes")
# `collector-sim play --json` output is a transcript file too: its turns are under
# `transcript`, and the rest of the record is ignored here.
_PLAY_KEYS = (
    "scenario",
    "seed",
    "mode",
    "transcript",
    "outcome",
    "plan",
    "state",
    "scorecard",
    "session_id",
)
# The recovery file a session writes when the database fails (simulator/session/play.py)
# is a transcript too: its turns are under `turns`, the keys to restore the call are ignored.
_RECOVERY_KEYS = ("session_id", "trainee", "scenario", "scenario_hash", "snapshot")
_CONTEXT_KEYS = tuple(CallContext.__dataclass_fields__)
_PREFIX = re.compile(
    r"^\s*(?P<who>agent|debtor|third[ _-]?party|坐席|客户|第三方)\s*(?P<colon>[:：])"
    r"\s*(?P<text>.*)$",
    re.IGNORECASE,
)
_SPEAKERS = {
    "agent": "agent",
    "debtor": "debtor",
    "坐席": "agent",
    "客户": "debtor",
    "第三方": "third_party",
}
_ZH_PREFIXES = ("坐席", "客户", "第三方")


def read_transcript(path: Path | str, display: str | None = None) -> Transcript:
    """The transcript in ``path``; ``display`` is the name used in errors and ``source``."""
    path = Path(path)
    name = display if display is not None else str(path)
    text = decode(read_bytes(path, name), name)
    if path.suffix.lower() in STRUCTURED_SUFFIXES or not _looks_like_text(text):
        return parse_structured(text, name)
    return parse_text(text, name)


def _error(
    file: str, line: int, col: int, code: str, message: str, hint: str = ""
) -> DiagnosticError:
    return DiagnosticError([Diagnostic(file, line, col, Severity.ERROR, code, message, hint=hint)])


def _looks_like_text(text: str) -> bool:
    """Unknown suffix: plain text if the first real line has a speaker prefix."""
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return bool(_PREFIX.match(line))
    return True


# --- plain text -----------------------------------------------------------------------


def parse_text(text: str, name: str = "<string>") -> Transcript:
    turns: list[Turn] = []
    problems: list[Diagnostic] = []
    chinese_prefixes = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _PREFIX.match(line)
        if match is None:
            col = len(line) - len(line.lstrip()) + 1
            problems.append(
                Diagnostic(
                    name,
                    number,
                    col,
                    Severity.ERROR,
                    "T010",
                    "line has no speaker prefix",
                    hint="start each line with 'Agent:', 'Debtor:' or 'Third party:' "
                    "(坐席：, 客户：, 第三方：)",
                )
            )
            continue
        who = match.group("who")
        body = match.group("text").strip()
        if not body:
            problems.append(
                Diagnostic(
                    name, number, match.end("colon") + 1, Severity.ERROR, "T011", "turn has no text"
                )
            )
            continue
        if len(body) > MAX_TURN_CHARS:
            problems.append(
                Diagnostic(
                    name,
                    number,
                    match.start("text") + 1,
                    Severity.ERROR,
                    "T012",
                    f"turn is longer than {MAX_TURN_CHARS:,} characters",
                )
            )
            continue
        chinese_prefixes += who in _ZH_PREFIXES
        speaker = _SPEAKERS.get(who.lower(), "third_party")
        turns.append(Turn(speaker, body))  # type: ignore[arg-type]
        if len(problems) >= 20:
            break
    if problems:
        raise DiagnosticError(problems)
    if not turns:
        raise _error(name, 1, 1, "T013", "no turns found", "write one turn per line: 'Agent: ...'")
    _check_count(turns, name)
    cjk = sum(1 for t in turns if has_cjk(t.text))
    locale = "zh-CN" if chinese_prefixes or cjk * 2 > len(turns) else "en-US"
    return Transcript(name, locale, vocabulary.DEFAULT_RULES[locale], turns)


def _check_count(turns: list[Turn], name: str) -> None:
    if len(turns) > MAX_TURNS:
        raise _error(name, 1, 1, "T014", f"more than {MAX_TURNS:,} turns")


# --- YAML / JSON ----------------------------------------------------------------------


def parse_structured(text: str, name: str = "<string>") -> Transcript:
    data, source = parse(text, name)
    checker = _Checker(source)
    transcript = checker.transcript(data, name)
    if checker.problems or transcript is None:
        raise DiagnosticError(checker.problems)
    return transcript


class _Checker:
    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.problems: list[Diagnostic] = []

    def fail(
        self, path: KeyPath, code: str, message: str, *, key: bool = False, hint: str = ""
    ) -> None:
        if len(self.problems) < 20:
            self.problems.append(self.source.diagnostic(path, code, message, key=key, hint=hint))

    def transcript(self, data: Any, name: str) -> Transcript | None:
        if not isinstance(data, dict):
            self.fail((), "T020", "a transcript file is a mapping with 'locale' and 'turns'")
            return None
        played = "transcript" in data and "turns" not in data
        recovered = "snapshot" in data and "turns" in data
        allowed = _TOP_KEYS + (_PLAY_KEYS if played else ()) + (_RECOVERY_KEYS if recovered else ())
        for key in data:
            if key not in allowed:
                self.fail(
                    (key,),
                    "T021",
                    f"unknown key '{key}'",
                    key=True,
                    hint=f"allowed: {', '.join(_TOP_KEYS)}",
                )
        locale = data.get("locale")
        if locale not in vocabulary.LOCALES:
            where = ("locale",) if "locale" in data else ()
            self.fail(where, "T022", f"'locale' must be one of {', '.join(vocabulary.LOCALES)}")
            locale = None
        rules = data.get("rules", vocabulary.DEFAULT_RULES.get(locale or "", "us"))
        if rules not in vocabulary.RULE_PACKS:
            self.fail(
                ("rules",), "T023", f"'rules' must be one of {', '.join(vocabulary.RULE_PACKS)}"
            )
        for key in ("title", "notes"):
            if key in data and not isinstance(data[key], str):
                self.fail((key,), "T024", f"'{key}' must be text")
        context = self.context(data.get("context"))
        turns_key = "transcript" if played else "turns"
        turns = self.turns(data.get(turns_key), turns_key in data, turns_key)
        if self.problems or locale is None:
            return None
        return Transcript(name, locale, rules, turns, context)

    def context(self, data: Any) -> CallContext:
        if data is None:
            return CallContext()
        if not isinstance(data, dict):
            self.fail(("context",), "T030", "'context' must be a mapping of true/false flags")
            return CallContext()
        values: dict[str, bool] = {}
        for key, value in data.items():
            if key not in _CONTEXT_KEYS:
                self.fail(
                    ("context", key),
                    "T031",
                    f"unknown context flag '{key}'",
                    key=True,
                    hint=f"allowed: {', '.join(_CONTEXT_KEYS)}",
                )
            elif not isinstance(value, bool):
                self.fail(("context", key), "T032", f"'{key}' must be true or false")
            else:
                values[key] = value
        return CallContext(**values)

    def turns(self, data: Any, present: bool, field: str = "turns") -> list[Turn]:
        if not isinstance(data, list) or not data:
            where: KeyPath = (field,) if present else ()
            self.fail(where, "T040", "'turns' must be a non-empty list of {speaker, text}")
            return []
        if len(data) > MAX_TURNS:
            self.fail((field,), "T014", f"more than {MAX_TURNS:,} turns")
            return []
        out: list[Turn] = []
        for i, item in enumerate(data):
            path: KeyPath = (field, i)
            if not isinstance(item, dict):
                self.fail(path, "T041", "a turn is a mapping {speaker, text}")
                continue
            for key in item:
                if key not in TURN_FIELDS:
                    self.fail((*path, key), "T042", f"unknown key '{key}'", key=True)
            speaker = item.get("speaker")
            text = item.get("text")
            if speaker not in vocabulary.SPEAKERS:
                self.fail(
                    (*path, "speaker") if "speaker" in item else path,
                    "T043",
                    f"'speaker' must be one of {', '.join(vocabulary.SPEAKERS)}",
                )
            if not isinstance(text, str) or not text.strip():
                self.fail(
                    (*path, "text") if "text" in item else path,
                    "T044",
                    "'text' must be non-empty text",
                )
            elif len(text) > MAX_TURN_CHARS:
                self.fail(
                    (*path, "text"), "T012", f"turn is longer than {MAX_TURN_CHARS:,} characters"
                )
            extras = {k: item.get(k) for k in ("node", "line_id")}
            for key, value in extras.items():
                if value is not None and not isinstance(value, str):
                    self.fail((*path, key), "T045", f"'{key}' must be text")
            if speaker in vocabulary.SPEAKERS and isinstance(text, str) and text.strip():
                node, line_id = extras["node"], extras["line_id"]
                out.append(
                    Turn(
                        speaker,
                        text.strip(),
                        node if isinstance(node, str) else None,
                        line_id if isinstance(line_id, str) else None,
                    )
                )
        return out
