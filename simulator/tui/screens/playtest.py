"""Play-test a scenario from any node, watch its state, set state, and reload on save.

Hot reload works like Ren'Py's: when the YAML (or a shared fragment) changes on disk, the
scenario is reloaded and the trainer's lines so far are replayed on the new version, so the
play-test keeps its place wherever the new file still allows it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Select

from simulator.tui.text import literal
from simulator.tui.widgets.conversation import Conversation
from simulator.tui.widgets.statewatch import StateWatch

if TYPE_CHECKING:
    from simulator.engine import Reply
    from simulator.engine.state import Value
    from simulator.scenario.loader import LoadedScenario
    from simulator.session import PlaySession
    from simulator.tui.app import CollectorApp

POLL_SECONDS = 1.0


@dataclass(frozen=True)
class StateSet:
    """A value the trainer set by hand, after `after` lines, so a reload can set it again."""

    after: int
    name: str
    value: Value


def watched_files(loaded: LoadedScenario) -> list[Path]:
    """The scenario file and the shared fragments it may include."""
    from simulator.scenario.loader import shared_dir_for

    files = [loaded.path]
    shared = shared_dir_for(loaded.path)
    if shared is not None and loaded.scenario.include:
        files += sorted(shared.glob("*.y*ml"))
    return files


def stamp(files: list[Path]) -> tuple[float, ...]:
    out = []
    for path in files:
        try:
            out.append(path.stat().st_mtime_ns)
        except OSError:
            out.append(-1)
    return tuple(out)


class PlaytestScreen(Screen):
    CSS_PATH = "playtest.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "set_state", "Set state", priority=True),
        Binding("ctrl+r", "restart", "Restart", priority=True),
        Binding("ctrl+g", "graph", "Graph", priority=True),
        Binding("ctrl+o", "start_node", "Node", priority=True),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    app: CollectorApp  # type: ignore[assignment]

    def __init__(
        self, loaded: LoadedScenario, *, start_node: str | None = None, seed: int | None = None
    ) -> None:
        super().__init__()
        self.loaded = loaded
        self.start_node = start_node
        self.seed = secrets.randbelow(2**31) if seed is None else seed
        self.sets: list[StateSet] = []
        self.session: PlaySession | None = None
        self._reply: Reply | None = None
        self._files = watched_files(loaded)
        self._stamp = stamp(self._files)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="pt-bar"):
            yield Label("Start at", id="pt-label")
            yield Select(
                [(n.id, n.id) for n in self.loaded.scenario.nodes],
                prompt="(scenario start)",
                value=self.start_node if self.start_node else Select.NULL,
                id="pt-start",
                compact=True,
            )
            yield Label(id="pt-file", classes="muted")
        with Horizontal(id="pt-body"):
            yield Vertical(id="pt-talk")
            with VerticalScroll(id="pt-side", classes="panel") as side:
                side.border_title = "State watch"
                yield StateWatch(id="watch")
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Play-test: {self.loaded.scenario.title}"
        self.sub_title = f"{self.app.user or 'trainer'} · play-test"
        self.query_one("#pt-file", Label).update(
            literal(f"  {self.loaded.path.name} (reloads on save)")
        )
        self._begin(self._new_session(self.loaded, self.start_node))
        self.set_interval(POLL_SECONDS, self._poll)

    # ---------------------------------------------------------------- sessions

    def _new_session(self, loaded: LoadedScenario, start_node: str | None) -> PlaySession | None:
        from simulator.engine.state import StateError
        from simulator.session import PlaySession

        try:
            return PlaySession.start(loaded, mode="practice", seed=self.seed, start_node=start_node)
        except StateError as exc:
            self.app.show_error("Cannot start the play-test", str(exc))
            return None

    def _begin(self, session: PlaySession | None, reply: Reply | None = None) -> None:
        if session is None:
            return
        self.session = session
        self._reply = reply
        holder = self.query_one("#pt-talk", Vertical)
        holder.remove_children()
        holder.mount(
            Conversation(
                session,
                {
                    "agent": "Trainer",
                    "debtor": session.scenario.briefing.debtor_name,
                    "third_party": "Third party",
                },
                aids=True,
                placeholder="Your line, Enter sends · 1-9 picks",
            )
        )
        self._watch()

    def _watch(self) -> None:
        if self.session is not None:
            self.query_one(StateWatch).show(self.session, self._reply)

    @on(Conversation.Replied)
    def _replied(self, event: Conversation.Replied) -> None:
        self._reply = event.reply
        self._watch()

    @on(Select.Changed, "#pt-start")
    def _start_changed(self, event: Select.Changed) -> None:
        node = None if event.value is Select.NULL else str(event.value)
        if node != self.start_node:
            self.start_node = node
            self.action_restart()

    # ----------------------------------------------------------------- actions

    def action_restart(self) -> None:
        self.sets = []
        self._begin(self._new_session(self.loaded, self.start_node))
        self.notify(f"Restarted at {self.start_node or 'the start'}.")

    def action_start_node(self) -> None:
        select = self.query_one("#pt-start", Select)
        select.focus()
        select.action_show_overlay()

    def action_graph(self) -> None:
        from simulator.tui.screens.graph import GraphScreen

        self.app.push_screen(GraphScreen(self.loaded))

    def _said(self) -> list[str]:
        assert self.session is not None
        return [t.text for t in self.session.transcript if t.speaker == "agent"]

    @work(group="playtest", exclusive=True)
    async def action_set_state(self) -> None:
        from simulator.engine.state import parse_override
        from simulator.tui.screens.modals import Ask

        session = self.session
        if session is None:
            return
        names = ", ".join(
            [*session.call.state.meters, *session.call.state.variables, *session.call.state.flags]
        )

        def check(answer: str) -> str | None:
            # Try the values on a scratch copy of the state, so a bad one changes nothing.
            state = session.call.state
            probe = replace(
                state,
                meters=dict(state.meters),
                variables=dict(state.variables),
                flags=dict(state.flags),
            )
            try:
                for item in answer.split():
                    probe.assign(*parse_override(item))
            except ValueError as exc:  # StateError is a ValueError too
                return f"{exc} (known: {names})"
            return None if answer else "Type at least one name=value."

        answer = await self.app.push_screen_wait(
            Ask(
                "Set state",
                f"name=value, several separated by spaces. Known: {names}",
                placeholder="trust=70 verified=true",
                check=check,
            )
        )
        if not answer:
            return
        changed = []
        for item in answer.split():
            name, value = parse_override(item)
            session.set_state(name, value)
            self.sets.append(StateSet(len(self._said()), name, value))
            changed.append(name)
        self.query_one(Conversation).refresh_choices()
        self._watch()
        self.notify(f"Set {', '.join(changed)}.")

    # -------------------------------------------------------------- hot reload

    def _poll(self) -> None:
        current = stamp(self._files)
        if current != self._stamp:
            self._stamp = current
            self.reload()

    def reload(self) -> None:
        """Load the file again and replay what was said on the new version."""
        from simulator.scenario.library import load_library
        from simulator.session import SessionSaveError

        library = load_library([self.loaded.path], check=False)
        fresh = library.scenarios.get(self.loaded.scenario.id) or next(
            iter(library.scenarios.values()), None
        )
        if fresh is None:
            first = library.errors[0].format() if library.errors else "the file has no scenario"
            self.notify(
                f"Reload failed; still playing the old version.\n{first}",
                severity="error",
                markup=False,
                timeout=8,
            )
            return
        lines = self._said() if self.session is not None else []
        start = self.start_node if self.start_node in fresh.scenario.node_index else None
        session = self._new_session(fresh, start)
        if session is None:
            return
        replayed, reply = 0, None
        try:
            for index, text in enumerate([*lines, None]):
                for change in (c for c in self.sets if c.after == index):
                    session.set_state(change.name, change.value)
                if text is None or session.ended:
                    break
                reply = session.say(text)
                replayed += 1
        except (SessionSaveError, ValueError) as exc:
            self.notify(f"Replay stopped: {exc}", severity="warning", markup=False)
        self.loaded = fresh
        self._files = watched_files(fresh)
        self._stamp = stamp(self._files)
        self._begin(session, reply)
        where = f"now at {session.call.node}"
        self.notify(
            f"Reloaded {fresh.path.name}: replayed {replayed} of {len(lines)} line(s), {where}.",
            markup=False,
        )
