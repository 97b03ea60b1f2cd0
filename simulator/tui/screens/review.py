"""Reviewing one session: the transcript with findings, markers and reviews at their turns.

A manager's score sits beside the machine's, never over it; comments attach to a turn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from simulator.tui.annotations import (
    finding_kind,
    finding_note,
    marker_kind,
    marker_note,
    review_note,
    tip_note,
)
from simulator.tui.text import humanise, literal, score_text
from simulator.tui.widgets.transcript import TranscriptView

if TYPE_CHECKING:
    from simulator.scenario.loader import LoadedScenario
    from simulator.tui.app import CollectorApp

DIMENSIONS = ("compliance", "empathy", "outcome", "overall")


def scores_table(report: dict[str, Any]) -> Table:
    """Machine score and the latest reviewer score side by side, per dimension."""
    table = Table(box=None, padding=(0, 2), show_edge=False, expand=False)
    table.add_column("Dimension", style="dim")
    table.add_column("Machine", justify="right")
    table.add_column("Reviewer", justify="right")
    table.add_column("By")
    for dim in DIMENSIONS:
        entry = report["scores"].get(dim) or {}
        reviews = entry.get("reviews") or []
        latest = reviews[-1] if reviews else None
        table.add_row(
            humanise(dim),
            score_text(entry.get("machine")),
            score_text(latest["score"]) if latest else "–",
            literal(latest["reviewer"]) if latest else Text(""),
        )
    return table


class ReviewScreen(Screen):
    CSS_PATH = "review.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "review(False)", "Override score"),
        Binding("c", "review(True)", "Comment on turn"),
        Binding("x", "export", "Export"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    app: CollectorApp  # type: ignore[assignment]

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id
        self.report: dict[str, Any] | None = None
        self._loaded: LoadedScenario | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="review-head")
        yield Static(id="review-scores", classes="panel")
        yield TranscriptView({}, selectable=True, id="review-transcript")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#review-scores").border_title = "Scores: machine and reviewer"
        self.load()
        self.query_one(TranscriptView).focus()

    def load(self) -> None:
        from simulator.store import StoreError

        store = self.app.workspace.store
        if store is None:
            self.app.show_error("No results database", self.app.workspace.store_error or "")
            return
        library = self.app.workspace.loaded_library
        try:
            sid = store.session_scenario(self.session_id)
            loaded = self._loaded = library.find(sid) if library else None
            self.report = store.report_session(
                self.session_id, loaded.content_hash if loaded else None
            )
        except StoreError as exc:
            self.app.show_error("Cannot open the session", str(exc))
            return
        self._draw(self.report)

    def _draw(self, report: dict[str, Any]) -> None:
        s = report["session"]
        self.title = f"Session {s['id']}: {s['trainee']}"
        self.sub_title = f"{s['scenario_title']} · {s['mode']} · {s['status']}"
        head = Text.assemble(
            literal(s["trainee"], "bold"),
            " · ",
            literal(s["scenario_title"]),
            f" · {s['mode']} · {s['status']} · outcome {humanise(s.get('outcome'))}",
        )
        if s.get("passed") is not None:
            head.append("  PASSED" if s["passed"] else "  NOT PASSED", style="bold")
        if report.get("scenario_changed"):
            head.append("\nThe scenario file changed since this session was played.", style="bold")
        if s.get("notes"):
            head.append("\nTrainee notes: ", style="dim")
            head.append_text(literal(s["notes"]))
        self.query_one("#review-head", Static).update(head)
        self.query_one("#review-scores", Static).update(scores_table(report))
        view = self.query_one(TranscriptView)
        keep = view.cursor
        debtor = self._loaded.scenario.briefing.debtor_name if self._loaded else "Debtor"
        view.reset({"agent": s["trainee"], "debtor": debtor, "third_party": "Third party"})
        for turn in report["turns"]:
            view.append(turn["speaker"], turn["text"])
            for f in turn["findings"]:
                view.annotate(turn["turn"], finding_note(f), finding_kind(f))
                tip = tip_note(f.get("tip"))
                if tip is not None:
                    view.annotate(turn["turn"], tip, "tip")
            for m in turn["markers"]:
                view.annotate(turn["turn"], marker_note(m), marker_kind(m))
            for r in turn["reviews"]:
                view.annotate(turn["turn"], review_note(r), "review")
        if keep:
            self.call_after_refresh(view.highlight, keep)

    def _selected_turn(self) -> tuple[int | None, str]:
        view = self.query_one(TranscriptView)
        turn = view.turn(view.cursor) if view.cursor else None
        if turn is None or self.report is None:
            return None, ""
        return turn.number, self.report["turns"][turn.number - 1]["text"]

    @work(group="review", exclusive=True)
    async def action_review(self, on_turn: bool) -> None:
        from simulator.store import StoreError
        from simulator.tui.screens.modals import ReviewDialog

        store = self.app.workspace.store
        if store is None or self.report is None:
            return
        turn, text = self._selected_turn() if on_turn else (None, "")
        if on_turn and turn is None:
            self.notify("Select a turn first (up/down in the transcript).", severity="warning")
            return
        answer = await self.app.push_screen_wait(ReviewDialog(turn=turn, turn_text=text))
        if not answer:
            return
        try:
            store.add_review(self.session_id, reviewer=self.app.user or "manager", **answer)
        except StoreError as exc:
            self.app.show_error("Review not saved", str(exc))
            return
        self.notify("Review saved beside the machine score.")
        self.load()

    @work(group="review", exclusive=True)
    async def action_export(self) -> None:
        from simulator.tui.screens.dashboard import export
        from simulator.tui.screens.modals import ExportDialog

        choice = await self.app.push_screen_wait(
            ExportDialog(
                extra=(("This session (JSON, with reviews)", "session"),),
                default_stem=f"session-{self.session_id}",
            )
        )
        if not choice:
            return
        if choice["format"] == "session":
            self._export_session(choice["path"])
        else:
            export(self.app, choice)

    def _export_session(self, path_text: str) -> None:
        import json
        from pathlib import Path

        path = Path(path_text).expanduser()
        try:
            path.write_text(
                json.dumps(self.report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        except OSError as exc:
            self.app.show_error("Export failed", f"cannot write {path}: {exc.strerror or exc}")
            return
        self.notify(f"Session {self.session_id} written to {path.resolve()}", markup=False)
