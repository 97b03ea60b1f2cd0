"""Scoring: compliance findings, empathy markers, plan outcome, rubric and scorecard.

Kept import-light on purpose: the engine and the compliance checker import this
package, so only the small shared ``Reason`` type and ``language()`` live here; the scorer itself is
``simulator.scoring.scorecard.score_transcript``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Reason:
    """One line of a dimension's explanation: what was checked and what it earned.

    ``met`` is None when the criterion did not apply (N/A); such criteria carry no
    points either way and drop out of the dimension's total.
    """

    criterion: str
    met: bool | None
    points: float
    max_points: float
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "met": self.met,
            "points": round(self.points, 1),
            "max_points": round(self.max_points, 1),
            "detail": self.detail,
        }


def language(locale: str) -> str:
    """Which message table a locale reads: "zh" for zh-CN, "en" otherwise."""
    return "zh" if locale.startswith("zh") else "en"
