"""The call: conversation, guided choices and meters in practice, notes, elapsed time."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Footer, Header, Static, TextArea

from simulator.tui.annotations import finding_note
from simulator.tui.text import humanise, literal
from simulator.tui.widgets.bars import MeterPanel
from simulator.tui.widgets.conversation import Conversation

if TYPE_CHECKING:
    from simulator.session import PlaySession
    from simulator.tui.app import CollectorApp

NOTES_SAVE_DELAY = 1.0
MAX_WARNINGS = 4


def speaker_names(session: PlaySession, agent: str = "You") -> dict[str, str]:
    return {
        "agent": agent,
        "debtor": session.scenario.briefing.debtor_name,
        "third_party": "Someone else",
    }


def elapsed_text(seconds: float) -> str:
    minutes, secs = divmod(int(max(seconds, 0)), 60)
    return f"{minutes:02d}:{secs:02d}"


class CallScreen(Screen):
    CSS_PATH = "call.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+f", "finish", "End call", priority=True),
        Binding("ctrl+n", "notes", "Notes", priority=True),
        Binding("escape", "leave", "Leave"),
    ]

    app: CollectorApp  # type: ignore[assignment]

    def __init__(self, session: PlaySession) -> None:
        super().__init__()
        self.session = session
        self.practice = session.call.mode == "practice"
        self._finished = False
        self._warnings: list[Text] = []
        self._started = 0.0
        self._notes_timer: Timer | None = None

    @property
    def in_progress(self) -> bool:
        return not self._finished and not self.session.ended

    def compose(self) -> ComposeResult:
        s = self.session.scenario
        yield Header()
        yield Static(id="status")
        with Horizontal(id="call-body"):
            yield Conversation(
                self.session,
                speaker_names(self.session),
                aids=self.practice,
                placeholder="Your line, Enter sends" + (" · 1-9 picks" if self.practice else ""),
            )
            with Vertical(id="side"):
                if self.practice:
                    meters = MeterPanel(
                        {k: (m.min, m.max) for k, m in s.state.meters.items()}, id="meters"
                    )
                    meters.add_class("panel")
                    meters.border_title = "Debtor"
                    yield meters
                    warnings = Static(id="warnings", classes="panel")
                    warnings.border_title = "Compliance"
                    yield warnings
                notes = TextArea(self.session.notes, id="call-notes", soft_wrap=True)
                notes.border_title = "Notes (ctrl+n)"
                notes.add_class("panel")
                yield notes
        with Horizontal(id="ended"):
            yield Static(id="ended-text")
            yield Button("Scorecard  ⏎", variant="primary", id="to-scorecard")
        yield Footer()

    def on_mount(self) -> None:
        s = self.session.scenario
        self.title = s.title
        who = self.app.user or "guest"
        self.sub_title = f"{who} · {self.session.call.mode}"
        self._started = self.app.clock()
        self.query_one("#ended").display = False
        self._show_state()
        self._tick()
        self.set_interval(1.0, self._tick)
        if self.session.ended:
            self._show_ended()

    # ----------------------------------------------------------------- display

    def _tick(self) -> None:
        s = self.session.scenario
        status = Text.assemble(
            (f" {self.session.call.mode.upper()} ", "reverse bold"),
            " ",
            literal(s.briefing.debtor_name, "bold"),
            " · ",
            literal(s.briefing.creditor),
            f" · {elapsed_text(self.app.clock() - self._started)}",
        )
        if self.practice:
            status.append(f" · {humanise(self.session.call.phase())}", style="dim")
        self.query_one("#status", Static).update(status)

    def _show_state(self) -> None:
        if self.practice:
            self.query_one(MeterPanel).show(self.session.call.state.meters)
            warnings = self.query_one("#warnings", Static)
            if self._warnings:
                text = Text("\n").join(self._warnings[-MAX_WARNINGS:])
            else:
                text = Text("No problems so far.", style="italic")
            warnings.update(text)

    def _show_ended(self) -> None:
        outcome = self.session.call.outcome
        text = Text.assemble(
            ("The call has ended", "bold"),
            f": {humanise(outcome.outcome) if outcome else 'no outcome'}. ",
            "Press Enter for your scorecard.",
        )
        self.query_one("#ended-text", Static).update(text)
        self.query_one("#ended").display = True
        self.query_one("#to-scorecard", Button).focus()

    # ----------------------------------------------------------------- events

    @on(Conversation.Replied)
    def _replied(self, event: Conversation.Replied) -> None:
        for finding in event.reply.findings:
            self._warnings.append(finding_note(finding.to_json()))  # type: ignore[attr-defined]
        self._show_state()
        self._tick()

    @on(Conversation.Ended)
    def _ended(self) -> None:
        self._show_ended()

    @on(Conversation.SaveFailed)
    def _save_failed(self, event: Conversation.SaveFailed) -> None:
        """The database failed: close the call and say where the transcript went."""
        self._finished = True
        self.app.pop_screen()
        self.app.show_error("Could not save the call", str(event.error))

    @on(TextArea.Changed, "#call-notes")
    def _notes_changed(self) -> None:
        if self._notes_timer is not None:
            self._notes_timer.stop()
        self._notes_timer = self.set_timer(NOTES_SAVE_DELAY, self._save_notes)

    def _save_notes(self) -> bool:
        from simulator.session import SessionSaveError

        text = self.query_one("#call-notes", TextArea).text
        if text == self.session.notes:
            return True
        try:
            self.session.set_notes(text)
        except SessionSaveError as exc:
            self.app.show_error("Could not save your notes", str(exc))
            return False
        return True

    # ---------------------------------------------------------------- actions

    def action_notes(self) -> None:
        notes = self.query_one("#call-notes", TextArea)
        if notes.has_focus:
            self._save_notes()
            self.query_one(Conversation).focus_input()
        else:
            notes.focus()

    @on(Button.Pressed, "#to-scorecard")
    def _to_scorecard(self) -> None:
        self._score()

    @work(group="call", exclusive=True)
    async def action_finish(self) -> None:
        from simulator.tui.screens.modals import Confirm

        if self.in_progress:
            sure = await self.app.push_screen_wait(
                Confirm(
                    "End the call now?",
                    "The call will be scored as it stands.",
                    yes="End and score",
                    no="Keep talking",
                )
            )
            if not sure:
                return
        self._score()

    def _score(self) -> None:
        from simulator.session import SessionSaveError
        from simulator.tui.screens.scorecard import ScorecardScreen

        self._save_notes()
        try:
            card = self.session.finish()
        except SessionSaveError as exc:
            self.app.show_error("Could not save the call", str(exc))
            return
        self._finished = True
        self.app.switch_screen(ScorecardScreen(self.session, card))

    def leave(self) -> None:
        """Leaving mid-call: keep the notes; the session stays resumable."""
        self._save_notes()
        self._finished = True

    @work(group="call", exclusive=True)
    async def action_leave(self) -> None:
        if self.session.ended and not self._finished:
            self._score()
            return
        if await self.app.confirm_leave_call():
            self.app.pop_screen()
