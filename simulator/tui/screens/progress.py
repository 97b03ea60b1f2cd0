"""My progress: each dimension over my attempts as a sparkline, and my frequent findings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Sparkline, Static

from simulator.tui.text import humanise, literal, score_text

if TYPE_CHECKING:
    from simulator.tui.app import CollectorApp

# report_trainee history keys per dimension
HISTORY_KEYS = {
    "overall": "overall",
    "compliance": "compliance",
    "empathy": "empathy",
    "outcome": "outcome_score",
}


def series(history: list[dict[str, Any]], key: str) -> list[float]:
    """Scores of completed attempts, oldest first (the report lists newest first)."""
    return [
        float(row[key])
        for row in reversed(history)
        if row.get("status") == "completed" and row.get(key) is not None
    ]


class ProgressScreen(Screen):
    CSS_PATH = "progress.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back")]

    app: CollectorApp  # type: ignore[assignment]

    def __init__(self, trainee: str) -> None:
        super().__init__()
        self.trainee = trainee
        self.report: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="progress"):
            yield Static(id="summary")
            with Vertical(id="lines", classes="panel") as lines:
                lines.border_title = "Attempts over time (oldest → newest)"
                for dim in HISTORY_KEYS:
                    with Horizontal(classes="spark-row", id=f"row-{dim}"):
                        yield Label(humanise(dim), classes="spark-label")
                        yield Sparkline([], classes="spark")
                        yield Label(classes="spark-value")
            findings = DataTable(id="frequent", cursor_type="row", classes="panel")
            findings.border_title = "My most frequent findings"
            findings.add_columns("Rule", "Category", "Severity", "Count")
            yield findings
            scenarios = DataTable(id="per-scenario", cursor_type="row", classes="panel")
            scenarios.border_title = "By scenario"
            scenarios.add_columns("Scenario", "Tries", "Passes", "Best")
            yield scenarios
        yield Footer()

    def on_mount(self) -> None:
        from simulator.store import StoreError

        self.sub_title = f"{self.trainee} · my progress"
        store = self.app.workspace.store
        try:
            self.report = store.report_trainee(self.trainee) if store is not None else None
        except StoreError:
            self.report = None
        self._fill()

    def _fill(self) -> None:
        summary = self.query_one("#summary", Static)
        if not self.report or not self.report["history"]:
            summary.update(Text("No calls yet. Play a scenario from the library.", style="italic"))
            return
        s = self.report["summary"]
        rate = s.get("pass_rate")
        text = Text.assemble(
            literal(self.trainee, "bold"),
            f"   {s['attempts']} attempts · {s['passes']} passed",
            f" ({rate * 100:.0f}%)" if rate is not None else "",
            f" · best {score_text(s.get('best'))} · latest {score_text(s.get('latest'))}",
        )
        trend = s.get("trend")
        if trend is not None:
            text.append(f" · trend {trend:+.1f}", style="bold")
        summary.update(text)
        history = self.report["history"]
        for dim, key in HISTORY_KEYS.items():
            values = series(history, key)
            row = self.query_one(f"#row-{dim}")
            row.query_one(Sparkline).data = values
            row.query_one(".spark-value", Label).update(score_text(values[-1] if values else None))
        frequent = self.query_one("#frequent", DataTable)
        for f in self.report["weakest"]["findings"]:
            frequent.add_row(
                literal(f["rule"]),
                literal(humanise(f["category"])),
                literal(f["severity"]),
                Text(str(f["count"]), justify="right"),
            )
        per = self.query_one("#per-scenario", DataTable)
        for r in self.report["scenarios"]:
            per.add_row(
                literal(r.get("title") or r["scenario_id"]),
                Text(str(r["attempts"]), justify="right"),
                Text(str(r["passes"]), justify="right"),
                Text(score_text(r.get("best")), justify="right"),
            )
