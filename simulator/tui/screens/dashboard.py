"""The manager's dashboards: trainees, scenarios and findings from the store's reports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane

from simulator.tui.text import humanise
from simulator.tui.widgets.table import Column, ReportTable

if TYPE_CHECKING:
    from simulator.tui.app import CollectorApp

TRAINEE_COLUMNS = (
    Column("trainee", "Trainee"),
    Column("attempts", "Tries", numeric=True),
    Column("pass_rate_pct", "Pass %", numeric=True),
    Column("best", "Best", numeric=True, score=True),
    Column("latest", "Latest", numeric=True, score=True),
    Column("avg_compliance", "Compl", numeric=True, score=True),
    Column("avg_empathy", "Emp", numeric=True, score=True),
    Column("avg_outcome", "Outc", numeric=True, score=True),
    Column("trend", "Trend", numeric=True),
)
SCENARIO_COLUMNS = (
    Column("title", "Scenario"),
    Column("locale", "Lang"),
    Column("attempts", "Tries", numeric=True),
    Column("pass_rate_pct", "Pass %", numeric=True),
    Column("avg_overall", "Avg", numeric=True, score=True),
    Column("avg_compliance", "Compl", numeric=True, score=True),
    Column("top", "Top finding"),
)
RULE_COLUMNS = (
    Column("rule", "Rule"),
    Column("category_name", "Category"),
    Column("severity", "Severity"),
    Column("count", "Count", numeric=True),
    Column("sessions", "Sessions", numeric=True),
    Column("trainees", "Trainees", numeric=True),
)
CATEGORY_COLUMNS = (
    Column("category_name", "Category"),
    Column("trainee", "Trainee"),
    Column("count", "Count", numeric=True),
)


def percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


class DashboardScreen(Screen):
    CSS_PATH = "dashboard.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "tab('trainees')", "Trainees", show=False),
        Binding("2", "tab('scenarios')", "Scenarios", show=False),
        Binding("3", "tab('rules')", "Findings", show=False),
        Binding("x", "export", "Export"),
        Binding("ctrl+r", "refresh", "Refresh"),
        Binding("escape", "back", "Start", show=False),
    ]

    app: CollectorApp  # type: ignore[assignment]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="dash-note", classes="muted")
        with TabbedContent(id="dash-tabs"):
            with TabPane("Trainees", id="trainees"):
                yield ReportTable(TRAINEE_COLUMNS, id="t-trainees")
            with TabPane("Scenarios", id="scenarios"):
                yield ReportTable(SCENARIO_COLUMNS, id="t-scenarios")
            with TabPane("Findings by rule", id="rules"):
                yield ReportTable(RULE_COLUMNS, id="t-rules")
            with TabPane("By category", id="categories"):
                yield ReportTable(CATEGORY_COLUMNS, id="t-categories")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{self.app.user or 'manager'} · dashboards"
        self.action_refresh()
        self.query_one("#t-trainees", ReportTable).focus_table()

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        from simulator.store import StoreError

        store = self.app.workspace.store
        note = self.query_one("#dash-note", Static)
        if store is None:
            note.update(f"No results database: {self.app.workspace.store_error}")
            return
        try:
            trainees = store.report_trainees()
            scenarios = store.report_scenarios()
            findings = store.report_findings()
        except StoreError as exc:
            note.update(str(exc))
            return
        calls = sum(t["attempts"] for t in trainees)
        note.update(f"{len(trainees)} trainee(s), {calls} completed call(s). Enter opens a row.")
        self.query_one("#t-trainees", ReportTable).set_rows(
            [(t["trainee"], {**t, "pass_rate_pct": percent(t["pass_rate"])}) for t in trainees]
        )
        self.query_one("#t-scenarios", ReportTable).set_rows(
            [(s["scenario_id"], self._scenario_row(s)) for s in scenarios]
        )
        self.query_one("#t-rules", ReportTable).set_rows(
            [
                (f"{r['rule']}|{r['category']}", {**r, "category_name": humanise(r["category"])})
                for r in findings["by_rule"]
            ]
        )
        self.query_one("#t-categories", ReportTable).set_rows(
            [
                (f"{r['category']}|{r['trainee']}", {**r, "category_name": humanise(r["category"])})
                for r in findings["by_category"]
            ]
        )

    @staticmethod
    def _scenario_row(s: dict[str, Any]) -> dict[str, Any]:
        top = s.get("top_findings") or []
        return {
            **s,
            "title": s.get("title") or s["scenario_id"],
            "pass_rate_pct": percent(s.get("pass_rate")),
            "top": f"{top[0]['rule']} {humanise(top[0]['category'])} ×{top[0]['count']}"
            if top
            else "",
        }

    @on(ReportTable.Chosen, "#t-trainees")
    def _trainee(self, event: ReportTable.Chosen) -> None:
        from simulator.tui.screens.trainee import TraineeScreen

        self.app.push_screen(TraineeScreen(event.key))

    @on(ReportTable.Chosen, "#t-categories")
    def _category_trainee(self, event: ReportTable.Chosen) -> None:
        from simulator.tui.screens.trainee import TraineeScreen

        self.app.push_screen(TraineeScreen(event.key.split("|", 1)[1]))

    @on(ReportTable.Chosen, "#t-scenarios")
    def _scenario(self, event: ReportTable.Chosen) -> None:
        from simulator.tui.screens.graph import GraphScreen

        library = self.app.workspace.loaded_library
        loaded = library.find(event.key) if library else None
        if loaded is None:
            self.notify("That scenario is not in the current library.", severity="warning")
            return
        self.app.push_screen(GraphScreen(loaded))

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one(f"#t-{tab}", ReportTable).focus_table()

    @work(group="export", exclusive=True)
    async def action_export(self) -> None:
        from simulator.tui.screens.modals import ExportDialog

        choice = await self.app.push_screen_wait(ExportDialog())
        if choice:
            export(self.app, choice)

    def action_back(self) -> None:
        self.app.navigate("start")


def export(app: CollectorApp, choice: dict[str, Any]) -> None:
    """Run the store's export and say where the file went (or why it could not be written)."""
    from simulator.store import StoreError

    store = app.workspace.store
    if store is None:
        app.show_error("No results database", app.workspace.store_error or "")
        return
    path = Path(choice["path"]).expanduser()
    try:
        count = store.export(choice["format"], path, since=choice.get("since"))
    except StoreError as exc:
        app.show_error("Export failed", str(exc))
        return
    app.notify(f"Exported {count} item(s) to {path.resolve()}", markup=False, timeout=8)
