"""The trainer's home: the library's problems (lint) and its scenarios to play-test or graph."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from simulator.tui.text import literal
from simulator.tui.widgets.source import SourcePreview
from simulator.tui.widgets.table import Column, row_table

if TYPE_CHECKING:
    from simulator.diagnostics import Diagnostic
    from simulator.tui.app import CollectorApp

PROBLEM_COLUMNS = (
    Column("sev", "Sev"),
    Column("code", "Code"),
    Column("where", "Where"),
    Column("message", "Problem"),
)
SCENARIO_COLUMNS = (
    Column("id", "Id"),
    Column("title", "Title"),
    Column("locale", "Lang"),
    Column("nodes", "Nodes"),
)


def diagnostic_text(d: Diagnostic) -> Text:
    text = Text.assemble((f"{d.severity}[{d.code}]: ", "bold"), literal(d.message))
    if d.key_path:
        text.append("  at ", style="dim")
        text.append_text(literal(d.key_path))
    if d.hint:
        text.append("\nhint: ", style="bold")
        text.append_text(literal(d.hint))
    return text


class TrainerScreen(Screen):
    CSS_PATH = "trainer.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "tab('lint')", "Lint"),
        Binding("s", "tab('scenarios')", "Scenarios"),
        Binding("p", "playtest", "Play-test"),
        Binding("g", "graph", "Graph"),
        Binding("ctrl+r", "reload", "Reload"),
        Binding("escape", "back", "Start", show=False),
    ]

    app: CollectorApp  # type: ignore[assignment]

    def __init__(self, *, tab: str = "lint") -> None:
        super().__init__()
        self._tab = tab
        self._diagnostics: list[Diagnostic] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial=self._tab, id="trainer-tabs"):
            with TabPane("Lint", id="lint"):
                yield row_table(PROBLEM_COLUMNS, id="problems")
                with VerticalScroll(id="preview-scroll", classes="panel"):
                    yield SourcePreview(id="preview")
            with TabPane("Scenarios", id="scenarios"):
                yield row_table(SCENARIO_COLUMNS, id="trainer-scenarios")
                yield Static(
                    "Enter or p: play-test from any node with a state watch · g: graph",
                    classes="muted hint",
                )
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{self.app.user or 'trainer'} · trainer"
        for table in self.query(DataTable):
            table.loading = True
        self._load()

    @work(group="trainer", exclusive=True)
    async def _load(self, reload: bool = False) -> None:
        library = await self.app.workspace.library(reload=reload)
        self._diagnostics = list(library.diagnostics)
        problems = self.query_one("#problems", DataTable)
        problems.clear()
        for i, d in enumerate(self._diagnostics):
            problems.add_row(
                Text(str(d.severity), style="bold"),
                literal(d.code),
                literal(f"{self._shown(Path(d.file))}:{d.line}:{d.col}"),
                literal(d.message),
                key=str(i),
            )
        problems.loading = False
        preview = self.query_one(SourcePreview)
        if not self._diagnostics:
            preview.update(
                Text(
                    f"No problems: {len(library.files)} file(s), "
                    f"{len(library.scenarios)} scenario(s) checked.",
                    style="italic",
                )
            )
        else:
            self._preview(0)
        table = self.query_one("#trainer-scenarios", DataTable)
        table.clear()
        for sid, loaded in sorted(library.scenarios.items()):
            s = loaded.scenario
            table.add_row(
                literal(sid), literal(s.title), literal(s.locale), Text(str(len(s.nodes))), key=sid
            )
        table.loading = False
        label = f"Lint ({len(library.errors)} errors, {len(library.warnings)} warnings)"
        self.query_one(TabbedContent).get_tab("lint").label = label  # type: ignore[assignment]

    def _preview(self, index: int) -> None:
        if not 0 <= index < len(self._diagnostics):
            return
        d = self._diagnostics[index]
        path = Path(d.file)
        self.query_one(SourcePreview).show(
            path, d.line, d.col, diagnostic_text(d), label=self._shown(path)
        )

    def _shown(self, path: Path) -> str:
        """A file named relative to the library, as authors think of it."""
        try:
            return str(path.resolve().relative_to(self.app.workspace.scenarios_dir.resolve()))
        except ValueError:
            return str(path)

    @on(DataTable.RowHighlighted, "#problems")
    def _problem_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._preview(int(event.row_key.value))

    @on(DataTable.RowSelected, "#trainer-scenarios")
    def _scenario_selected(self) -> None:
        self.action_playtest()

    @on(DataTable.RowSelected, "#problems")
    def _problem_selected(self) -> None:
        self.query_one("#preview-scroll").focus()

    def _selected_scenario(self) -> str | None:
        table = self.query_one("#trainer-scenarios", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one("#problems" if tab == "lint" else "#trainer-scenarios").focus()

    def action_playtest(self) -> None:
        self._open(playtest=True)

    def action_graph(self) -> None:
        self._open(playtest=False)

    def _open(self, *, playtest: bool) -> None:
        from simulator.tui.screens.graph import GraphScreen
        from simulator.tui.screens.playtest import PlaytestScreen

        library = self.app.workspace.loaded_library
        sid = self._selected_scenario()
        if library is None or sid is None:
            self.notify("Choose a scenario on the Scenarios tab first.")
            self.action_tab("scenarios")
            return
        loaded = library.scenarios[sid]
        self.app.push_screen(PlaytestScreen(loaded) if playtest else GraphScreen(loaded))

    def action_reload(self) -> None:
        self._load(reload=True)
        self.notify("Library reloaded.")

    def action_back(self) -> None:
        self.app.navigate("start")
