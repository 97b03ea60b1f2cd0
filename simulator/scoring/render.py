"""The scorecard as plain text for the terminal (no markup: evidence is shown literally)."""

from __future__ import annotations

from typing import Any


def render_scorecard(card: dict[str, Any]) -> str:
    """A readable scorecard for the terminal."""
    scores = card["scores"]

    def show(value: float | None) -> str:
        return "N/A" if value is None else f"{value:g}"

    verdict = "PASSED" if card["passed"] else "FAILED"
    if card["auto_failed"]:
        verdict += " (critical finding)"
    lines = [
        f"{card['source']}  [{card['locale']}, rules {card['rules']}, rubric {card['rubric']}]",
        f"  Overall {show(scores['overall'])} / 100  {verdict}  (pass mark {card['pass_mark']:g})",
        f"  Compliance {show(scores['compliance'])}   Empathy {show(scores['empathy'])}   "
        f"Outcome {show(scores['outcome'])}",
    ]
    findings = card["findings"]
    lines.append(f"  Findings ({len(findings)}):" if findings else "  Findings: none")
    for f in findings:
        lines.append(f"    turn {f['turn']}  {f['severity'].upper()}  {f['rule']} {f['category']}")
        lines.append(f'      "{f["evidence"]}"')
        lines.append(f"      {f['message']}")
        lines.append(f"      tip: {f['tip']}")
        lines.append(f"      source: {f['source']}")
    markers = card["empathy"]["markers"]
    lines.append(f"  Empathy markers ({len(markers)}):" if markers else "  Empathy markers: none")
    for m in markers:
        sign = "+" if m["polarity"] == "positive" else "-"
        lines.append(f'    turn {m["turn"]}  {sign} {m["marker"]}  "{m["evidence"]}"')
    metrics = card["empathy"]["metrics"]
    lines.append(
        "  Metrics: reflections per question "
        f"{show(metrics['reflections_per_question'])}, open-question share "
        f"{show(metrics['open_question_share'])}, distress response rate "
        f"{show(metrics['distress_response_rate'])}"
    )
    for name, dimension in card["dimensions"].items():
        for r in dimension["reasons"]:
            lines.append(f"  {name}: {r['detail']}")
    if card["strengths"]:
        lines.append("  Strengths:")
        lines.extend(f"    - {s}" for s in card["strengths"])
    return "\n".join(lines) + "\n\n"
