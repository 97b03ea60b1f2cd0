"""The rollup totals must say exactly what a naive count over the raw sessions says."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.store import ResultsStore, TurnRecord
from simulator.store.rollups import periods, ranges

RULES = (
    ("US5", "threat_arrest_or_seizure", "critical"),
    ("CN3", "third_party_disclosure", "critical"),
    ("US1", "missing_mini_miranda", "high"),
)
DAYS = st.dates(min_value=date(2024, 11, 20), max_value=date(2026, 2, 10))


@dataclass(frozen=True)
class Spec:
    trainee: str
    scenario: str
    day: date
    status: str  # completed | abandoned | in_progress
    overall: int | None
    empathy: int | None
    passed: bool
    rules: tuple[int, ...]
    branch: str


specs = st.builds(
    Spec,
    trainee=st.sampled_from(("Ann", "Bo", "王芳")),
    scenario=st.sampled_from(("s1", "s2")),
    day=DAYS,
    status=st.sampled_from(("completed", "abandoned", "in_progress")),
    overall=st.one_of(st.none(), st.integers(0, 100)),
    empathy=st.one_of(st.none(), st.integers(0, 100)),
    passed=st.booleans(),
    rules=st.lists(st.integers(0, len(RULES) - 1), max_size=3).map(tuple),
    branch=st.sampled_from(("a", "b")),
)


def finding(rule: int) -> dict:
    rid, category, severity = RULES[rule]
    return {"turn": 1, "rule": rid, "category": category, "severity": severity}


def store_all(store: ResultsStore, sessions: list[Spec]) -> None:
    for spec in sessions:
        session = store.begin_session(
            trainee=spec.trainee,
            scenario_id=spec.scenario,
            scenario_hash="h",
            seed=0,
            mode="test",
            rubric_version="r",
            app_version="a",
            started_at=f"{spec.day.isoformat()}T23:59:59+00:00",
        )
        live = [finding(r) for r in spec.rules] if spec.status != "completed" else []
        store.record_turns(
            session,
            [
                TurnRecord(index=0, speaker="agent", text="hi", node="n0", branch=spec.branch),
                TurnRecord(index=1, speaker="debtor", text="hello", findings=live),
            ],
            {},
        )
        if spec.status == "completed":
            card = {
                "scores": {"overall": spec.overall, "empathy": spec.empathy},
                "passed": spec.passed,
                "findings": [finding(r) for r in spec.rules],
            }
            store.finish_session(session, status="completed", outcome=None, scorecard=card)
        elif spec.status == "abandoned":
            store.mark_abandoned(session)


def mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def expected_summary(sessions: list[Spec]) -> dict:
    completed = [s for s in sessions if s.status == "completed"]
    overall = [s.overall for s in completed if s.overall is not None]
    return {
        "sessions": len(sessions),
        "attempts": len(completed),
        "passes": sum(s.passed for s in completed),
        "abandoned": sum(s.status == "abandoned" for s in sessions),
        "in_progress": sum(s.status == "in_progress" for s in sessions),
        "best": float(max(overall)) if overall else None,
        "avg_overall": mean(overall),
        "avg_empathy": mean([s.empathy for s in completed if s.empathy is not None]),
    }


@settings(max_examples=30, deadline=None)
@given(sessions=st.lists(specs, max_size=12), since=st.one_of(st.none(), DAYS))
def test_reports_match_a_naive_count(sessions: list[Spec], since: date | None):
    kept = [s for s in sessions if since is None or s.day >= since]
    bound = since.isoformat() if since else None
    with tempfile.TemporaryDirectory() as folder, ResultsStore.open(Path(folder) / "r.db") as store:
        store_all(store, sessions)
        trainees = {r["trainee"]: r for r in store.report_trainees(bound)}
        for name, row in trainees.items():
            expected = expected_summary([s for s in kept if s.trainee == name])
            assert {k: row[k] for k in expected} == expected
        scenarios = {r["scenario_id"]: r for r in store.report_scenarios(bound)}
        for scenario_id, row in scenarios.items():
            mine = [s for s in kept if s.scenario == scenario_id]
            expected = expected_summary(mine)
            assert {k: row[k] for k in expected} == expected
            choices: dict[str, int] = {}
            for s in mine:
                choices[f"{s.branch}"] = choices.get(s.branch, 0) + 1
            assert row["branches"] == ({"n0": dict(sorted(choices.items()))} if mine else {})

        finished = [s for s in kept if s.status != "in_progress"]
        by_rule = {r["rule"]: r for r in store.report_findings(bound)["by_rule"]}
        for index, (rule, _, _) in enumerate(RULES):
            hits = [s for s in finished if index in s.rules]
            if not hits:
                assert rule not in by_rule
                continue
            assert by_rule[rule]["count"] == sum(s.rules.count(index) for s in hits)
            assert by_rule[rule]["sessions"] == len(hits)
            assert by_rule[rule]["trainees"] == len({s.trainee for s in hits})


@given(day=DAYS, since=st.one_of(st.none(), DAYS))
def test_since_ranges_cover_each_later_day_exactly_once(day: date, since: date | None):
    covering = [
        (grain, first, end)
        for grain, first, end in ranges(since.isoformat() if since else "")
        for g, period in periods(day.isoformat())
        if g == grain
        and (period == first if first == end else first <= period and (end is None or period < end))
    ]
    assert len(covering) == (1 if since is None or day >= since else 0)


def test_ranges_use_the_coarsest_whole_periods():
    assert ranges("") == [("all", "", "")]
    assert ranges("2025-01-01") == [("year", "2025", None)]
    assert ranges("2025-04-01") == [("quarter", "2025-Q2", "2026"), ("year", "2026", None)]
    assert ranges("2025-12-15") == [("day", "2025-12-15", "2026-01-01"), ("year", "2026", None)]
    assert ranges("2025-11-01") == [("month", "2025-11", "2026"), ("year", "2026", None)]
    assert ranges("2025-01-02") == [
        ("day", "2025-01-02", "2025-02-01"),
        ("month", "2025-02", "2025-04"),
        ("quarter", "2025-Q2", "2026"),
        ("year", "2026", None),
    ]


def test_periods_of_a_start_time():
    start = "2025-03-09T08:00:00.000+00:00"
    assert periods(start) == (
        ("day", "2025-03-09"),
        ("month", "2025-03"),
        ("quarter", "2025-Q1"),
        ("year", "2025"),
        ("all", ""),
    )
