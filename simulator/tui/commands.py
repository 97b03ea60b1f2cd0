"""Command palette entries for getting around: screens, scenarios and themes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from simulator.tui.text import clean

if TYPE_CHECKING:
    from simulator.tui.app import CollectorApp


@dataclass(frozen=True)
class Entry:
    text: str  # plain text, matched and shown literally
    help: str  # plain text
    run: Callable[[], object]
    discover: bool = True


def highlighted(text: str, offsets: tuple[int, ...] | list[int], style: str) -> Content:
    """Literal content with the matched letters styled (the stock helper parses markup)."""
    content = Content(clean(text))
    for offset in offsets:
        if offset < len(text) and not text[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content


class NavigationCommands(Provider):
    """Screens for each role, every scenario (brief, play-test, graph) and every theme."""

    def _entries(self) -> Iterator[Entry]:
        app: CollectorApp = self.app  # type: ignore[assignment]
        yield Entry("Go to start", "Switch trainee name or role", app.go_cb("start"))
        yield Entry("Go to library", "Trainee: choose a scenario", app.go_cb("library"))
        yield Entry("Go to my progress", "Trainee: scores over time", app.go_cb("progress"))
        yield Entry("Go to lint", "Trainer: problems in the library", app.go_cb("lint"))
        yield Entry("Go to scenarios", "Trainer: play-test and graphs", app.go_cb("scenarios"))
        yield Entry(
            "Go to dashboards",
            "Manager: trainees, scenarios, findings",
            app.go_cb("dashboards"),
        )
        library = app.workspace.loaded_library
        for sid, loaded in sorted(library.scenarios.items()) if library else ():
            title = loaded.scenario.title
            yield Entry(
                f"Brief: {title}", f"Open the briefing of {sid}", app.go_cb("briefing", sid), False
            )
            yield Entry(
                f"Play-test: {title}",
                f"Trainer play-test of {sid}",
                app.go_cb("playtest", sid),
                False,
            )
            yield Entry(
                f"Graph: {title}",
                f"Nodes and cohort choices of {sid}",
                app.go_cb("graph", sid),
                False,
            )
        for name in sorted(app.available_themes):
            yield Entry(f"Theme: {name}", "Switch the colour theme", app.set_theme_cb(name), False)

    async def startup(self) -> None:
        app: CollectorApp = self.app  # type: ignore[assignment]
        await app.workspace.library()

    async def discover(self) -> Hits:
        for entry in self._entries():
            if entry.discover:
                yield DiscoveryHit(
                    Content(clean(entry.text)), entry.run, text=entry.text, help=escape(entry.help)
                )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        style = "reverse"
        for entry in self._entries():
            score, offsets = matcher.fuzzy_search.match(matcher.query, entry.text)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(entry.text, offsets, style),
                    entry.run,
                    text=entry.text,
                    help=escape(entry.help),
                )
