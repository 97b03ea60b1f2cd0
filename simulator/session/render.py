"""Plain-text rendering of calls for the terminal; the CLI escapes control characters."""

from __future__ import annotations

from simulator.engine import DebtorLine, Reply
from simulator.transcript.model import CallOutcome

SPEAKER = {"agent": "YOU", "debtor": "DEBTOR", "third_party": "THIRD PARTY"}


def render_lines(lines: tuple[DebtorLine, ...]) -> list[str]:
    return [f"[{ln.node}] {SPEAKER.get(ln.speaker, ln.speaker.upper())}: {ln.text}" for ln in lines]


def render_reply(text: str, reply: Reply) -> list[str]:
    intents = ", ".join(f"{m.intent} {m.score:.2f}" for m in reply.understanding.intents)
    out = [
        f"    YOU: {text}",
        f"        understood: {intents or 'nothing'}"
        + (f"; branch {reply.branch}" if reply.branch else "; fallback" if reply.fallback else ""),
    ]
    for finding in reply.findings:
        out.append(f"        ! {finding.severity} {finding.category}")
    out += render_lines(reply.lines)
    return out


def render_outcome(outcome: CallOutcome | None) -> str:
    if outcome is None:
        return "Outcome: the call had not ended when the script ran out"
    text = f"Outcome: {outcome.outcome}"
    plan = outcome.plan
    if plan:
        parts = [
            f"{k} {v:g}" if isinstance(v, float) else f"{k} {v}"
            for k, v in (
                ("amount", plan.amount),
                ("date", plan.date),
                ("method", plan.method),
                ("instalments", plan.instalments),
            )
            if v is not None
        ]
        text += f" ({', '.join(parts)})"
    return text
