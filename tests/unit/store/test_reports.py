"""Reports on the known fixture database: exact values a manager would read."""

from __future__ import annotations

import pytest

from simulator.store import ResultsStore, StoreError
from simulator.store.reports import trend
from tests.fixtures.store.builders import HASH_V1, Fixture


def by_name(rows: list[dict], key: str) -> dict[str, dict]:
    return {row[key]: row for row in rows}


def test_trainees(fixture_store: ResultsStore):
    rows = fixture_store.report_trainees()
    assert [r["trainee"] for r in rows] == ["Alex Rivera", "Sam Lee", "王芳"]
    alex, sam, fang = rows
    assert alex == {
        "trainee": "Alex Rivera",
        "sessions": 4,
        "attempts": 4,
        "passes": 2,
        "abandoned": 0,
        "in_progress": 0,
        "best": 91.0,
        "avg_compliance": 81.2,
        "avg_empathy": 70.0,
        "avg_outcome": 60.0,
        "avg_overall": 79.0,
        "last_played": "2025-04-20T10:00:00.000+00:00",
        "pass_rate": 0.5,
        "latest": 91.0,
        "trend": 18.0,
    }
    assert (sam["attempts"], sam["abandoned"], sam["trend"]) == (1, 1, None)
    assert (fang["sessions"], fang["in_progress"], fang["latest"], fang["trend"]) == (
        3,
        1,
        55.0,
        -33.0,
    )


def test_since_keeps_sessions_started_on_or_after_the_date(fixture_store: ResultsStore):
    rows = by_name(fixture_store.report_trainees("2025-04-01"), "trainee")
    assert (rows["Alex Rivera"]["attempts"], rows["Alex Rivera"]["avg_overall"]) == (2, 88.0)
    assert rows["Alex Rivera"]["trend"] == 6.0
    assert (rows["王芳"]["sessions"], rows["王芳"]["attempts"]) == (2, 1)
    on_the_day = fixture_store.report_findings("2025-05-01")["by_rule"]
    day_after = fixture_store.report_findings("2025-05-02")["by_rule"]
    assert [(r["rule"], r["count"]) for r in on_the_day] == [("US5", 2)]
    assert [(r["rule"], r["count"]) for r in day_after] == [("US5", 1)]
    empty = fixture_store.report_trainees("2030-01-01")
    assert [r["sessions"] for r in empty] == [0, 0, 0]
    assert all(r["pass_rate"] is None and r["latest"] is None for r in empty)


def test_bad_since_is_a_store_error(fixture_store: ResultsStore):
    with pytest.raises(StoreError, match="ISO date"):
        fixture_store.report_trainees("last tuesday")


def test_scenarios_with_top_findings_and_cohort_choices(fixture_store: ResultsStore):
    rows = by_name(fixture_store.report_scenarios(), "scenario_id")
    assert list(rows) == ["hardship-en", "hardship-zh", "hostile-en"]
    hardship = rows["hardship-en"]
    assert (hardship["attempts"], hardship["abandoned"], hardship["passes"]) == (2, 1, 0)
    assert hardship["avg_overall"] == 70.0
    assert hardship["top_findings"] == [
        {"category": "threat_arrest_or_seizure", "rule": "US5", "count": 1}
    ]
    assert hardship["branches"] == {
        node: {f"{node}:plan:1": 2, f"{node}:plan:2": 1} for node in ("n0", "n1", "n2")
    }
    hostile = rows["hostile-en"]
    assert (hostile["sessions"], hostile["in_progress"], hostile["pass_rate"]) == (4, 1, 0.667)
    assert hostile["branches"]["n1"] == {"n1:plan:1": 4}
    assert rows["hardship-zh"]["title"] == "失业了，想还款"
    later = by_name(fixture_store.report_scenarios("2025-05-01"), "scenario_id")
    assert later["hardship-en"]["branches"] == {
        node: {f"{node}:plan:1": 1} for node in ("n0", "n1", "n2")
    }
    assert later["hardship-en"]["attempts"] == 0


