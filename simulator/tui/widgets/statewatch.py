"""The play-test's state watch: node, meters, variables, flags, and what was understood."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from simulator.tui.text import literal

if TYPE_CHECKING:
    from simulator.engine import Reply
    from simulator.session import PlaySession


def _value(value: Any) -> Text:
    if isinstance(value, bool):
        return Text("yes" if value else "no", style="bold" if value else "dim")
    if isinstance(value, float) and value.is_integer():
        return Text(str(int(value)))
    return literal(value)


def _section(title: str, rows: list[tuple[Text, Text]]) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="dim", no_wrap=True)
    table.add_column()
    table.title = title
    table.title_justify = "left"
    table.title_style = "bold"
    for name, value in rows or [(Text("none", style="dim italic"), Text(""))]:
        table.add_row(name, value)
    return table


def watch_renderable(session: PlaySession, reply: Reply | None) -> Group:
    call = session.call
    state = call.state
    head = Table.grid(padding=(0, 1))
    head.add_column(style="dim", no_wrap=True)
    head.add_column()
    head.add_row("node", Text.assemble(literal(call.node, "bold"), f"  ({call.phase()})"))
    head.add_row("turn", Text(f"{state.turn}   seed {call.seed}"))
    if call.ended and call.outcome is not None:
        head.add_row("ended", literal(call.outcome.outcome, "bold"))
    parts: list[Any] = [
        head,
        _section("Meters", [(literal(k), _value(v)) for k, v in state.meters.items()]),
        _section("Variables", [(literal(k), _value(v)) for k, v in state.variables.items()]),
        _section("Flags", [(literal(k), _value(v)) for k, v in state.flags.items()]),
    ]
    if reply is not None:
        intents = [
            (
                literal(m.intent),
                Text.assemble(f"{m.score:.2f} ", ("“", "dim"), literal(m.evidence), ("”", "dim")),
            )
            for m in reply.understanding.intents
        ]
        parts.append(_section("Intents matched", intents))
        entities = [
            (literal(e.kind), Text.assemble(_value(e.value), "  ", literal(e.text, "dim")))
            for e in reply.understanding.entities
        ]
        if entities:
            parts.append(_section("Entities", entities))
        branch = reply.branch or ("fallback" if reply.fallback else "none")
        parts.append(_section("Branch", [(Text("took"), literal(branch))]))
        changes = [
            (literal(k), Text.assemble(_value(old), " → ", _value(new)))
            for k, (old, new) in reply.state_changes.items()
        ]
        if changes:
            parts.append(_section("Changed", changes))
    return Group(*parts)


class StateWatch(Static):
    def show(self, session: PlaySession, reply: Reply | None) -> None:
        self.update(watch_renderable(session, reply))
