"""The trainee's home: every scenario, filtered and searched, with my best and attempts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from simulator.tui.text import humanise, literal, score_text

if TYPE_CHECKING:
    from simulator.scenario.loader import LoadedScenario
    from simulator.tui.app import CollectorApp

FILTERS = {
    "persona": "Any persona",
    "stage": "Any stage",
    "locale": "Any language",
    "difficulty": "Any level",
}


def searchable(loaded: LoadedScenario) -> str:
    s = loaded.scenario
    return " ".join([s.id, s.title, s.description, s.persona, s.stage, *s.tags]).casefold()


TITLE_MIN = 16
OTHER_COLUMNS = 56  # the six narrow columns, their padding and the scrollbar


class LibraryScreen(Screen):
    CSS_PATH = "library.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Brief", show=True),
        Binding("slash", "search", "Search"),
        Binding("p", "progress", "My progress"),
        Binding("u", "resume", "Resume"),
        Binding("escape", "back", "Start", show=False),
    ]

    app: CollectorApp  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self._stats: dict[str, dict[str, Any]] = {}
        self._unfinished: list[dict[str, Any]] = []
        self._scenarios: dict[str, LoadedScenario] = {}
        self._title_width = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="library"):
            yield Input(placeholder="Search scenarios (type to filter)", id="search", compact=True)
            with Horizontal(id="filters"):
                for name, prompt in FILTERS.items():
                    yield Select([], prompt=prompt, id=f"f-{name}", compact=True)
            yield Static(id="unfinished")
            yield DataTable(id="scenarios", cursor_type="row", zebra_stripes=True)
            yield Static(id="detail", classes="panel")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{self.app.user} · library"
        self.query_one("#unfinished", Static).display = False
        self.query_one(DataTable).loading = True
        self.query_one(DataTable).focus()
        self._load()

    def on_screen_resume(self) -> None:
        if self._scenarios:
            self._load_stats()
            self._fill()

    @work(group="library", exclusive=True)
    async def _load(self) -> None:
        library = await self.app.workspace.library()
        self._scenarios = dict(sorted(library.scenarios.items(), key=lambda kv: self._order(kv[1])))
        for name in FILTERS:
            values = sorted({getattr(s.scenario, name) for s in self._scenarios.values()})
            select = self.query_one(f"#f-{name}", Select)
            select.set_options([(self._option_label(name, v), v) for v in values])
        self._load_stats()
        table = self.query_one(DataTable)
        table.loading = False
        self._fill()
        if not self.query_one("#search", Input).value:
            table.focus()
        if not self._scenarios:
            self.query_one("#detail", Static).update(
                literal(f"No scenarios found in {self.app.workspace.scenarios_dir}.")
            )

    @staticmethod
    def _option_label(name: str, value: Any) -> str:
        if name == "difficulty":
            return f"Level {value}"
        return str(value) if name == "locale" else humanise(str(value))

    @staticmethod
    def _order(loaded: LoadedScenario) -> tuple[Any, ...]:
        s = loaded.scenario
        return (s.locale, s.difficulty, s.stage, s.title)

    def _load_stats(self) -> None:
        from simulator.store import StoreError

        store = self.app.workspace.store
        self._stats, self._unfinished = {}, []
        if store is None:
            return
        try:
            report = store.report_trainee(self.app.user)
            self._stats = {row["scenario_id"]: row for row in report["scenarios"]}
        except StoreError:
            pass  # a new trainee has no history yet
        try:
            self._unfinished = store.resumable(self.app.user)
        except StoreError:
            self._unfinished = []
        banner = self.query_one("#unfinished", Static)
        banner.display = bool(self._unfinished)
        if self._unfinished:
            latest = self._unfinished[0]
            banner.update(
                Text.assemble(
                    (f"{len(self._unfinished)} unfinished call(s). ", "bold"),
                    "Press u to resume ",
                    literal(latest.get("scenario_title") or latest["scenario_id"]),
                    ".",
                )
            )

    def _visible(self) -> list[LoadedScenario]:
        query = self.query_one("#search", Input).value.casefold().split()
        wanted = {name: self.query_one(f"#f-{name}", Select).value for name in FILTERS}
        out = []
        for loaded in self._scenarios.values():
            s = loaded.scenario
            if any(v is not Select.NULL and getattr(s, k) != v for k, v in wanted.items()):
                continue
            haystack = searchable(loaded)
            if all(word in haystack for word in query):
                out.append(loaded)
        return out

    def _columns(self, table: DataTable) -> None:
        """(Re)build the columns: titles get whatever width the other columns leave."""
        width = max(TITLE_MIN, table.size.width - OTHER_COLUMNS)
        if self._title_width == width:
            return
        self._title_width = width
        table.clear(columns=True)
        table.add_column("Scenario", key="title", width=width)
        table.add_column("Persona", key="persona", width=12)
        table.add_column("Stage", key="stage", width=5)
        table.add_column("Lang", key="locale", width=5)
        table.add_column("Lvl", key="difficulty", width=3)
        table.add_column("Best", key="best", width=4)
        table.add_column("Tries", key="attempts", width=5)

    def on_resize(self) -> None:
        if self._scenarios:
            self._fill()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        if not table.size.width:
            # The library can arrive from its worker before the table is laid out; the
            # title column's width depends on the table's, so fill after the next refresh.
            self.call_after_refresh(self._fill)
            return
        keep = self._current_id()
        table.clear()
        self._columns(table)
        for loaded in self._visible():
            s = loaded.scenario
            stats = self._stats.get(s.id, {})
            table.add_row(
                literal(s.title),
                literal(humanise(s.persona)),
                literal(humanise(s.stage)),
                literal(s.locale),
                Text(str(s.difficulty)),
                Text(score_text(stats.get("best")), justify="right"),
                Text(str(stats.get("attempts", 0)), justify="right"),
                key=s.id,
            )
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep))
        self._show_detail()

    def _current_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return key.value

    def _show_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        sid = self._current_id()
        if sid is None:
            detail.update(Text("No scenario matches the search and filters.", style="italic"))
            return
        s = self._scenarios[sid].scenario
        text = Text.assemble(literal(s.title, "bold"), Text(f"  ({s.id})", style="dim"))
        if s.description:
            text.append("\n")
            text.append_text(literal(s.description.strip()))
        if s.tags:
            text.append("\nTags: ", style="dim")
            text.append_text(literal(", ".join(s.tags)))
        detail.update(text)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open()

    @on(Input.Changed, "#search")
    @on(Select.Changed)
    def _filters_changed(self) -> None:
        if self._scenarios:
            self._fill()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one(DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_open(self) -> None:
        from simulator.tui.screens.briefing import BriefingScreen

        sid = self._current_id()
        if sid is not None:
            self.app.push_screen(BriefingScreen(self._scenarios[sid]))

    def action_progress(self) -> None:
        from simulator.tui.screens.progress import ProgressScreen

        self.app.push_screen(ProgressScreen(self.app.user))

    def action_resume(self) -> None:
        if not self._unfinished:
            self.notify("No unfinished calls.")
            return
        self.app.run_worker(self.app.resume_session(int(self._unfinished[0]["id"])), group="nav")

    def action_back(self) -> None:
        self.app.navigate("start")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            return bool(self._unfinished)
        return True
