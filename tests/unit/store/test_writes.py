from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.store import ResultsStore, StoreError, TurnRecord
from tests.fixtures.store.builders import scorecard, turns


def begin(store: ResultsStore, trainee: str = "Ann", scenario: str = "hardship-en") -> int:
    return store.begin_session(
        trainee=trainee,
        scenario_id=scenario,
        scenario_hash="h1",
        seed=42,
        mode="practice",
        rubric_version="default-1",
        app_version="0.1.0",
        started_at="2025-06-01T09:00:00+00:00",
    )


FINDING = {
    "turn": 1,
    "category": "threat_arrest_or_seizure",
    "rule": "US5",
    "severity": "critical",
    "evidence": "you'll be arrested",
    "message": "Threatened arrest.",
    "tip": "Don't.",
    "source": "1692e(4)",
}


def test_turns_snapshot_and_scores_round_trip(store: ResultsStore):
    session = begin(store)
    first = turns(0, 4, day="2025-06-01")
    store.record_turns(session, first, {"node": "n2", "vars": {"trust": 45}})
    store.record_turns(session, turns(4, 2, day="2025-06-01", zh=True), {"node": "n3"})

    record = store.load_session(session)
    assert record.status == "in_progress"
    assert record.snapshot == {"node": "n3"}
    assert [t.index for t in record.turns] == list(range(6))
    assert record.turns[:4] == first
    assert record.turns[4].text == "我理解您现在的难处，我们一起看看每月还多少合适？"
    assert record.turns[0].branch == "n0:plan:1"
    assert record.turns[0].intents == [{"intent": "ask_capacity", "score": 0.92, "evidence": "pay"}]

    card = scorecard(62.0, passed=False, finding_turn=3)
    store.finish_session(session, status="completed", outcome="payment_plan", scorecard=card)
    done = store.load_session(session)
    assert done.status == "completed"
    assert done.outcome == "payment_plan"
    assert done.scores == {"compliance": 40.0, "empathy": 70.0, "outcome": 60.0, "overall": 62.0}
    assert done.passed is False
    assert done.scorecard == card
    assert done.snapshot is None
    assert [(f["turn"], f["rule"]) for f in done.findings] == [(3, "US5")]
    assert done.turns[2].findings == done.findings
    assert done.turns[0].markers == [
        {"turn": 1, "marker": "name_emotion", "polarity": "positive", "evidence": "I hear"}
    ]


def test_resumable_lists_only_sessions_in_progress(store: ResultsStore):
    kept = begin(store, "Ann")
    other = begin(store, "Bo")
    finished = begin(store, "Ann")
    store.mark_abandoned(finished)
    store.record_turns(kept, turns(0, 2, day="2025-06-01"), {"node": "n1"})
    assert {r["id"] for r in store.resumable()} == {kept, other}
    (row,) = store.resumable("Ann")
    assert row["id"] == kept
    assert row["turn_count"] == 2
    assert row["scenario_hash"] == "h1"


def test_a_failing_batch_stores_none_of_its_turns(store: ResultsStore):
    session = begin(store)
    store.record_turns(session, turns(0, 2, day="2025-06-01"), {"at": 2})
    overlapping = turns(2, 2, day="2025-06-01") + turns(1, 1, day="2025-06-01")
    with pytest.raises(StoreError, match="never rewritten"):
        store.record_turns(session, overlapping, {"at": 5})
    record = store.load_session(session)
    assert len(record.turns) == 2
    assert record.snapshot == {"at": 2}
    assert store.branch_counts("hardship-en") == {"n0": {"n0:plan:1": 1}}


def test_finished_sessions_take_no_more_turns(store: ResultsStore):
    session = begin(store)
    store.mark_abandoned(session)
    with pytest.raises(StoreError, match="abandoned"):
        store.record_turns(session, turns(0, 2, day="2025-06-01"), {})
    with pytest.raises(StoreError, match="abandoned"):
        store.finish_session(session, status="completed", outcome=None, scorecard=None)


