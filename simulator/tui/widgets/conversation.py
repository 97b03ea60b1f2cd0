"""The talking part of a call: transcript, guided choices, coaching line and the input.

Shared by the trainee's call screen and the trainer's play-test. Every turn goes through
``PlaySession.say``, which stores it before returning, so the reply is drawn only after
the turn is safe.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from simulator.transcript.model import MAX_TURN_CHARS
from simulator.tui.annotations import coach_note, finding_kind, finding_note
from simulator.tui.text import literal
from simulator.tui.widgets.transcript import TranscriptView

if TYPE_CHECKING:
    from simulator.engine import Choice, Reply
    from simulator.session import PlaySession

PICK = Binding.Group("Pick", compact=True)
MAX_CHOICES = 9
PICK_DIGITS = {str(n): n for n in range(1, MAX_CHOICES + 1)}
PICK_BINDINGS: list[BindingType] = [
    Binding(key, f"pick({n})", "Pick", group=PICK) for key, n in PICK_DIGITS.items()
]


class ChoiceRow(Horizontal):
    """One guided option: its number, then the text wrapping beside it (hanging indent)."""

    class Picked(Message):
        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def __init__(self, choice: Choice) -> None:
        super().__init__(
            Label(str(choice.number), classes="choice-number"),
            Static(literal(choice.text), classes="choice-text"),
            classes="choice",
        )
        self.number = choice.number

    def on_click(self) -> None:
        self.post_message(self.Picked(self.number))


class ChoiceList(Vertical):
    """Guided options in practice mode: press their number, or click one."""

    def show(self, choices: list[Choice]) -> None:
        self.remove_children()
        self.mount_all(ChoiceRow(c) for c in choices)
        self.display = bool(choices)


class SayInput(Input):
    """The trainee's line. While it is empty, digits pick guided choices instead of typing.

    The digit is judged here, as the input takes its own keys in order, so it sees every
    character typed before it: in a fast burst ("I can offer 2 payments", a paste without
    bracketed paste) the 2 is typed. A priority binding judged the digit when the app
    received it, possibly before the earlier characters had reached the input.
    """

    BINDINGS: ClassVar[list[BindingType]] = PICK_BINDINGS

    class Pick(Message):
        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def __init__(self, choices: Callable[[], int], **kwargs: Any) -> None:
        # The session refuses longer turns; the box stops there instead of failing on Enter.
        super().__init__(max_length=MAX_TURN_CHARS, **kwargs)
        self._choices = choices

    def restricted(self) -> None:
        # Only the length limit restricts this box: say why the text did not go in.
        self.app.bell()
        self.notify(
            f"A turn can hold at most {MAX_TURN_CHARS:,} characters; that text was not added.",
            title="Too long",
            severity="warning",
        )

    def picks(self, number: int) -> bool:
        """Whether the digit picks a choice now rather than being typed."""
        return not self.value and 1 <= number <= self._choices()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "pick":
            return super().check_action(action, parameters)
        return self.picks(int(parameters[0]))  # type: ignore[call-overload]

    def on_key(self, event: events.Key) -> None:
        # Runs before Input's own handler, which types every printable key (so the bindings
        # above would never fire; they label the keys in the footer). prevent_default()
        # keeps Input from typing the digit that was taken as a pick.
        number = PICK_DIGITS.get(event.character or "")
        if number is not None and self.picks(number):
            event.stop()
            event.prevent_default()
            self.action_pick(number)

    def action_pick(self, number: int) -> None:
        if self.picks(number):
            self.post_message(self.Pick(number))


class Conversation(Vertical):
    # The same digits, for when another part of the call has focus (the transcript, after
    # scrolling back). While the say box has focus, it takes its own keys first.
    BINDINGS: ClassVar[list[BindingType]] = PICK_BINDINGS

    class Replied(Message):
        def __init__(self, text: str, reply: Reply) -> None:
            super().__init__()
            self.text = text
            self.reply = reply

    class Ended(Message):
        pass

    class SaveFailed(Message):
        def __init__(self, error: Exception) -> None:
            super().__init__()
            self.error = error

    def __init__(
        self,
        session: PlaySession,
        speakers: Mapping[str, str],
        *,
        aids: bool,
        placeholder: str = "",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="conversation")
        self.session = session
        self.speakers = dict(speakers)
        self.aids = aids
        self._placeholder = placeholder
        self._choices: list[Choice] = []
        self._was_empty = True

    def compose(self) -> ComposeResult:
        yield TranscriptView(self.speakers, id="transcript")
        yield ChoiceList(id="choices")
        yield Static(id="coach")
        yield SayInput(lambda: len(self._choices), placeholder=self._placeholder, id="say")

    def on_mount(self) -> None:
        self.draw_new_turns()
        self.refresh_choices()
        self.query_one("#coach", Static).display = False
        if self.session.ended:
            self.end_input()
        else:
            self.focus_input()

    # ------------------------------------------------------------------ drawing

    @property
    def transcript(self) -> TranscriptView:
        return self.query_one(TranscriptView)

    def draw_new_turns(self) -> None:
        view = self.transcript
        for turn in self.session.transcript[view.count :]:
            view.append(turn.speaker, turn.text)
        view.follow()

    def refresh_choices(self) -> None:
        self._choices = self.session.choices()[:MAX_CHOICES] if self.aids else []
        self.query_one(ChoiceList).show(self._choices)
        self.screen.refresh_bindings()

    def show_coaching(self, feedback: str | None) -> None:
        coach = self.query_one("#coach", Static)
        coach.display = bool(feedback and self.aids)
        if feedback and self.aids:
            coach.update(coach_note(feedback))

    def focus_input(self) -> None:
        self.query_one("#say", Input).focus()

    def end_input(self) -> None:
        """The call is over: nothing more can be said."""
        field = self.query_one("#say", Input)
        field.disabled = True
        field.placeholder = "The call has ended."
        self.query_one(ChoiceList).display = False
        self._choices = []

    # -------------------------------------------------------------------- turns

    def send(self, text: str) -> None:
        from simulator.session import SessionSaveError

        if self.session.ended:
            return
        try:
            reply = self.session.say(text)
        except SessionSaveError as exc:
            self.draw_new_turns()
            self.end_input()
            self.post_message(self.SaveFailed(exc))
            return
        self.draw_new_turns()
        if self.aids:
            for finding in reply.findings:
                data: dict[str, Any] = finding.to_json()  # type: ignore[attr-defined]
                self.transcript.annotate(data["turn"], finding_note(data), finding_kind(data))
        self.show_coaching(reply.feedback)
        self.refresh_choices()
        self.post_message(self.Replied(text, reply))
        if reply.ended:
            self.end_input()
            self.post_message(self.Ended())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            return
        event.input.value = ""
        self.send(text)

    def on_input_changed(self, event: Input.Changed) -> None:
        # Digits pick choices only while the box is empty: refresh the footer when that flips.
        empty = not event.value
        if empty != self._was_empty:
            self._was_empty = empty
            self.screen.refresh_bindings()

    def on_choice_row_picked(self, event: ChoiceRow.Picked) -> None:
        event.stop()
        self.pick(event.number)
        self.focus_input()

    def on_say_input_pick(self, event: SayInput.Pick) -> None:
        event.stop()
        self.pick(event.number)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "pick":
            return super().check_action(action, parameters)
        return self._picks(int(parameters[0]))  # type: ignore[call-overload]

    def action_pick(self, number: int) -> None:
        if self._picks(number):
            self.pick(number)

    def _picks(self, number: int) -> bool:
        # The footer asks before the say box is composed, too.
        return any(box.picks(number) for box in self.query(SayInput))

    def pick(self, number: int) -> None:
        if 1 <= number <= len(self._choices):
            self.send(self._choices[number - 1].text)
