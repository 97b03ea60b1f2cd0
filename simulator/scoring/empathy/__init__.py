"""Empathy: markers per agent turn, call-level metrics and a 0-100 score (None = N/A).

Marker ids are a public contract (``simulator.vocabulary.EMPATHY_POSITIVE`` and
``EMPATHY_NEGATIVE``); cues live in ``cues/<locale>.yaml``.
"""

from simulator.scoring.empathy.markers import (
    Marker,
    answers_concern,
    counts_as_question,
    distress_evidence,
    turn_markers,
)
from simulator.scoring.empathy.score import (
    EmpathyMetrics,
    EmpathyResult,
    detect_markers,
    score_empathy,
)

__all__ = [
    "EmpathyMetrics",
    "EmpathyResult",
    "Marker",
    "answers_concern",
    "counts_as_question",
    "detect_markers",
    "distress_evidence",
    "score_empathy",
    "turn_markers",
]