def test_a_scorecard_pointing_at_a_missing_turn_changes_nothing(store: ResultsStore):
    session = begin(store)
    store.record_turns(session, turns(0, 2, day="2025-06-01"), {"node": "n1"})
    with pytest.raises(StoreError, match="no turn 9"):
        store.finish_session(
            session,
            status="completed",
            outcome="refused",
            scorecard=scorecard(50.0, passed=False, finding_turn=9),
        )
    record = store.load_session(session)
    assert record.status == "in_progress"
    assert record.snapshot == {"node": "n1"}
    assert len(record.turns) == 2
    assert store.report_trainees()[0]["attempts"] == 0


def test_live_findings_are_replaced_by_the_scorecard_or_kept_on_abandon(store: ResultsStore):
    live = TurnRecord(index=0, speaker="agent", text="You'll be arrested.", findings=[FINDING])
    scored = begin(store)
    store.record_turns(scored, [live], {})
    assert [f["rule"] for f in store.load_session(scored).findings] == ["US5"]
    store.finish_session(
        scored, status="completed", outcome="refused", scorecard=scorecard(90.0, passed=True)
    )
    assert store.load_session(scored).findings == []

    dropped = begin(store)
    store.record_turns(dropped, [live], {})
    store.mark_abandoned(dropped)
    assert [f["turn"] for f in store.load_session(dropped).findings] == [1]
    assert store.report_findings()["by_rule"][0]["sessions"] == 1


@pytest.mark.parametrize(
    "card",
    [
        {"scores": {"overall": "high"}},
        {"findings": [{"turn": 1, "rule": "US5"}]},
        {"empathy": {"markers": [{"marker": "reflect"}]}},
        {"scores": ["not", "a", "map"]},
    ],
)
def test_a_malformed_scorecard_is_a_store_error(store: ResultsStore, card: dict):
    session = begin(store)
    store.record_turns(session, turns(0, 2, day="2025-06-01"), {})
    with pytest.raises(StoreError, match=r"scorecard is malformed|lacks"):
        store.finish_session(session, status="completed", outcome=None, scorecard=card)
    assert store.load_session(session).status == "in_progress"


def test_bad_calls_are_store_errors(store: ResultsStore):
    session = begin(store)
    with pytest.raises(StoreError, match="speaker"):
        store.record_turns(session, [TurnRecord(index=0, speaker="robot", text="hi")], {})
    with pytest.raises(StoreError, match="JSON"):
        store.record_turns(session, turns(0, 2, day="2025-06-01"), {"node": object()})
    with pytest.raises(StoreError, match="malformed"):
        bad = TurnRecord(index=0, speaker="agent", text="x", findings=[{"turn": "first"}])
        store.record_turns(session, [bad], {})
    assert store.load_session(session).turns == []
    with pytest.raises(StoreError, match="no session 99"):
        store.record_turns(99, turns(0, 2, day="2025-06-01"), {})
    with pytest.raises(StoreError, match="completed or abandoned"):
        store.finish_session(session, status="paused", outcome=None, scorecard=None)
    with pytest.raises(StoreError, match="trainee name"):
        store.ensure_trainee("   ")
    with pytest.raises(StoreError, match="ISO"):
        store.begin_session(
            trainee="Ann",
            scenario_id="s",
            scenario_hash="h",
            seed=1,
            mode="test",
            rubric_version="r",
            app_version="a",
            started_at="yesterday",
        )


def test_trainees_scenarios_and_notes(store: ResultsStore):
    assert store.ensure_trainee("王芳") == store.ensure_trainee(" 王芳 ")
    session = begin(store, scenario="never-registered")
    assert store.load_session(session).scenario_title == "never-registered"
    store.upsert_scenario(
        id="never-registered",
        title="Now registered",
        version="2",
        content_hash="h2",
        locale="en-US",
        persona="hostile",
        stage="mid",
        difficulty=3,
    )
    store.save_notes(session, "Promised Friday.\n周五发工资")
    record = store.load_session(session)
    assert record.scenario_title == "Now registered"
    assert record.notes == "Promised Friday.\n周五发工资"
    assert store.scenario_changed(session, "h2") is True
    assert store.scenario_changed(session, "h1") is False


