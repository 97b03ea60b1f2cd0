"""The collector-sim app: a start screen, then a home for each role.

Screens are imported when first opened and the library loads in a thread after the first
paint, so the start screen appears about as fast as an empty Textual app.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen

from simulator.tui.commands import NavigationCommands
from simulator.tui.prefs import Preferences, load_preferences, save_preferences
from simulator.tui.text import clean
from simulator.tui.themes import DEFAULT_THEME, THEMES, opposite
from simulator.tui.workspace import Workspace

if TYPE_CHECKING:
    from simulator.scenario.loader import LoadedScenario
    from simulator.session import PlaySession

BACKGROUND_DELAY = 0.3
# Stylesheets of the screens after the start screen, read once the start screen is up so
# opening each screen later does not re-parse the whole stylesheet.
SCREEN_STYLES = (
    "library",
    "briefing",
    "call",
    "scorecard",
    "progress",
    "trainer",
    "playtest",
    "graph",
    "dashboard",
    "review",
    "modals",
)
ROLE_HOMES = {"trainee": "library", "trainer": "lint", "manager": "dashboards"}
TRAINEE_TARGETS = ("library", "progress", "briefing")


@dataclass
class Launch:
    """What the command line asked to open straight away."""

    scenario: LoadedScenario | None = None
    trainee: str | None = None
    mode: str | None = None
    seed: int | None = None
    start_node: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    resume: int | None = None


class CollectorApp(App[None]):
    # The start screen is the default screen, whose own CSS_PATH Textual does not load;
    # every other screen brings its stylesheet when first opened.
    CSS_PATH: ClassVar[list[str]] = ["app.tcss", "screens/start.tcss"]
    TITLE = "collector-sim"
    SUB_TITLE = "debt-collection call training"
    COMMANDS = App.COMMANDS | {NavigationCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),
        Binding("f1", "toggle_keys", "Keys", show=False),
    ]

    def __init__(
        self,
        *,
        scenarios_dir: Path | None = None,
        db: str | None = None,
        launch: Launch | None = None,
        prefs_path: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.workspace = Workspace(scenarios_dir, db)
        self.prefs_path = prefs_path
        self.prefs: Preferences = load_preferences(prefs_path)
        self.user = self.prefs.name
        self.role = self.prefs.role
        self.launch = launch
        self.clock = clock
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = (
            self.prefs.theme if self.prefs.theme in self.available_themes else DEFAULT_THEME
        )

    # ------------------------------------------------------------------ startup

    def get_default_screen(self) -> Screen:
        from simulator.tui.screens.start import StartScreen

        return StartScreen()

    def on_mount(self) -> None:
        if self.launch is not None:
            self.run_worker(self._open_launch(self.launch), group="nav", exclusive=True)
        # Background loading waits until the first screen is up: a thread importing YAML and
        # pydantic would hold the GIL while the screen is being laid out.
        self.set_timer(BACKGROUND_DELAY, self._preload)

    def _preload(self) -> None:
        folder = Path(__file__).parent / "screens"
        for name in SCREEN_STYLES:
            path = folder / f"{name}.tcss"
            if not self.stylesheet.has_source(str(path)):
                self.stylesheet.read(path)
        self.stylesheet.reparse()
        self.stylesheet.update(self)
        self.run_worker(self.workspace.library(), group="preload")

    def on_unmount(self) -> None:
        self.workspace.close()

    def format_title(self, title: str, sub_title: str) -> Content:
        return super().format_title(clean(title), clean(sub_title))

    async def _open_launch(self, launch: Launch) -> None:
        from simulator.tui.screens.briefing import BriefingScreen
        from simulator.tui.screens.library import LibraryScreen

        if launch.trainee:
            self.remember(launch.trainee, "trainee")
        if launch.resume is not None:
            await self.resume_session(launch.resume)
        elif launch.scenario is not None:
            briefing = BriefingScreen(
                launch.scenario,
                mode=launch.mode or "practice",
                seed=launch.seed,
                start_node=launch.start_node,
                overrides=launch.overrides,
            )
            await self._reset(LibraryScreen(), briefing)

    # -------------------------------------------------------------- preferences

    def remember(self, name: str, role: str) -> None:
        self.user, self.role = name, role
        self.prefs.remember(name, role)
        self._save_prefs()

    def _save_prefs(self) -> None:
        if not save_preferences(self.prefs, self.prefs_path):
            self.notify("Could not save your preferences.", severity="warning", markup=False)

    def watch_theme(self, theme: str) -> None:
        if self.prefs.theme != theme:
            self.prefs.theme = theme
            if self.is_running:
                self._save_prefs()

    def action_toggle_theme(self) -> None:
        self.theme = opposite(self.theme, self.current_theme.dark)

    def action_toggle_keys(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def set_theme_cb(self, name: str) -> Callable[[], None]:
        def apply() -> None:
            self.theme = name

        return apply

    # --------------------------------------------------------------- navigation

    def go_cb(self, target: str, arg: str | None = None) -> Callable[[], None]:
        return lambda: self.navigate(target, arg)

    def navigate(self, target: str, arg: str | None = None) -> None:
        self.run_worker(self.go(target, arg), group="nav", exclusive=True)

    async def _reset(self, *screens: Screen) -> None:
        """Back to the start screen, then up through the given screens."""
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        for screen in screens:
            await self.push_screen(screen)

    async def go(self, target: str, arg: str | None = None) -> None:
        """Open a place in the app from anywhere (palette, keys), leaving a call politely."""
        from simulator.tui.screens import dashboard, library, progress, trainer

        if not await self.confirm_leave_call():
            return
        if target in TRAINEE_TARGETS and not self.user:
            self.notify("Enter your name first.", severity="warning")
            target = "start"
        if target == "start":
            await self._reset()
        elif target == "library":
            await self._reset(library.LibraryScreen())
        elif target == "progress":
            await self._reset(library.LibraryScreen(), progress.ProgressScreen(self.user))
        elif target in ("lint", "scenarios"):
            await self._reset(trainer.TrainerScreen(tab=target))
        elif target == "dashboards":
            await self._reset(dashboard.DashboardScreen())
        elif target in ("briefing", "playtest", "graph") and arg:
            await self._open_scenario(target, arg)

    async def _open_scenario(self, target: str, scenario_id: str) -> None:
        from simulator.tui.screens import briefing, graph, library, playtest, trainer

        loaded = (await self.workspace.library()).find(scenario_id)
        if loaded is None:
            self.notify(
                f"No scenario '{scenario_id}' in the library.", severity="error", markup=False
            )
            return
        if target == "briefing":
            await self._reset(library.LibraryScreen(), briefing.BriefingScreen(loaded))
        elif target == "playtest":
            await self._reset(
                trainer.TrainerScreen(tab="scenarios"), playtest.PlaytestScreen(loaded)
            )
        else:
            await self._reset(trainer.TrainerScreen(tab="scenarios"), graph.GraphScreen(loaded))

    def live_call(self) -> Any:
        """The call screen with a call still going, if there is one in the stack."""
        from simulator.tui.screens.call import CallScreen

        return next(
            (s for s in self.screen_stack if isinstance(s, CallScreen) and s.in_progress), None
        )

    async def confirm_leave_call(self) -> bool:
        from simulator.tui.screens.modals import Confirm

        call = self.live_call()
        if call is None:
            return True
        leave = await self.push_screen_wait(
            Confirm(
                "Leave this call?",
                "The call stays unfinished. You can resume it later from the library "
                "(or with `collector-sim resume`).",
                yes="Leave",
                no="Stay",
            )
        )
        if leave:
            call.leave()
        return bool(leave)

    async def action_quit(self) -> None:
        self.run_worker(self._quit(), group="nav", exclusive=True)

    async def _quit(self) -> None:
        if await self.confirm_leave_call():
            self.exit()

    # ------------------------------------------------------------------ sessions

    async def resume_session(self, session_id: int) -> None:
        from simulator.engine.state import StateError
        from simulator.session import PlaySession, SessionSaveError
        from simulator.store import StoreError
        from simulator.tui.screens.call import CallScreen
        from simulator.tui.screens.library import LibraryScreen

        store = self.workspace.store
        if store is None:
            self.show_error("No results database", self.workspace.store_error or "")
            return
        try:
            record = store.load_session(session_id)
            loaded = (await self.workspace.library()).find(record.scenario_id)
            if loaded is None:
                raise StoreError(f"scenario '{record.scenario_id}' is no longer in the library")
            changed = store.scenario_changed(session_id, loaded.content_hash)
            session = PlaySession.resume(loaded, store, session_id)
        except (StoreError, SessionSaveError, StateError) as exc:
            self.show_error("Cannot resume this session", str(exc))
            return
        if changed:
            self.notify(
                "This scenario changed since the session began; continuing with the saved state.",
                severity="warning",
            )
        self.user = record.trainee
        await self._reset(LibraryScreen(), CallScreen(session))

    def start_session(self, loaded: LoadedScenario, **options: Any) -> PlaySession | None:
        """Begin a stored call; None (after telling the user why) if it cannot start."""
        from simulator.engine.state import StateError
        from simulator.session import PlaySession, SessionSaveError

        store = self.workspace.store if self.user else None
        if self.user and store is None:
            self.notify(
                f"This call will not be saved: {self.workspace.store_error}",
                severity="warning",
                markup=False,
                timeout=10,
            )
        try:
            return PlaySession.start(loaded, trainee=self.user or None, store=store, **options)
        except (StateError, SessionSaveError) as exc:
            self.show_error("Cannot start the call", str(exc))
            return None

    def show_error(self, title: str, message: str) -> None:
        from simulator.tui.screens.modals import Notice

        self.push_screen(Notice(title, message, error=True))
