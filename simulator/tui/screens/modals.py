"""Small dialogs: confirm, message, set state, review, export."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from simulator.tui.text import literal


class Dialog(ModalScreen):
    """A centred card; escape cancels."""

    CSS_PATH = "modals.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(Dialog):
    """Yes or no. Returns True or False."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "cancel", "No"),
        Binding("y", "confirm", "Yes"),
    ]

    def __init__(self, title: str, message: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self._title, self._message, self._yes, self._no = title, message, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self._title), classes="dialog-title")
            yield Static(literal(self._message), classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._yes, variant="primary", id="yes")
                yield Button(self._no, id="no")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#yes")
    def _yes_pressed(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no_pressed(self) -> None:
        self.dismiss(False)


class Notice(Dialog):
    """Something the user must read: an error or where a file went."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter", "cancel", "Close")]

    def __init__(self, title: str, message: str | Text, *, error: bool = False) -> None:
        super().__init__(classes="-error" if error else "")
        self._title = title
        self._message = message

    def compose(self) -> ComposeResult:
        body = self._message if isinstance(self._message, Text) else literal(self._message)
        with Vertical(classes="dialog"):
            yield Label(literal(self._title), classes="dialog-title")
            yield Static(body, classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", variant="primary", id="close")

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)


class Ask(Dialog):
    """One line of text, checked by a callback that returns an error message or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        prompt: str,
        *,
        value: str = "",
        placeholder: str = "",
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self._title, self._prompt = title, prompt
        self._value, self._placeholder = value, placeholder
        self._check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self._title), classes="dialog-title")
            yield Static(literal(self._prompt), classes="dialog-body")
            yield Input(self._value, placeholder=self._placeholder, id="answer")
            yield Static(classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _submit(self) -> None:
        value = self.query_one("#answer", Input).value.strip()
        problem = self._check(value) if self._check else None
        if problem:
            self.query_one(".dialog-error", Static).update(literal(problem))
            return
        self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def _cancelled(self) -> None:
        self.dismiss(None)


DIMENSIONS = ("overall", "compliance", "empathy", "outcome")


class ReviewDialog(Dialog):
    """A manager's score override and/or comment; returns a dict or None."""

    def __init__(self, *, turn: int | None, turn_text: str = "") -> None:
        super().__init__()
        self._turn = turn
        self._turn_text = turn_text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -wide"):
            yield Label("Add a review", classes="dialog-title")
            where = Text(
                "On the whole session" if self._turn is None else f"On turn {self._turn}: "
            )
            if self._turn is not None:
                where.append_text(literal(self._turn_text[:120]))
            yield Static(where, classes="dialog-body")
            with Horizontal(classes="dialog-row"):
                yield Label("Score", classes="dialog-label")
                yield Select(
                    [(d.capitalize(), d) for d in DIMENSIONS],
                    prompt="no score",
                    id="dimension",
                    compact=True,
                )
                yield Input(placeholder="0-100", id="score", type="number", compact=True)
            yield Input(placeholder="Comment (optional)", id="comment")
            yield Static(classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#comment" if self._turn is not None else "#dimension").focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _submit(self) -> None:
        dimension = self.query_one("#dimension", Select).value
        raw = self.query_one("#score", Input).value.strip()
        comment = self.query_one("#comment", Input).value.strip()
        error = self.query_one(".dialog-error", Static)
        score: float | None = None
        if raw:
            try:
                score = float(raw)
            except ValueError:
                error.update("The score is a number from 0 to 100.")
                return
            if dimension is Select.NULL:
                error.update("Choose which dimension the score is for.")
                return
        if score is None and not comment:
            error.update("Give a score, a comment, or both.")
            return
        self.dismiss(
            {
                "dimension": None if dimension is Select.NULL else str(dimension),
                "score": score,
                "comment": comment or None,
                "turn": self._turn,
            }
        )

    @on(Button.Pressed, "#cancel")
    def _cancelled(self) -> None:
        self.dismiss(None)


EXPORT_FORMATS = (
    ("CSV: one row per session", "csv"),
    ("JSON: whole transcripts", "json"),
    ("xAPI statements (LMS)", "xapi"),
)


class ExportDialog(Dialog):
    """Where and how to export; returns {format, path, since} or None."""

    AUTO_FOCUS = "#path"

    def __init__(
        self, *, extra: tuple[tuple[str, str], ...] = (), default_stem: str = "collector-sim-export"
    ) -> None:
        super().__init__()
        self._formats = (*extra, *EXPORT_FORMATS)
        self._stem = default_stem

    def compose(self) -> ComposeResult:
        first = self._formats[0][1]
        with Vertical(classes="dialog -wide"):
            yield Label("Export", classes="dialog-title")
            yield Select(self._formats, value=first, allow_blank=False, id="format")
            yield Input(self._path_for(first), placeholder="file to write", id="path")
            yield Input(placeholder="since (YYYY-MM-DD, optional)", id="since")
            yield Static(classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def _path_for(self, fmt: str) -> str:
        suffix = {"csv": ".csv"}.get(fmt, ".json")
        return (
            f"{self._stem}-{fmt}{suffix}" if fmt in ("xapi", "session") else f"{self._stem}{suffix}"
        )

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        self.query_one("#path", Input).value = self._path_for(str(event.value))

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _submit(self) -> None:
        path = self.query_one("#path", Input).value.strip()
        if not path:
            self.query_one(".dialog-error", Static).update("Say where to write the file.")
            return
        self.dismiss(
            {
                "format": str(self.query_one("#format", Select).value),
                "path": path,
                "since": self.query_one("#since", Input).value.strip() or None,
            }
        )

    @on(Button.Pressed, "#cancel")
    def _cancelled(self) -> None:
        self.dismiss(None)
