from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from simulator.store import ResultsStore
from simulator.store.schema import MIGRATIONS

TABLES = {
    "trainees",
    "scenarios",
    "sessions",
    "turns",
    "findings",
    "empathy_markers",
    "reviews",
    "rollup_sessions",
    "rollup_findings",
    "rollup_branches",
}


def test_migrations_create_every_table_once(tmp_path: Path):
    path = tmp_path / "results.db"
    with ResultsStore.open(path) as store:
        assert set(store.db.table_names()) >= TABLES
        applied = [m.name for m in MIGRATIONS.applied(store.db)]
    with ResultsStore.open(path) as again:
        assert [m.name for m in MIGRATIONS.applied(again.db)] == applied
        assert not MIGRATIONS.pending(again.db)
    assert applied == ["0001_initial"]


def test_connection_settings(store: ResultsStore):
    pragma = store.db.conn.execute
    assert pragma("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert pragma("PRAGMA foreign_keys").fetchone()[0] == 1
    assert pragma("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_foreign_keys_are_enforced(store: ResultsStore):
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(
            "INSERT INTO turns (session_id, idx, speaker, text, at) VALUES (999, 0, 'agent', 'x', 't')"
        )


@pytest.mark.parametrize(
    "values",
    [
        "(1, 'Pat', 'overall', 101, NULL, 't')",  # score above 100
        "(1, 'Pat', NULL, 50, NULL, 't')",  # a score needs its dimension
        "(1, 'Pat', NULL, NULL, NULL, 't')",  # neither score nor comment
        "(1, 'Pat', 'charm', 50, NULL, 't')",  # unknown dimension
        "(1, ' ', 'overall', 50, NULL, 't')",  # blank reviewer
    ],
)
def test_reviews_table_refuses_what_the_api_refuses(store: ResultsStore, values: str):
    session = store.begin_session(
        trainee="Ann",
        scenario_id="s",
        scenario_hash="h",
        seed=1,
        mode="test",
        rubric_version="r",
        app_version="a",
    )
    assert session == 1
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(
            "INSERT INTO reviews (session_id, reviewer, dimension, score, comment, created_at) "
            f"VALUES {values}"
        )


def test_turn_speaker_and_session_status_are_checked(store: ResultsStore):
    session = store.begin_session(
        trainee="Ann",
        scenario_id="s",
        scenario_hash="h",
        seed=1,
        mode="test",
        rubric_version="r",
        app_version="a",
    )
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(
            "INSERT INTO turns (session_id, idx, speaker, text, at) VALUES (?, 0, 'robot', 'x', 't')",
            [session],
        )
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("UPDATE sessions SET status = 'paused' WHERE id = ?", [session])
