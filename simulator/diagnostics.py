"""Author-facing problems: one shape for every error and warning the tools report.

Modelled on compiler diagnostics: a position, a severity, a stable code, a message,
the key path it concerns and a hint the author can act on.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from simulator.terminal import literal


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    file: str
    line: int
    col: int
    severity: Severity
    code: str
    message: str
    key_path: str = ""
    hint: str = ""

    def format(self) -> str:
        """One line (plus a hint), with any control characters from the file made visible."""
        where = f" (at {literal(self.key_path)})" if self.key_path else ""
        text = (
            f"{literal(self.file)}:{self.line}:{self.col}: {self.severity}[{self.code}]: "
            f"{literal(self.message)}{where}"
        )
        if self.hint:
            text += f"\n    hint: {literal(self.hint)}"
        return text

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.col, self.code)


@dataclass
class DiagnosticError(Exception):
    """Raised when input cannot be used at all; carries every problem found."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(d.format() for d in self.diagnostics)


def format_key_path(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
