"""Who is using the app and as what: trainee, trainer or manager."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, Vertical
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import (
    Button,
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Static,
)
from textual.widgets.option_list import Option

from simulator.tui.prefs import ROLES
from simulator.tui.text import literal

if TYPE_CHECKING:
    from simulator.tui.app import CollectorApp

BACKGROUND_DELAY = 0.3  # after the first paint, so the thread does not slow it down

ROLE_HELP = {
    "trainee": "Practise calls and see your scores.",
    "trainer": "Check the scenario library, play-test and see graphs.",
    "manager": "Dashboards, session review and export.",
}


class StartScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "cycle_role", "Role"),
        Binding("ctrl+t", "app.toggle_theme", "Light/dark"),
        Binding("enter", "continue", "Continue", show=True),
    ]

    app: CollectorApp  # type: ignore[assignment]

    def compose(self) -> ComposeResult:
        yield Header()
        with Center(id="start-wrap"), Vertical(id="start-card"):
            yield Label("Welcome to collector-sim", id="start-title")
            yield Static(
                "Practise debt-collection calls against scripted debtors, "
                "scored on compliance, empathy and the plan you agree.",
                id="start-intro",
                classes="muted",
            )
            yield Label("Your name", classes="field-label")
            yield Input(
                self.app.user,
                placeholder="e.g. Alex Chen",
                id="name",
                suggester=SuggestFromList(self.app.prefs.recent, case_sensitive=False),
            )
            yield OptionList(id="known")
            yield Label("I am a", classes="field-label")
            with RadioSet(id="role"):
                for role in ROLES:
                    yield RadioButton(role.capitalize(), value=role == self.app.role, name=role)
            yield Static(ROLE_HELP.get(self.app.role, ""), id="role-help", classes="muted")
            with Horizontal(id="start-buttons"):
                yield Button("Continue", variant="primary", id="continue")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "start"
        self._names = list(self.app.prefs.recent)
        self._show_names(self._names)
        self.query_one("#name", Input).focus()
        self.set_timer(BACKGROUND_DELAY, self._load_names)

    @work(thread=True, group="names", exit_on_error=False)
    def _load_names(self) -> None:
        """Names already in the results database, read on a thread with its own connection."""
        from simulator.store import ResultsStore, StoreError

        try:
            with ResultsStore.open(self.app.workspace.db) as store:
                stored = [row["trainee"] for row in store.report_trainees()]
        except StoreError:
            return
        names = list(dict.fromkeys([*self.app.prefs.recent, *stored]))
        self.app.call_from_thread(self._show_names, names)

    def _show_names(self, names: list[str]) -> None:
        self._names = [n for n in names if n]
        self.query_one("#name", Input).suggester = SuggestFromList(
            self._names, case_sensitive=False
        )
        known = self.query_one("#known", OptionList)
        known.clear_options()
        known.add_options(Option(literal(n), id=str(i)) for i, n in enumerate(self._names))
        known.display = bool(self._names)

    @property
    def role(self) -> str:
        pressed = self.query_one("#role", RadioSet).pressed_button
        return pressed.name if pressed is not None and pressed.name else "trainee"

    @on(RadioSet.Changed, "#role")
    def _role_changed(self) -> None:
        self.query_one("#role-help", Static).update(ROLE_HELP.get(self.role, ""))

    def action_cycle_role(self) -> None:
        buttons = list(self.query(RadioButton))
        current = next((i for i, b in enumerate(buttons) if b.value), 0)
        buttons[(current + 1) % len(buttons)].value = True

    @on(OptionList.OptionSelected, "#known")
    def _pick_name(self, event: OptionList.OptionSelected) -> None:
        field = self.query_one("#name", Input)
        field.value = self._names[int(event.option.id or 0)]
        field.focus()

    @on(Input.Submitted, "#name")
    @on(Button.Pressed, "#continue")
    def action_continue(self) -> None:
        name = " ".join(self.query_one("#name", Input).value.split())
        if not name:
            self.notify("Enter your name to continue.", severity="warning")
            self.query_one("#name", Input).focus()
            return
        role = self.role
        self.app.remember(name, role)
        from simulator.tui.app import ROLE_HOMES

        self.app.navigate(ROLE_HOMES[role])
