"""A call transcript: one block per turn, speakers styled apart, notes under each turn.

Turn numbers are 1-based over the whole transcript, the numbering findings, markers and
reviews use, so any of them can be pinned to its turn and highlighted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Label, Static

from simulator.tui.text import literal


class TurnView(Vertical):
    """One turn: who spoke, what they said, and any notes pinned to it."""

    def __init__(self, number: int, speaker: str, label: str, text: str) -> None:
        super().__init__(classes=f"turn -{speaker}")
        self.number = number
        self.speaker = speaker
        self._label = label
        self._text = text
        self._notes: list[Static] = []
        self._composed = False

    def compose(self) -> ComposeResult:
        self._composed = True
        yield Label(literal(f"{self.number}  {self._label}"), classes="speaker")
        yield Static(literal(self._text), classes="said")
        yield from self._notes

    def annotate(self, line: Text, kind: str) -> Static:
        """Pin a note under the text (kept in order even before the turn is mounted)."""
        note = Static(line, classes=f"note -{kind}")
        if self._composed:
            self.mount(note)
        else:
            self._notes.append(note)
        return note

    def set_tip(self, tip: Text | None) -> None:
        for old in self.query(".note.-jump-tip"):
            old.remove()
        if tip is not None:
            self.annotate(tip, "jump-tip")


class TranscriptView(VerticalScroll, can_focus=True):
    """The conversation so far. With a cursor, up/down walk the turns and enter selects."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Prev turn", show=False),
        Binding("down,j", "move(1)", "Next turn", show=False),
        Binding("home", "edge(0)", "First", show=False),
        Binding("end", "edge(-1)", "Last", show=False),
        Binding("enter", "choose", "Select turn", show=False),
    ]

    cursor: reactive[int] = reactive(0, init=False)

    class TurnChosen(Message):
        def __init__(self, view: TranscriptView, number: int) -> None:
            super().__init__()
            self.view = view
            self.number = number

    def __init__(
        self,
        speakers: Mapping[str, str],
        *,
        selectable: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.speakers = dict(speakers)
        self.selectable = selectable
        self._turns: list[TurnView] = []

    @property
    def count(self) -> int:
        return len(self._turns)

    def turn(self, number: int) -> TurnView | None:
        return self._turns[number - 1] if 1 <= number <= len(self._turns) else None

    def reset(self, speakers: Mapping[str, str] | None = None) -> None:
        """Empty the view (to redraw a stored session after a change)."""
        self.remove_children()
        self._turns.clear()
        self.set_reactive(TranscriptView.cursor, 0)
        if speakers is not None:
            self.speakers = dict(speakers)

    def append(self, speaker: str, text: str) -> TurnView:
        view = TurnView(len(self._turns) + 1, speaker, self.speakers.get(speaker, speaker), text)
        self._turns.append(view)
        self.mount(view)
        return view

    def annotate(self, number: int, line: Text, kind: str) -> None:
        view = self.turn(number)
        if view is not None:
            view.annotate(line, kind)

    def follow(self) -> None:
        """Keep the newest turn in sight."""
        self.call_after_refresh(self.scroll_end, animate=False)

    def highlight(self, number: int, tip: Text | None = None) -> None:
        """Mark one turn, show the tip under it and bring it into view."""
        for view in self.query(".-highlight").results(TurnView):
            if view.number != number:
                view.remove_class("-highlight")
                view.set_tip(None)
        view = self.turn(number)
        if view is None:
            return
        view.add_class("-highlight")
        view.set_tip(tip)
        self.set_reactive(TranscriptView.cursor, number)
        self.call_after_refresh(self.scroll_to_widget, view, animate=False, top=True)

    def action_move(self, delta: int) -> None:
        if not self.selectable or not self._turns:
            self.scroll_relative(y=delta)
            return
        current = self.cursor or (0 if delta > 0 else len(self._turns) + 1)
        self.cursor = max(1, min(len(self._turns), current + delta))

    def action_edge(self, where: int) -> None:
        if not self.selectable or not self._turns:
            self.scroll_home() if where == 0 else self.scroll_end()
            return
        self.cursor = 1 if where == 0 else len(self._turns)

    def watch_cursor(self, number: int) -> None:
        self.highlight(number)

    def action_choose(self) -> None:
        if self.selectable and self.cursor:
            self.post_message(self.TurnChosen(self, self.cursor))

    def on_click(self, event) -> None:  # type: ignore[no-untyped-def]
        widget = event.widget
        while widget is not None and not isinstance(widget, TurnView):
            widget = widget.parent
        if self.selectable and isinstance(widget, TurnView):
            self.cursor = widget.number
            self.post_message(self.TurnChosen(self, widget.number))
