from __future__ import annotations

import pytest

from simulator.store import ResultsStore, StoreError
from tests.fixtures.store.builders import play


@pytest.fixture
def scored(store: ResultsStore) -> int:
    return play(store, "Ann", "hardship-en", day="2025-06-01", overall=62.0, finding_turn=3)


def test_a_review_is_kept_beside_the_machine_score(store: ResultsStore, scored: int):
    first = store.add_review(
        scored, reviewer="Pat", dimension="overall", score=75, comment="Recovered well."
    )
    second = store.add_review(scored, reviewer="Lee", dimension="overall", score=70)
    record = store.load_session(scored)
    assert record.scores["overall"] == 62.0
    assert record.scorecard["scores"]["overall"] == 62.0
    assert [(r["id"], r["reviewer"], r["score"]) for r in record.reviews] == [
        (first, "Pat", 75.0),
        (second, "Lee", 70.0),
    ]
    overall = store.report_session(scored)["scores"]["overall"]
    assert overall["machine"] == 62.0
    assert [(r["reviewer"], r["score"]) for r in overall["reviews"]] == [
        ("Pat", 75.0),
        ("Lee", 70.0),
    ]
    assert store.report_trainees()[0]["avg_overall"] == 62.0


def test_a_comment_on_a_turn_is_shown_at_that_turn(store: ResultsStore, scored: int):
    store.add_review(scored, reviewer="Pat", comment="Arrest threat: auto-fail.", turn=3)
    report = store.report_session(scored)
    at_three = report["turns"][2]
    assert at_three["turn"] == 3
    assert [r["comment"] for r in at_three["reviews"]] == ["Arrest threat: auto-fail."]
    assert [f["rule"] for f in at_three["findings"]] == ["US5"]
    assert report["reviews"] == []
    assert all(not t["reviews"] for t in report["turns"] if t["turn"] != 3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "score, a comment"),
        ({"comment": "   "}, "score, a comment"),
        ({"score": 50}, "needs its dimension"),
        ({"dimension": "charm", "score": 50}, "unknown dimension"),
        ({"dimension": "empathy", "score": 101}, "between 0 and 100"),
        ({"dimension": "empathy", "score": -1}, "between 0 and 100"),
        ({"comment": "x", "turn": 7}, "no turn 7"),
        ({"comment": "x", "turn": 0}, "no turn 0"),
    ],
)
def test_invalid_reviews_are_refused(store: ResultsStore, scored: int, kwargs, message):
    with pytest.raises(StoreError, match=message):
        store.add_review(scored, reviewer="Pat", **kwargs)
    assert store.load_session(scored).reviews == []


def test_reviews_need_a_reviewer_and_a_session(store: ResultsStore, scored: int):
    with pytest.raises(StoreError, match="reviewer"):
        store.add_review(scored, reviewer=" ", comment="x")
    with pytest.raises(StoreError, match="no session 404"):
        store.add_review(404, reviewer="Pat", comment="x")
