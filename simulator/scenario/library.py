"""The scenario library: every scenario under some folders, checked together."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from simulator.diagnostics import Diagnostic, DiagnosticError, Severity
from simulator.scenario.lint import lint
from simulator.scenario.loader import (
    FragmentStore,
    LoadedScenario,
    discover,
    load_scenario,
    shared_dir_for,
)
from simulator.yamlsource import paused_collection

ENV_SCENARIOS = "COLLECTOR_SIM_SCENARIOS"


def bundled_scenarios_dir() -> Path:
    """The library shipped with the package (installed wheel or source tree)."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_bundled" / "scenarios", package.parent / "scenarios"):
        if candidate.is_dir():
            return candidate
    return package.parent / "scenarios"


def default_scenarios_dir(override: str | None = None) -> Path:
    return Path(override or os.environ.get(ENV_SCENARIOS) or bundled_scenarios_dir())


@dataclass
class Library:
    scenarios: dict[str, LoadedScenario] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def find(self, ref: str) -> LoadedScenario | None:
        """A scenario by id, or by the path of its file."""
        if ref in self.scenarios:
            return self.scenarios[ref]
        target = Path(ref).resolve()
        return next((s for s in self.scenarios.values() if s.path.resolve() == target), None)


def builtin_intent_ids(locale: str) -> set[str]:
    from simulator.nlu.catalog import builtin_intent_ids as ids

    return set(ids(locale))


def load_library(paths: Iterable[Path], *, check: bool = True) -> Library:
    """Load every scenario; collect all problems, including duplicate ids across files."""
    with paused_collection():  # the library is plain data: no cycles to collect
        return _load(paths, check)


def _load(paths: Iterable[Path], check: bool) -> Library:
    library = Library()
    stores: dict[Path | None, FragmentStore] = {}
    for path in discover(list(paths)):
        library.files.append(path)
        shared = shared_dir_for(path)
        store = stores.setdefault(shared, FragmentStore(shared))
        try:
            loaded = load_scenario(path, store)
        except DiagnosticError as exc:
            library.diagnostics.extend(exc.diagnostics)
            continue
        sid = loaded.scenario.id
        if sid in library.scenarios:
            first = library.scenarios[sid].document.file
            library.diagnostics.append(
                loaded.document.diagnostic(
                    ("id",),
                    "E203",
                    f"duplicate scenario id '{sid}'",
                    hint=f"'{sid}' is already used by {first}; ids are unique across the library",
                )
            )
            continue
        if check:
            library.diagnostics.extend(lint(loaded, builtin_intent_ids(loaded.scenario.locale)))
        library.scenarios[sid] = loaded
    library.diagnostics.sort(key=lambda d: d.sort_key)
    return library
