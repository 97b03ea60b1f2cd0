"""Every canned query in datasette/metadata.yml runs on a real results database."""

from __future__ import annotations

import re
import sqlite3

import pytest
import yaml

from tests.fixtures.store.builders import Fixture, build
from tests.functional.conftest import ROOT

METADATA = yaml.safe_load((ROOT / "datasette" / "metadata.yml").read_text(encoding="utf-8"))
QUERIES = METADATA["databases"]["results"]["queries"]
PARAMS = {"since": "", "trainee": "Alex Rivera", "scenario": "hardship-en"}
# Datasette's rule for a named parameter: a colon followed by a word, not inside a '::' cast.
PARAMETER = re.compile(r"(?<!:):([a-zA-Z_]\w*)")


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Fixture:
    return build(tmp_path_factory.mktemp("datasette") / "results.db")


def run(fixture: Fixture, name: str, **overrides: str) -> list[dict]:
    sql = QUERIES[name]["sql"]
    params = {p: overrides.get(p, PARAMS[p]) for p in PARAMETER.findall(sql)}
    conn = sqlite3.connect(f"file:{fixture.path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(sql, params)]
    finally:
        conn.close()


def test_the_four_promised_queries_are_there():
    assert {"leaderboard", "trainee_trend", "top_violations", "cohort_path_choices"} <= set(QUERIES)
    for name, query in QUERIES.items():
        assert query.get("title") and query.get("description"), name


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_canned_query_runs_and_returns_rows(fixture_db: Fixture, name: str):
    rows = run(fixture_db, name)
    assert rows, f"{name} returned nothing on the fixture database"


def test_table_descriptions_name_real_tables(fixture_db: Fixture):
    conn = sqlite3.connect(fixture_db.path)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert set(METADATA["databases"]["results"]["tables"]) <= tables


def test_leaderboard(fixture_db: Fixture):
    rows = run(fixture_db, "leaderboard")
    assert [(r["trainee"], r["attempts"], r["avg_overall"]) for r in rows] == [
        ("Alex Rivera", 4, 79.0),
        ("王芳", 2, 71.5),
        ("Sam Lee", 1, 47.0),
    ]
    recent = run(fixture_db, "leaderboard", since="2025-05-01")
    assert [r["trainee"] for r in recent] == ["王芳", "Sam Lee"]


def test_trainee_trend(fixture_db: Fixture):
    rows = run(fixture_db, "trainee_trend")
    assert [(r["week"], r["avg_overall"]) for r in rows] == [
        ("2025-W08", 62.0),
        ("2025-W09", 78.0),
        ("2025-W13", 85.0),
        ("2025-W15", 91.0),
    ]


def test_top_violations_and_machine_vs_manager(fixture_db: Fixture):
    assert [
        (r["rule"], r["findings"], r["trainees"]) for r in run(fixture_db, "top_violations")
    ] == [("US5", 3, 3)]
    (review,) = run(fixture_db, "machine_vs_manager")
    assert (review["machine_score"], review["manager_score"]) == (62.0, 70.0)


def test_cohort_path_choices(fixture_db: Fixture):
    rows = run(fixture_db, "cohort_path_choices")
    assert [(r["node"], r["branch"], r["times"], r["share_pct"]) for r in rows[:2]] == [
        ("n0", "n0:plan:1", 2, 66.7),
        ("n0", "n0:plan:2", 1, 33.3),
    ]
