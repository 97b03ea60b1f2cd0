"""One-line notes pinned to turns: findings, tips, empathy markers, reviews, coaching.

Inputs are plain dicts (Finding.to_json(), scorecard JSON, report rows), so live replies,
scorecards and stored sessions all read the same way. Colours come from CSS classes; the
text itself only uses bold, which reads in any theme.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text

from simulator.tui.text import humanise, literal

SEVERITY_MARK = {"critical": "!!!", "high": "!!", "medium": "!"}


def finding_note(f: Mapping[str, Any]) -> Text:
    mark = SEVERITY_MARK.get(str(f.get("severity")), "!")
    text = Text.assemble(
        (f"{mark} {f.get('rule', '')} ", "bold"),
        literal(humanise(str(f.get("category", "")))),
    )
    if f.get("message"):
        text.append(": ")
        text.append_text(literal(f["message"]))
    return text


def finding_kind(f: Mapping[str, Any]) -> str:
    return "critical" if f.get("severity") == "critical" else "finding"


def tip_note(tip: str | None) -> Text | None:
    if not tip:
        return None
    return Text.assemble(("Tip ", "bold"), literal(tip))


def marker_note(m: Mapping[str, Any]) -> Text:
    positive = m.get("polarity") != "negative"
    text = Text.assemble(
        ("+ " if positive else "- ", "bold"),
        literal(humanise(str(m.get("marker", "")))),
    )
    if m.get("evidence"):
        text.append("  “")
        text.append_text(literal(m["evidence"]))
        text.append("”")
    return text


def marker_kind(m: Mapping[str, Any]) -> str:
    return "marker-neg" if m.get("polarity") == "negative" else "marker-pos"


def review_note(r: Mapping[str, Any]) -> Text:
    text = Text.assemble(("Review ", "bold"), literal(r.get("reviewer") or "?"))
    if r.get("dimension") and r.get("score") is not None:
        text.append(f"  {r['dimension']} {float(r['score']):.0f}")
    if r.get("comment"):
        text.append(": ")
        text.append_text(literal(r["comment"]))
    return text


def coach_note(feedback: str) -> Text:
    return Text.assemble(("Coach ", "bold"), literal(feedback))


def finding_item(f: Mapping[str, Any]) -> Text:
    """A finding as a list entry on the scorecard: turn first, then the note."""
    return Text.assemble((f"T{f.get('turn', '?')} ", "bold"), finding_note(f))


def marker_item(m: Mapping[str, Any]) -> Text:
    return Text.assemble((f"T{m.get('turn', '?')} ", "bold"), marker_note(m))
