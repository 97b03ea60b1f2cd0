"""What the compliance checker reports: one violation, quoted and explained."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["critical", "high", "medium"]


@dataclass(frozen=True, slots=True)
class Finding:
    turn: int  # 1-based, counting every turn of the transcript
    category: str
    rule: str  # e.g. "US5" or "CN3"
    severity: Severity
    evidence: str  # the words quoted from the turn
    message: str
    tip: str
    source: str  # legal citation

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
