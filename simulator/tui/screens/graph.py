"""A scenario's graph: each node's responses with how often the cohort took them, and Mermaid."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, TabbedContent, TabPane, TextArea

from simulator.tui.text import clean, literal
from simulator.tui.widgets.table import Column, row_table

if TYPE_CHECKING:
    from simulator.scenario.loader import LoadedScenario
    from simulator.tui.app import CollectorApp

NODE_COLUMNS = (
    Column("node", "Node"),
    Column("phase", "Phase"),
    Column("intent", "When the trainee says…"),
    Column("next", "Goes to"),
    Column("count", "Chosen"),
)


class GraphScreen(Screen):
    CSS_PATH = "graph.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy", "Copy Mermaid"),
        Binding("m", "tab('mermaid')", "Mermaid"),
        Binding("o", "tab('nodes')", "Nodes"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    app: CollectorApp  # type: ignore[assignment]

    def __init__(self, loaded: LoadedScenario) -> None:
        from simulator.scenario.graph import mermaid

        super().__init__()
        self.loaded = loaded
        self.mermaid = mermaid(loaded.scenario)

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="graph-tabs"):
            with TabPane("Nodes and cohort choices", id="nodes"):
                yield row_table(NODE_COLUMNS, id="graph-nodes")
            with TabPane("Mermaid", id="mermaid"):
                yield TextArea(clean(self.mermaid), read_only=True, id="graph-text")
        yield Footer()

    def on_mount(self) -> None:
        from simulator.scenario.graph import branch_key
        from simulator.store import StoreError

        s = self.loaded.scenario
        self.title = f"Graph: {s.title}"
        self.sub_title = f"{len(s.nodes)} nodes"
        counts: dict[str, dict[str, int]] = {}
        store = self.app.workspace.store
        if store is not None:
            try:
                counts = store.branch_counts(s.id)
            except StoreError as exc:
                self.notify(str(exc), severity="warning", markup=False)
        table = self.query_one(DataTable)
        for node in s.nodes:
            chosen = counts.get(node.id, {})
            total = sum(chosen.values())
            table.add_row(
                literal(node.id, "bold"),
                literal(node.phase),
                Text("(ending: " + node.ending.outcome + ")" if node.ending else ""),
                Text(""),
                Text(f"{total}" if total else "", justify="right"),
            )
            for i, resp in enumerate(node.responses):
                taken = chosen.get(branch_key(node.id, i), 0)
                share = f" {taken * 100 // total}%" if total else ""
                intents = ", ".join(resp.all_intents) or "(any)"
                table.add_row(
                    Text(""),
                    Text(""),
                    literal(f"{intents}" + (f" [{resp.quality}]" if resp.quality else "")),
                    literal(resp.next or "(stays)"),
                    Text(f"{taken}{share}" if taken else "·", justify="right"),
                )
        for i, resp in enumerate(s.anywhere):
            key = branch_key("anywhere", i)
            taken = sum(chosen.get(key, 0) for chosen in counts.values())
            table.add_row(
                Text("(anywhere)", style="dim"),
                Text(""),
                literal(", ".join(resp.all_intents) or "(any)"),
                literal(resp.next or "(stays)"),
                Text(str(taken) if taken else "·", justify="right"),
            )

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.mermaid)
        self.notify("Mermaid text copied to the clipboard.")
