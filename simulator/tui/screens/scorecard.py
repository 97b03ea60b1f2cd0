"""After the call: each dimension with bars, pass or fail, findings and markers in context."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from simulator.tui.annotations import (
    finding_item,
    finding_kind,
    finding_note,
    marker_item,
    marker_kind,
    marker_note,
    tip_note,
)
from simulator.tui.text import humanise, literal, score_text
from simulator.tui.widgets.bars import BarRow
from simulator.tui.widgets.transcript import TranscriptView

if TYPE_CHECKING:
    from simulator.scenario.loader import LoadedScenario
    from simulator.scoring.scorecard import Scorecard
    from simulator.session import PlaySession
    from simulator.tui.app import CollectorApp

DIMENSIONS = ("compliance", "empathy", "outcome", "overall")


def items_of(card: dict[str, Any]) -> list[tuple[int, str, dict[str, Any]]]:
    """Findings and empathy markers in turn order: (turn, 'finding'|'marker', data)."""
    found = [(int(f["turn"]), "finding", f) for f in card.get("findings") or []]
    marks = [
        (int(m["turn"]), "marker", m) for m in (card.get("empathy") or {}).get("markers") or []
    ]
    return sorted(found + marks, key=lambda item: (item[0], item[1] != "finding"))


def strengths_text(card: dict[str, Any]) -> Text:
    strengths = card.get("strengths") or []
    if not strengths:
        return Text("Nothing stood out this time.", style="italic")
    text = Text()
    for i, item in enumerate(strengths):
        text.append("\n" if i else "")
        text.append(" + ", style="bold")
        text.append_text(literal(item if isinstance(item, str) else item.get("text", item)))
    return text


def reasons_text(card: dict[str, Any]) -> Text:
    """Why each dimension scored what it did: criteria met, missed, or not applicable."""
    dimensions = card.get("dimensions") or {}
    text = Text()
    for name, dim in dimensions.items():
        weight = dim.get("effective_weight")
        text.append(f"{humanise(name)}  {score_text(dim.get('score'))}", style="bold")
        if weight is not None:
            text.append(f"  (weight {weight:g})", style="dim")
        text.append("\n")
        for r in dim.get("reasons") or []:
            met = r.get("met")
            text.append("  n/a " if met is None else ("  yes " if met else "  no  "), style="dim")
            text.append_text(literal(r.get("detail") or humanise(str(r.get("criterion", "")))))
            if met is not None:
                text.append(f"  {r.get('points', 0):g}/{r.get('max_points', 0):g}", style="dim")
            text.append("\n")
    return text if text.plain else Text("No details.", style="italic")


class ScorecardScreen(Screen):
    CSS_PATH = "scorecard.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Retry"),
        Binding("n", "next", "Next scenario"),
        Binding("t", "tab('transcript')", "Transcript"),
        Binding("f", "tab('items')", "Findings"),
        Binding("s", "tab('strengths')", "Strengths", show=False),
        Binding("w", "tab('why')", "Why", show=False),
        Binding("escape", "back", "Library"),
    ]

    app: CollectorApp  # type: ignore[assignment]

    def __init__(self, session: PlaySession, card: Scorecard) -> None:
        super().__init__()
        self.session = session
        self.card: dict[str, Any] = card.to_json()
        self._items = items_of(self.card)
        self._next: LoadedScenario | None = None

    def compose(self) -> ComposeResult:
        from simulator.tui.screens.call import speaker_names

        yield Header()
        with Vertical(id="card-top"):
            yield Static(self._verdict(), id="verdict")
            with Vertical(id="dims"):
                for dim in DIMENSIONS:
                    yield BarRow(humanise(dim), key=dim)
        with TabbedContent(id="card-tabs"):
            with TabPane(f"Findings & markers ({len(self._items)})", id="items"):
                if self._items:
                    yield OptionList(
                        *(self._item_option(i, item) for i, item in enumerate(self._items)),
                        id="item-list",
                    )
                else:
                    yield Static("No findings and no empathy markers.", classes="empty")
            with TabPane("Transcript", id="transcript"):
                yield TranscriptView(
                    speaker_names(self.session), selectable=True, id="card-transcript"
                )
            with TabPane("Strengths", id="strengths"), VerticalScroll():
                yield Static(strengths_text(self.card), id="strength-text")
            with TabPane("Why", id="why"), VerticalScroll():
                yield Static(reasons_text(self.card), id="reason-text")
        with Horizontal(id="next-row"):
            yield Static(id="next-text")
        yield Footer()

    def _verdict(self) -> Text:
        card = self.card
        outcome = self.session.call.outcome
        text = Text.assemble(
            (" PASSED " if card.get("passed") else " NOT PASSED ", "reverse bold"),
            "  ",
            ("Overall ", "dim"),
            (score_text(card.get("scores", {}).get("overall")), "bold"),
        )
        if card.get("pass_mark") is not None:
            text.append(f" / pass {card['pass_mark']:g}", style="dim")
        text.append("   Outcome ", style="dim")
        text.append(humanise(outcome.outcome) if outcome else "none")
        if self.session.session_id is not None:
            text.append(f"   Session {self.session.session_id}", style="dim")
        if card.get("auto_failed"):
            text.append("\nA critical compliance finding fails a test call.", style="bold")
        elif card.get("critical_warning"):
            text.append(
                "\nA critical finding here would fail this call in test mode.", style="bold"
            )
        return text

    @staticmethod
    def _item_option(index: int, item: tuple[int, str, dict[str, Any]]) -> Option:
        _, kind, data = item
        prompt = finding_item(data) if kind == "finding" else marker_item(data)
        return Option(prompt, id=str(index))

    def on_mount(self) -> None:
        self.title = self.session.scenario.title
        self.sub_title = f"{self.app.user or 'guest'} · scorecard"
        self.set_class(bool(self.card.get("passed")), "-passed")
        scores = self.card.get("scores") or {}
        for row in self.query(BarRow):
            row.update(scores.get(row.key))
        view = self.query_one(TranscriptView)
        for turn in self.session.transcript:
            view.append(turn.speaker, turn.text)
        for number, kind, data in self._items:
            if kind == "finding":
                view.annotate(number, finding_note(data), finding_kind(data))
            else:
                view.annotate(number, marker_note(data), marker_kind(data))
        self._suggest()
        if self._items:
            items = self.query_one("#item-list", OptionList)
            items.highlighted = 0
            items.focus()

    def _suggest(self) -> None:
        from simulator.store import StoreError
        from simulator.tui.suggest import next_scenario

        library = self.app.workspace.loaded_library
        stats: dict[str, Any] = {}
        store = self.app.workspace.store
        if store is not None and self.app.user:
            try:
                stats = {
                    r["scenario_id"]: r for r in store.report_trainee(self.app.user)["scenarios"]
                }
            except StoreError:
                stats = {}
        s = self.session.scenario
        self._next = next_scenario(
            s.id,
            s.locale,
            s.difficulty,
            bool(self.card.get("passed")),
            library.scenarios.values() if library else (),
            stats,
        )
        text = Text("Next: ", style="bold")
        if self._next is None:
            text.append("no other scenario in this language.", style="italic")
        else:
            text.append_text(literal(self._next.scenario.title))
            text.append(f"  (level {self._next.scenario.difficulty}, press n)", style="dim")
        self.query_one("#next-text", Static).update(text)
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#item-list")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        number, kind, data = self._items[int(event.option.id or 0)]
        tip = tip_note(data.get("tip")) if kind == "finding" else None
        self.query_one(TabbedContent).active = "transcript"
        view = self.query_one(TranscriptView)
        view.highlight(number, tip)
        view.focus()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        target = {"items": "#item-list", "transcript": "#card-transcript"}.get(tab)
        for widget in self.query(target or f"#{tab} VerticalScroll"):
            widget.focus()

    def action_retry(self) -> None:
        from simulator.tui.screens.call import CallScreen

        session = self.app.start_session(self.session.loaded, mode=self.session.call.mode)
        if session is not None:
            self.app.switch_screen(CallScreen(session))

    def action_next(self) -> None:
        from simulator.tui.screens.briefing import BriefingScreen

        if self._next is not None:
            self.app.switch_screen(BriefingScreen(self._next, mode=self.session.call.mode))

    def action_back(self) -> None:
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self._next is not None
        return True