def test_branch_counts(fixture_store: ResultsStore):
    assert fixture_store.branch_counts("hardship-zh") == {
        node: {f"{node}:plan:1": 1, f"{node}:plan:2": 1} for node in ("n0", "n1", "n2")
    }
    assert fixture_store.branch_counts("no-such-scenario") == {}


def test_findings_by_category_and_rule(fixture_store: ResultsStore):
    report = fixture_store.report_findings()
    assert report["by_category"] == [
        {"category": "threat_arrest_or_seizure", "trainee": name, "count": 1}
        for name in ("Alex Rivera", "Sam Lee", "王芳")
    ]
    assert report["by_rule"] == [
        {
            "rule": "US5",
            "category": "threat_arrest_or_seizure",
            "severity": "critical",
            "count": 3,
            "sessions": 3,
            "trainees": 3,
        }
    ]


def test_one_trainee(fixture_store: ResultsStore, fixture_db: Fixture):
    report = fixture_store.report_trainee("王芳")
    assert report["trainee"] == "王芳"
    assert (report["summary"]["attempts"], report["summary"]["in_progress"]) == (2, 1)
    assert [h["session_id"] for h in report["history"]] == [fixture_db.in_progress, 6, 5]
    assert report["history"][1]["findings"] == 1
    assert report["weakest"]["dimensions"] == [
        {"dimension": "outcome", "average": 60.0},
        {"dimension": "compliance", "average": 67.5},
        {"dimension": "empathy", "average": 70.0},
    ]
    assert [(f["rule"], f["count"]) for f in report["weakest"]["findings"]] == [("US5", 1)]
    assert report["scenarios"] == [
        {
            "scenario_id": "hardship-zh",
            "title": "失业了，想还款",
            "attempts": 2,
            "passes": 1,
            "best": 88.0,
        }
    ]
    with pytest.raises(StoreError, match="no trainee named 'Nobody'"):
        fixture_store.report_trainee("Nobody")


def test_session_transcript_with_everything_at_its_turn(
    fixture_store: ResultsStore, fixture_db: Fixture
):
    report = fixture_store.report_session(fixture_db.reviewed)
    assert report["session"]["trainee"] == "Alex Rivera"
    assert report["scenario_changed"] is True
    assert [t["turn"] for t in report["turns"]] == [1, 2, 3, 4, 5, 6]
    third = report["turns"][2]
    assert [f["rule"] for f in third["findings"]] == ["US5"]
    assert [r["comment"] for r in third["reviews"]] == ["Arrest threat here."]
    assert [m["marker"] for m in report["turns"][0]["markers"]] == ["name_emotion"]
    assert report["scores"]["overall"]["machine"] == 62.0
    assert [r["score"] for r in report["scores"]["overall"]["reviews"]] == [70.0]
    assert [r["comment"] for r in report["reviews"]] == ["Good recovery after the slip."]


def test_scenario_change_is_flagged_against_the_table_or_the_callers_hash(
    fixture_store: ResultsStore, fixture_db: Fixture
):
    hostile = fixture_db.completed[2]
    assert fixture_store.report_session(hostile)["scenario_changed"] is False
    assert fixture_store.report_session(hostile, "c" * 64)["scenario_changed"] is True
    assert fixture_store.report_session(fixture_db.reviewed, HASH_V1)["scenario_changed"] is False
    assert fixture_store.scenario_changed(fixture_db.reviewed, HASH_V1) is False
    with pytest.raises(StoreError, match="no session 999"):
        fixture_store.report_session(999)


@pytest.mark.parametrize(
    ("latest_first", "expected"),
    [
        ([], None),
        ([80.0], None),
        ([80.0, 70.0], 10.0),
        ([90.0, 85.0, 78.0, 62.0], 17.5),
        ([50.0, 60.0, 70.0, 80.0, 90.0, 100.0], -30.0),
    ],
)
def test_trend_compares_recent_attempts_with_the_ones_before(latest_first, expected):
    assert trend(latest_first) == expected