def test_start_times_are_stored_in_utc(store: ResultsStore):
    session = store.begin_session(
        trainee="Ann",
        scenario_id="s",
        scenario_hash="h",
        seed=1,
        mode="test",
        rubric_version="r",
        app_version="a",
        started_at="2025-03-01T01:30:00+08:00",
    )
    assert store.load_session(session).started_at == "2025-02-28T17:30:00.000+00:00"


text_anywhere = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=300
)


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory):
    with ResultsStore.open(tmp_path_factory.mktemp("text") / "results.db") as opened:
        yield opened


@settings(max_examples=60, deadline=None)
@given(text=text_anywhere, notes=text_anywhere)
def test_any_text_is_stored_exactly(shared_store: ResultsStore, text: str, notes: str):
    session = begin(shared_store)
    turn = TurnRecord(index=0, speaker="debtor", text=text)
    shared_store.record_turns(session, [turn], {"t": text})
    shared_store.save_notes(session, notes)
    record = shared_store.load_session(session)
    assert record.turns[0].text == text
    assert record.snapshot == {"t": text}
    assert record.notes == notes


def test_a_branch_taken_twice_in_one_batch_counts_twice_in_every_period(store: ResultsStore):
    session = begin(store)
    again = [
        TurnRecord(index=i, speaker="agent", text="hi", node="n0", branch="n0:plan:1")
        for i in range(2)
    ]
    store.record_turns(session, again, {})
    assert store.branch_counts("hardship-en") == {"n0": {"n0:plan:1": 2}}
    periods = store.db.execute(
        "SELECT grain, period, count FROM rollup_branches ORDER BY grain"
    ).fetchall()
    assert periods == [
        ("all", "", 2),
        ("day", "2025-06-01", 2),
        ("month", "2025-06", 2),
        ("quarter", "2025-Q2", 2),
        ("year", "2025", 2),
    ]


@pytest.mark.parametrize("variables", [None, 999])
def test_a_batch_longer_than_one_insert_statement_is_stored_whole(
    store: ResultsStore, variables: int | None
):
    """Turns that waited while the database was away are committed together later, also
    on an SQLite that binds at most 999 values per statement (before 3.32), and with
    findings on more turns than one statement can name."""
    if variables:
        store.db.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, variables)
    session = begin(store)
    n = 1200
    batch = [
        TurnRecord(
            index=i,
            speaker="agent",
            text=f"line {i}",
            node=f"n{i % 3}",
            branch=f"n{i % 3}:b",
            findings=[FINDING | {"turn": i + 1}] if i % 7 != 3 else [],
            markers=[{"marker": "name_emotion", "polarity": "positive"}] if i % 5 == 0 else [],
        )
        for i in range(n)
    ]
    store.record_turns(session, batch, {"node": "n2"})
    record = store.load_session(session)
    assert [t.text for t in record.turns] == [f"line {i}" for i in range(n)]
    assert [f["turn"] for f in record.findings] == [i + 1 for i in range(n) if i % 7 != 3]
    assert [m["turn"] for m in record.markers] == [i + 1 for i in range(0, n, 5)]
    assert store.branch_counts("hardship-en") == {
        "n0": {"n0:b": n // 3},
        "n1": {"n1:b": n // 3},
        "n2": {"n2:b": n // 3},
    }
    assert store.resumable()[0]["turn_count"] == n


def test_turns_never_wait_on_a_checkpoint_and_finishing_a_session_runs_one(
    store: ResultsStore,
):
    """Copying the WAL into the file fsyncs twice; SQLite would do it inside whichever turn
    crossed 1,000 WAL pages. The store leaves it to the end of the session."""
    main_file = store.path.stat().st_size
    session = begin(store)
    for i in range(400):
        line = TurnRecord(index=i, speaker="agent", text="x" * 3000, node="n0", branch="n0:b")
        store.record_turns(session, [line], {"node": "n0", "turn": i})
    wal = store.path.with_name(store.path.name + "-wal").stat().st_size
    assert wal > 1000 * 4096  # past SQLite's default checkpoint point
    assert store.path.stat().st_size == main_file  # and yet no commit copied a page back

    store.finish_session(session, status="completed", outcome=None, scorecard=None)
    assert store.path.stat().st_size > main_file + 400 * 3000  # the turns are in the file now
    with ResultsStore.open(store.path) as other:
        assert len(other.load_session(session).turns) == 400
