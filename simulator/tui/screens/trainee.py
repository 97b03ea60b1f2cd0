"""A manager's view of one trainee: summary, weakest areas, and every session to review."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from simulator.tui.text import humanise, literal, score_text
from simulator.tui.widgets.table import Column, ReportTable

if TYPE_CHECKING:
    from simulator.tui.app import CollectorApp

HISTORY_COLUMNS = (
    Column("session_id", "#", numeric=True),
    Column("date", "Date"),
    Column("title", "Scenario"),
    Column("mode", "Mode"),
    Column("result", "Result"),
    Column("overall", "Score", numeric=True, score=True),
    Column("findings", "Find.", numeric=True),
    Column("reviews", "Rev.", numeric=True),
)


def result_of(row: dict) -> str:
    """pass / fail for completed sessions, else the status (in progress, abandoned)."""
    if row.get("status") != "completed":
        return str(row.get("status") or "").replace("_", " ")
    return "pass" if row.get("passed") else "fail"


class TraineeScreen(Screen):
    CSS_PATH = "dashboard.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back")]

    app: CollectorApp  # type: ignore[assignment]

    def __init__(self, trainee: str) -> None:
        super().__init__()
        self.trainee = trainee

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="trainee-summary")
        yield ReportTable(HISTORY_COLUMNS, id="t-history")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.trainee
        self.sub_title = "sessions · Enter opens a session for review"
        self.refresh_report()
        self.query_one(ReportTable).focus_table()

    def on_screen_resume(self) -> None:
        self.refresh_report()

    def refresh_report(self) -> None:
        from simulator.store import StoreError

        store = self.app.workspace.store
        summary = self.query_one("#trainee-summary", Static)
        try:
            report = store.report_trainee(self.trainee) if store is not None else None
        except StoreError as exc:
            summary.update(literal(str(exc)))
            return
        if report is None:
            return
        s = report["summary"]
        text = Text.assemble(
            literal(self.trainee, "bold"),
            f"  {s['attempts']} completed · {s['passes']} passed · best {score_text(s['best'])}"
            f" · latest {score_text(s.get('latest'))}",
        )
        weakest = report["weakest"]
        if weakest["dimensions"]:
            low = weakest["dimensions"][0]
            text.append(
                f"\nWeakest: {humanise(low['dimension'])} (avg {score_text(low['average'])})"
            )
        if weakest["findings"]:
            text.append(" · most frequent: ")
            text.append_text(
                literal(", ".join(f"{f['rule']} ×{f['count']}" for f in weakest["findings"][:3]))
            )
        summary.update(text)
        rows = [
            (
                str(h["session_id"]),
                {
                    **h,
                    "date": (h.get("started_at") or "")[:10],
                    "title": h.get("title") or h["scenario_id"],
                    "result": result_of(h),
                },
            )
            for h in report["history"]
        ]
        self.query_one(ReportTable).set_rows(rows)

    @on(ReportTable.Chosen)
    def _open(self, event: ReportTable.Chosen) -> None:
        from simulator.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(int(event.key)))
