"""The account file and objectives before a call, and the choice of practice or test."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Label, RadioButton, RadioSet, Static

from simulator.tui.text import humanise, literal, money

if TYPE_CHECKING:
    from simulator.scenario.loader import LoadedScenario
    from simulator.tui.app import CollectorApp

MODE_HELP = {
    "practice": "Guided choices (press 1-9), coaching, live compliance warnings, debtor meters.",
    "test": "Free text only. No hints, no meters, no warnings: scored at the end.",
}


def account_table(loaded: LoadedScenario) -> Table:
    """The account file as two aligned columns (Rich measures wide characters itself)."""
    b = loaded.scenario.briefing
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(overflow="fold")
    rows: list[tuple[str, str]] = [
        ("Customer", b.debtor_name),
        ("Creditor", b.creditor),
        ("Product", b.product),
    ]
    if b.account_ref:
        rows.append(("Account", b.account_ref))
    rows += [
        ("Balance", money(b.balance, b.currency)),
        ("Minimum due", money(b.minimum_due, b.currency)),
        ("Days past due", str(b.days_past_due)),
    ]
    if b.last_payment is not None:
        rows.append(
            ("Last payment", f"{money(b.last_payment.amount, b.currency)} on {b.last_payment.date}")
        )
    for label, value in rows:
        table.add_row(label, literal(value))
    return table


def bullet_list(items: list[str]) -> Table:
    """Bullets with wrapped lines indented under the text, not under the bullet."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for item in items:
        table.add_row(Text(" •", style="bold"), literal(item))
    return table


class BriefingScreen(Screen):
    CSS_PATH = "briefing.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start call", priority=True),
        Binding("m", "toggle_mode", "Practice/test"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    app: CollectorApp  # type: ignore[assignment]

    def __init__(
        self,
        loaded: LoadedScenario,
        *,
        mode: str = "practice",
        seed: int | None = None,
        start_node: str | None = None,
        overrides: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.loaded = loaded
        self.mode = mode
        self.options: dict[str, Any] = {
            "seed": seed,
            "start_node": start_node,
            "overrides": overrides or None,
        }

    def compose(self) -> ComposeResult:
        s = self.loaded.scenario
        b = s.briefing
        yield Header()
        with VerticalScroll(id="briefing"):
            yield Static(literal(s.title), id="brief-title")
            meta = Text(
                f"{humanise(s.persona)} · {humanise(s.stage)} stage · level {s.difficulty} · "
                f"{s.locale}",
                style="dim",
            )
            yield Static(meta, id="brief-meta")
            if s.description:
                yield Static(literal(s.description.strip()), id="brief-description")
            account = Static(account_table(self.loaded), id="account", classes="panel")
            account.border_title = "Account file"
            yield account
            if b.notes:
                notes = Static(bullet_list(b.notes), id="notes", classes="panel")
                notes.border_title = "Notes from earlier contacts"
                yield notes
            objectives = Static(
                bullet_list(b.objectives)
                if b.objectives
                else Text("Reach a fair outcome.", style="italic"),
                id="objectives",
                classes="panel",
            )
            objectives.border_title = "Objectives"
            yield objectives
            with Horizontal(id="mode-row"):
                yield Label("Mode", id="mode-label")
                with RadioSet(id="mode"):
                    yield RadioButton("Practice", value=self.mode == "practice", name="practice")
                    yield RadioButton("Test", value=self.mode == "test", name="test")
            yield Static(MODE_HELP[self.mode], id="mode-help", classes="muted")
            if not self.app.user:
                yield Static(
                    "No trainee name: this call will not be saved.", classes="muted", id="unsaved"
                )
            with Horizontal(id="brief-buttons"):
                yield Button("Start call  ⏎", variant="primary", id="start")
        yield Footer()

    def on_mount(self) -> None:
        s = self.loaded.scenario
        self.sub_title = f"{self.app.user or 'guest'} · briefing"
        self.title = s.title
        # Focus the page (arrows scroll it) rather than the button at its foot, so the
        # account file is what shows first; Enter starts from anywhere.
        self.query_one("#briefing").focus()

    def _set_mode(self, mode: str) -> None:
        self.mode = mode
        for button in self.query(RadioButton):
            if button.name == mode and not button.value:
                button.value = True
        self.query_one("#mode-help", Static).update(MODE_HELP[mode])

    @on(RadioSet.Changed, "#mode")
    def _mode_changed(self, event: RadioSet.Changed) -> None:
        self._set_mode(event.pressed.name or "practice")

    def action_toggle_mode(self) -> None:
        self._set_mode("test" if self.mode == "practice" else "practice")

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        from simulator.tui.screens.call import CallScreen

        options = {k: v for k, v in self.options.items() if v is not None}
        session = self.app.start_session(self.loaded, mode=self.mode, **options)
        if session is not None:
            self.app.switch_screen(CallScreen(session))
