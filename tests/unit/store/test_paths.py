from __future__ import annotations

import os
from pathlib import Path

import pytest

from simulator.store import ResultsStore, StoreError, default_db_path


def test_environment_variable_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("COLLECTOR_SIM_DB", str(tmp_path / "team.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "team.db"


def test_xdg_data_home_then_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv("COLLECTOR_SIM_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "xdg" / "collector-sim" / "results.db"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_db_path() == tmp_path / "home" / ".local/share/collector-sim/results.db"


def test_open_without_a_path_creates_the_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv("COLLECTOR_SIM_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    with ResultsStore.open() as store:
        assert store.path == tmp_path / "xdg" / "collector-sim" / "results.db"
        assert store.path.is_file()


def _parent_is_a_file(tmp_path: Path) -> Path:
    (tmp_path / "plain.txt").write_text("not a folder")
    return tmp_path / "plain.txt" / "results.db"


def _path_is_a_folder(tmp_path: Path) -> Path:
    (tmp_path / "folder.db").mkdir()
    return tmp_path / "folder.db"


def _not_a_database(tmp_path: Path) -> Path:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not SQLite" * 100)
    return path


def _read_only(tmp_path: Path) -> Path:
    """A read-only folder, or (as root, who ignores modes) a read-only filesystem."""
    if os.geteuid() == 0:
        return Path("/proc/collector-sim-results.db")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    return folder / "results.db"


@pytest.mark.parametrize(
    "make_path", [_parent_is_a_file, _path_is_a_folder, _not_a_database, _read_only]
)
def test_a_path_that_cannot_be_written_is_a_store_error(tmp_path: Path, make_path):
    path = make_path(tmp_path)
    with pytest.raises(StoreError) as info:
        ResultsStore.open(path)
    assert str(path) in str(info.value)
