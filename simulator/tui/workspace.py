"""What every screen works on: the scenario library and the results store.

Both are opened lazily, so the first screen paints before pydantic, YAML and SQLite are
imported. The library loads in a thread; the store stays on the UI thread because an
SQLite connection belongs to the thread that opened it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.scenario.library import Library
    from simulator.store import ResultsStore


class Workspace:
    def __init__(self, scenarios_dir: Path | None, db: str | None) -> None:
        self._scenarios_dir = scenarios_dir
        self.db = db
        self._library: Library | None = None
        self._lock = asyncio.Lock()
        self._store: ResultsStore | None = None
        self.store_error: str | None = None
        self._store_tried = False

    # ----------------------------------------------------------------- library

    @property
    def scenarios_dir(self) -> Path:
        from simulator.scenario.library import default_scenarios_dir

        if self._scenarios_dir is None:
            self._scenarios_dir = default_scenarios_dir(None)
        return self._scenarios_dir

    @property
    def loaded_library(self) -> Library | None:
        """The library if it has been loaded already (no waiting)."""
        return self._library

    async def library(self, *, reload: bool = False) -> Library:
        async with self._lock:
            if self._library is None or reload:
                self._library = await asyncio.to_thread(self._load)
            return self._library

    def _load(self) -> Library:
        from simulator.scenario.library import Library, load_library

        folder = self.scenarios_dir
        if not folder.is_dir():
            return Library()
        return load_library([folder], check=True)

    # ------------------------------------------------------------------- store

    @property
    def store(self) -> ResultsStore | None:
        """The results store, or None (with store_error set) if it cannot be opened."""
        if not self._store_tried:
            self._store_tried = True
            from simulator.store import ResultsStore, StoreError

            try:
                self._store = ResultsStore.open(self.db)
            except StoreError as exc:
                self.store_error = str(exc)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
