"""Shared set-up for the app's Pilot and snapshot tests: a private library, db and config."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from simulator.tui.app import CollectorApp
from tests.functional.tui.helpers import FIXTURES, ZH


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Preferences, data and the default database all live in the test's own folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("COLLECTOR_SIM_DB", raising=False)
    monkeypatch.delenv("COLLECTOR_SIM_SCENARIOS", raising=False)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """The fixture library (test-mini and its fragment) plus a small zh-CN scenario."""
    folder = tmp_path / "scenarios"
    shutil.copytree(FIXTURES, folder)
    shutil.copytree(ZH, folder / "zh")
    return folder


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "results.db"


@pytest.fixture
def make_app(library: Path, db: Path) -> Callable[..., CollectorApp]:
    def make(**options: Any) -> CollectorApp:
        options.setdefault("scenarios_dir", library)
        options.setdefault("db", str(db))
        options.setdefault("clock", lambda: 0.0)
        return CollectorApp(**options)

    return make
