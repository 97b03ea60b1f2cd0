from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from simulator.store import ResultsStore, StoreError, xapi
from simulator.store.export import CSV_COLUMNS
from tests.fixtures.store import xapi_spec
from tests.fixtures.store.builders import Fixture


def test_csv_has_one_row_per_session(fixture_store: ResultsStore, tmp_path: Path):
    out = tmp_path / "sessions.csv"
    assert fixture_store.export("csv", out) == 9
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert tuple(rows[0]) == CSV_COLUMNS
    first = rows[0]
    assert (first["trainee"], first["overall"], first["passed"]) == ("Alex Rivera", "62.0", "false")
    assert (first["scenario_changed"], first["reviewed_overall"], first["reviews"]) == (
        "true",
        "70.0",
        "2",
    )
    assert first["duration_s"] == "750.0"
    assert {r["status"] for r in rows} == {"completed", "abandoned", "in_progress"}


def test_json_holds_whole_transcripts(fixture_store: ResultsStore, tmp_path: Path):
    out = tmp_path / "sessions.json"
    assert fixture_store.export("json", out, since="2025-05-01") == 4
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [s["session"]["id"] for s in data["sessions"]] == [6, 7, 8, 9]
    assert data["sessions"][0]["turns"][4]["findings"][0]["rule"] == "US5"
    assert data["sessions"][0]["turns"][0]["text"].startswith("我理解")


def test_xapi_file_is_a_list_of_valid_statements(
    fixture_store: ResultsStore, fixture_db: Fixture, tmp_path: Path
):
    out = tmp_path / "statements.json"
    assert fixture_store.export("xapi", out) == len(fixture_db.completed)
    statements = json.loads(out.read_text(encoding="utf-8"))
    assert [xapi_spec.problems(s) for s in statements] == [[] for _ in statements]


def test_a_failed_export_leaves_the_old_file_and_no_debris(
    fixture_store: ResultsStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "statements.json"
    out.write_text("previous export", encoding="utf-8")

    def broken(*args, **kwargs):
        yield {"id": "first"}
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xapi, "statements", broken)
    with pytest.raises(StoreError, match="No space left"):
        fixture_store.export("xapi", out)
    assert out.read_text(encoding="utf-8") == "previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["statements.json"]


def test_export_errors(fixture_store: ResultsStore, tmp_path: Path):
    with pytest.raises(StoreError, match="cannot write"):
        fixture_store.export("csv", tmp_path / "missing" / "out.csv")
    with pytest.raises(StoreError, match="it is a folder"):
        fixture_store.export("csv", tmp_path)
    with pytest.raises(StoreError, match="unknown export format"):
        fixture_store.export("xml", tmp_path / "out.xml")
    with pytest.raises(StoreError, match="ISO date"):
        fixture_store.export("csv", tmp_path / "out.csv", since="soon")
    assert not (tmp_path / "out.csv").exists()
