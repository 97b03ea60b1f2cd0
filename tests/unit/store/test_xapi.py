from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.store import ResultsStore, StoreError
from simulator.store.xapi import VERBS, base_iri, iso_duration, statements
from tests.fixtures.store import xapi_spec
from tests.fixtures.store.builders import Fixture


def test_every_statement_meets_the_spec(fixture_store: ResultsStore, fixture_db: Fixture):
    exported = list(statements(fixture_store.db))
    assert len(exported) == len(fixture_db.completed)
    for statement in exported:
        assert xapi_spec.problems(statement) == []
        assert statement["version"] == "1.0.3"
        assert statement["result"]["completion"] is True


def test_statement_content_for_one_session(fixture_store: ResultsStore, fixture_db: Fixture):
    by_session = {
        s["context"]["extensions"]["https://collector-sim.example/xapi/extensions/session-id"]: s
        for s in statements(fixture_store.db)
    }
    failed = by_session[fixture_db.reviewed]
    assert failed["actor"]["account"] == {
        "homePage": "https://collector-sim.example",
        "name": "Alex Rivera",
    }
    assert failed["verb"]["id"] == VERBS["failed"]
    assert failed["object"]["id"] == "https://collector-sim.example/scenarios/hardship-en"
    assert failed["object"]["definition"]["name"] == {"en-US": "Lost job, wants to pay"}
    result = failed["result"]
    assert result["score"] == {"scaled": 0.62, "raw": 62.0, "min": 0, "max": 100}
    assert result["success"] is False
    assert result["duration"] == "PT12M30S"
    assert result["extensions"] == {
        "https://collector-sim.example/xapi/extensions/score/compliance": 40.0,
        "https://collector-sim.example/xapi/extensions/score/empathy": 70.0,
        "https://collector-sim.example/xapi/extensions/score/outcome": 60.0,
    }
    assert failed["timestamp"] == "2025-03-01T10:12:30.000+00:00"
    chinese = [s for s in by_session.values() if s["context"]["language"] == "zh-CN"]
    assert {s["object"]["definition"]["name"]["zh-CN"] for s in chinese} == {"失业了，想还款"}
    assert {s["verb"]["display"]["en-US"] for s in by_session.values()} == {"passed", "failed"}


def test_ids_are_stable_and_distinct(fixture_store: ResultsStore):
    first = [s["id"] for s in statements(fixture_store.db)]
    again = [s["id"] for s in statements(fixture_store.db)]
    assert first == again
    assert len(set(first)) == len(first)


def test_base_iri_and_since(fixture_store: ResultsStore, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COLLECTOR_SIM_XAPI_BASE", "https://lms.example.org/sim/")
    exported = list(statements(fixture_store.db, since="2025-05-01"))
    assert len(exported) == 2
    assert all(s["actor"]["account"]["homePage"] == "https://lms.example.org/sim" for s in exported)
    assert all(xapi_spec.problems(s) == [] for s in exported)
    with pytest.raises(StoreError, match="http"):
        base_iri("lms.example.org")


@given(st.floats(min_value=0, max_value=400_000, allow_nan=False))
def test_durations_are_iso_8601_and_exact_to_a_hundredth(seconds: float):
    text = iso_duration(seconds)
    assert xapi_spec.DURATION.match(text)
    assert abs(xapi_spec.duration_seconds(text) - seconds) <= 0.005 + 1e-9


def test_the_spec_checker_catches_broken_statements(fixture_store: ResultsStore):
    good = next(statements(fixture_store.db))
    broken = {
        **good,
        "id": "not-a-uuid",
        "actor": {"name": "x"},
        "result": {**good["result"], "score": {"scaled": 1.5}, "duration": "12 minutes"},
        "extra": 1,
    }
    found = " | ".join(xapi_spec.problems(broken))
    for expected in ("id must be a UUID", "identifier", "scaled", "duration", "unknown"):
        assert expected in found
