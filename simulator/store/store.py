"""ResultsStore: the only way sessions, turns, scores and reviews reach the results database."""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from sqlite_utils import Database

from simulator.store import connection, export, inserts, reports, rollups
from simulator.store.clock import now_iso, utc_iso
from simulator.store.errors import StoreError
from simulator.store.paths import resolve_db_path
from simulator.store.records import SessionRecord, TurnRecord
from simulator.store.schema import DIMENSIONS, SCORE_COLUMNS
from simulator.vocabulary import SPEAKERS

P = ParamSpec("P")
T = TypeVar("T")

FINISHED = ("completed", "abandoned")


_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def dumps(value: Any) -> str:
    """Stable JSON: the same data always stores as the same bytes."""
    return _JSON.encode(value)


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _guarded(method: Callable[P, T]) -> Callable[P, T]:
    """Turn any sqlite3 failure into a StoreError naming the database."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            store = args[0]
            assert isinstance(store, ResultsStore)
            raise StoreError(f"results database {store.path}: {exc}") from None

    return wrapper


class ResultsStore:
    """One connection to the results database; safe to share the file across processes."""

    def __init__(self, db: Database, path: Path, file: connection.FileIdentity | None) -> None:
        self.db = db
        self.path = path
        self.file = file  # what each write checks the path still names

    @classmethod
    def open(cls, path: str | Path | None = None) -> ResultsStore:
        resolved = resolve_db_path(path)
        db, file = connection.connect(resolved)
        return cls(db, resolved, file)

    def close(self) -> None:
        connection.checkpoint(self.db)
        self.db.close()

    def __enter__(self) -> ResultsStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group many calls into one transaction (imports, generators); commits at the end."""
        with connection.batch(self.db, self.file):
            yield
        connection.checkpoint(self.db)

    # ----------------------------------------------------------------- writes

    def _write(self, action: Callable[[], T]) -> T:
        return connection.write(self.db, action, self.file)

    @_guarded
    def ensure_trainee(self, name: str) -> int:
        clean = _required_text(name, "trainee name")
        return self._write(lambda: self._trainee_id(clean, create=True))

    def _trainee_id(self, name: str, *, create: bool) -> int:
        row = self.db.execute("SELECT id FROM trainees WHERE name = ?", [name]).fetchone()
        if row is not None:
            return int(row[0])
        if not create:
            raise StoreError(f"no trainee named '{name}'")
        table = self.db.table("trainees")
        table.insert({"name": name, "created_at": now_iso()})
        return int(table.last_pk)

    @_guarded
    def upsert_scenario(
        self,
        *,
        id: str,
        title: str,
        version: str,
        content_hash: str,
        locale: str,
        persona: str,
        stage: str,
        difficulty: int,
    ) -> None:
        row = {
            "id": _required_text(id, "scenario id"),
            "title": title,
            "version": version,
            "content_hash": _required_text(content_hash, "scenario hash"),
            "locale": locale,
            "persona": persona,
            "stage": stage,
            "difficulty": difficulty,
            "updated_at": now_iso(),
        }
        self._write(lambda: self.db.table("scenarios").upsert(row, pk="id"))

    @_guarded
    def begin_session(
        self,
        *,
        trainee: str,
        scenario_id: str,
        scenario_hash: str,
        seed: int,
        mode: str,
        rubric_version: str,
        app_version: str,
        started_at: str | None = None,
    ) -> int:
        name = _required_text(trainee, "trainee name")
        scenario = _required_text(scenario_id, "scenario id")
        started = utc_iso(started_at) if started_at else now_iso()

        def action() -> int:
            trainee_id = self._trainee_id(name, create=True)
            # A scenario never registered gets a placeholder row, so the session still lands;
            # upsert_scenario fills in the details when the runner provides them.
            self.db.table("scenarios").insert(
                {
                    "id": scenario,
                    "title": scenario,
                    "content_hash": scenario_hash,
                    "updated_at": started,
                },
                ignore=True,
            )
            table = self.db.table("sessions")
            table.insert(
                {
                    "trainee_id": trainee_id,
                    "scenario_id": scenario,
                    "scenario_hash": scenario_hash,
                    "seed": int(seed),
                    "mode": mode,
                    "rubric_version": rubric_version,
                    "app_version": app_version,
                    "started_at": started,
                    "updated_at": started,
                    "status": "in_progress",
                }
            )
            rollups.add_session(
                self.db,
                trainee=name,
                scenario_id=scenario,
                started_at=started,
                counts={"sessions": 1},
            )
            return int(table.last_pk)

        return self._write(action)

    @_guarded
    def record_turns(self, session_id: int, turns: list[TurnRecord], snapshot: dict) -> None:
        """Store the turns and the resume snapshot together; durable when this returns."""
        for turn in turns:
            _check_turn(turn)
        live_findings = _items([(f, t.turn) for t in turns for f in t.findings])
        live_markers = _items([(m, t.turn) for t in turns for m in t.markers])
        _check_items(live_findings, live_markers)
        try:
            snapshot_json = dumps(snapshot)
            rows = [
                (
                    session_id,
                    t.index,
                    t.speaker,
                    t.text,
                    t.node,
                    t.line_id,
                    t.branch,
                    dumps(t.intents),
                    dumps(t.state_changes),
                    utc_iso(t.at) if t.at else now_iso(),
                )
                for t in turns
            ]
        except (TypeError, ValueError) as exc:
            raise StoreError(f"a turn or the snapshot cannot be stored as JSON: {exc}") from None
        choices = [(t.node, t.branch) for t in turns if t.branch and t.node]

        def action() -> None:
            session = self._open_session(session_id)
            try:
                inserts.insert(self.db, "turns", _TURN_COLUMNS, rows)
            except sqlite3.IntegrityError:
                raise StoreError(
                    f"session {session_id} already has one of the turns "
                    f"{', '.join(str(t.turn) for t in turns)}; turns are never rewritten"
                ) from None
            self._insert_findings(session_id, live_findings, live_markers)
            rollups.add_branches(
                self.db,
                scenario_id=session["scenario_id"],
                started_at=session["started_at"],
                choices=choices,
            )
            self.db.execute(
                "UPDATE sessions SET snapshot = ?, turn_count = turn_count + ?, updated_at = ? "
                "WHERE id = ?",
                [snapshot_json, len(rows), now_iso(), session_id],
            )

        self._write(action)

    def _open_session(self, session_id: int) -> dict[str, Any]:
        """The session's keys for the rollups, refusing one that has already finished."""
        row = self.db.execute(
            "SELECT s.status, s.scenario_id, s.started_at, t.name "
            "FROM sessions s JOIN trainees t ON t.id = s.trainee_id WHERE s.id = ?",
            [session_id],
        ).fetchone()
        if row is None:
            raise StoreError(f"no session {session_id}")
        status, scenario_id, started_at, trainee = row
        if status != "in_progress":
            raise StoreError(f"session {session_id} is {status}; it takes no more turns")
        return {"scenario_id": scenario_id, "started_at": started_at, "trainee": trainee}

    def _turn_ids(self, session_id: int, numbers: set[int]) -> dict[int, int]:
        """1-based turn numbers -> turns.id, refusing numbers the session does not have."""
        wanted = sorted(numbers)
        step = inserts.MAX_VARIABLES - 1  # one value is the session id
        found: dict[int, int] = {}
        for start in range(0, len(wanted), step):
            chunk = wanted[start : start + step]
            marks = ",".join("?" for _ in chunk)
            found.update(
                (idx + 1, turn_id)
                for turn_id, idx in self.db.execute(
                    f"SELECT id, idx FROM turns WHERE session_id = ? AND idx IN ({marks})",
                    [session_id, *(n - 1 for n in chunk)],
                )
            )
        missing = sorted(numbers - found.keys())
        if missing:
            raise StoreError(
                f"session {session_id} has no turn {', '.join(map(str, missing))} "
                "(turn numbers start at 1)"
            )
        return found

    def _insert_findings(
        self,
        session_id: int,
        findings: list[Item],
        markers: list[Item],
    ) -> None:
        ids = self._turn_ids(session_id, {n for n, _ in findings + markers})
        inserts.insert(
            self.db,
            "findings",
            _FINDING_COLUMNS,
            [
                (
                    session_id,
                    ids[n],
                    f["category"],
                    f["rule"],
                    f["severity"],
                    f.get("evidence", ""),
                    f.get("message", ""),
                    f.get("tip", ""),
                    f.get("source", ""),
                )
                for n, f in findings
            ],
        )
        inserts.insert(
            self.db,
            "empathy_markers",
            _MARKER_COLUMNS,
            [
                (session_id, ids[n], m["marker"], m["polarity"], m.get("evidence", ""))
                for n, m in markers
            ],
        )

    @_guarded
    def save_notes(self, session_id: int, notes: str) -> None:
        def action() -> None:
            self._session_row(session_id)
            self.db.execute(
                "UPDATE sessions SET notes = ?, updated_at = ? WHERE id = ?",
                [notes, now_iso(), session_id],
            )

        self._write(action)

    @_guarded
    def finish_session(
        self,
        session_id: int,
        *,
        status: str,
        outcome: str | None,
        scorecard: dict | None,
        ended_at: str | None = None,
    ) -> None:
        """Close the session; the scorecard's findings and markers replace the live ones."""
        if status not in FINISHED:
            raise StoreError(f"a session finishes as completed or abandoned, not '{status}'")
        scores, passed, findings, markers = _card_parts(scorecard)
        ended = utc_iso(ended_at) if ended_at else now_iso()

        def action() -> None:
            session = self._open_session(session_id)
            if scorecard is not None:
                for table in ("findings", "empathy_markers"):
                    self.db.execute(f"DELETE FROM {table} WHERE session_id = ?", [session_id])
                self._insert_findings(session_id, findings, markers)
            self.db.table("sessions").update(
                session_id,
                {
                    "status": status,
                    "outcome": outcome,
                    "ended_at": ended,
                    "updated_at": ended,
                    **{column: scores.get(dim) for dim, column in SCORE_COLUMNS.items()},
                    "passed": None if passed is None else int(passed),
                    "scorecard": None if scorecard is None else dumps(scorecard),
                    "snapshot": None,
                },
            )
            keys = {
                "trainee": session["trainee"],
                "scenario_id": session["scenario_id"],
                "started_at": session["started_at"],
            }
            if status == "completed":
                counts = {"completed": 1, "passed": int(bool(passed))}
                rollups.add_session(self.db, **keys, counts=counts, scores=scores)
            else:
                rollups.add_session(self.db, **keys, counts={"abandoned": 1})
            rollups.add_findings(self.db, **keys, session_id=session_id)

        self._write(action)
        connection.checkpoint(self.db)  # between calls, where its fsyncs delay no turn

    def mark_abandoned(self, session_id: int) -> None:
        self.finish_session(session_id, status="abandoned", outcome=None, scorecard=None)

    @_guarded
    def add_review(
        self,
        session_id: int,
        *,
        reviewer: str,
        dimension: str | None = None,
        score: float | None = None,
        comment: str | None = None,
        turn: int | None = None,
    ) -> int:
        """A manager's score or comment, stored beside the machine's, which stays untouched."""
        who = _required_text(reviewer, "reviewer name")
        text = comment.strip() if comment and comment.strip() else None
        if score is None and text is None:
            raise StoreError("a review needs a score, a comment, or both")
        if dimension is not None and dimension not in DIMENSIONS:
            raise StoreError(f"unknown dimension '{dimension}'; use one of {', '.join(DIMENSIONS)}")
        if score is not None:
            if dimension is None:
                raise StoreError("a review score needs its dimension")
            if not 0 <= float(score) <= 100:
                raise StoreError(f"a review score is between 0 and 100, not {score}")

        def action() -> int:
            self._session_row(session_id)
            turn_id = None if turn is None else self._turn_ids(session_id, {turn})[turn]
            table = self.db.table("reviews")
            table.insert(
                {
                    "session_id": session_id,
                    "turn_id": turn_id,
                    "reviewer": who,
                    "dimension": dimension,
                    "score": None if score is None else float(score),
                    "comment": text,
                    "created_at": now_iso(),
                }
            )
            return int(table.last_pk)

        return self._write(action)

    # ------------------------------------------------------------------ reads

    def _session_row(self, session_id: int) -> dict[str, Any]:
        return reports.session_row(self.db, session_id)

    @_guarded
    def resumable(self, trainee: str | None = None) -> list[dict]:
        """Sessions left in progress (a crash, a quit), newest first."""
        where, params = "s.status = 'in_progress'", []
        if trainee is not None:
            where += " AND t.name = ?"
            params.append(trainee)
        return list(
            self.db.query(
                "SELECT s.id, t.name AS trainee, s.scenario_id, c.title AS scenario_title, "
                "s.scenario_hash, s.seed, s.mode, s.started_at, s.updated_at, s.turn_count "
                "FROM sessions s JOIN trainees t ON t.id = s.trainee_id "
                f"JOIN scenarios c ON c.id = s.scenario_id WHERE {where} "
                "ORDER BY s.updated_at DESC, s.id DESC",
                params,
            )
        )

    @_guarded
    def load_session(self, session_id: int) -> SessionRecord:
        row = self._session_row(session_id)
        turn_rows = list(
            self.db.query(
                "SELECT id, idx, speaker, text, node, line_id, branch, intents, state_changes, at "
                "FROM turns WHERE session_id = ? ORDER BY idx",
                [session_id],
            )
        )
        findings = reports.session_findings(self.db, session_id)
        markers = reports.session_markers(self.db, session_id)
        turns = [
            TurnRecord(
                index=t["idx"],
                speaker=t["speaker"],
                text=t["text"],
                node=t["node"],
                line_id=t["line_id"],
                intents=loads(t["intents"]),
                state_changes=loads(t["state_changes"]),
                at=t["at"],
                findings=[f for f in findings if f["turn"] == t["idx"] + 1],
                branch=t["branch"],
                markers=[m for m in markers if m["turn"] == t["idx"] + 1],
            )
            for t in turn_rows
        ]
        return SessionRecord(
            id=row["id"],
            trainee=row["trainee"],
            scenario_id=row["scenario_id"],
            scenario_title=row["scenario_title"],
            scenario_hash=row["scenario_hash"],
            seed=row["seed"],
            mode=row["mode"],
            rubric_version=row["rubric_version"],
            app_version=row["app_version"],
            started_at=row["started_at"],
            updated_at=row["updated_at"],
            ended_at=row["ended_at"],
            status=row["status"],
            outcome=row["outcome"],
            scores={dim: row[column] for dim, column in SCORE_COLUMNS.items()},
            passed=None if row["passed"] is None else bool(row["passed"]),
            notes=row["notes"],
            snapshot=loads(row["snapshot"]),
            scorecard=loads(row["scorecard"]),
            turns=turns,
            findings=findings,
            markers=markers,
            reviews=reports.session_reviews(self.db, session_id),
        )

    @_guarded
    def session_scenario(self, session_id: int) -> str:
        """The scenario id a session played (StoreError if there is no such session)."""
        return str(self._session_row(session_id)["scenario_id"])

    @_guarded
    def scenario_changed(self, session_id: int, current_hash: str) -> bool:
        return self._session_row(session_id)["scenario_hash"] != current_hash

    # ---------------------------------------------------------------- reports

    @_guarded
    def report_trainees(self, since: str | None = None) -> list[dict]:
        return reports.trainees(self.db, since)

    @_guarded
    def report_scenarios(self, since: str | None = None) -> list[dict]:
        return reports.scenarios(self.db, since)

    @_guarded
    def report_findings(self, since: str | None = None) -> dict:
        return reports.findings(self.db, since)

    @_guarded
    def report_trainee(self, name: str, since: str | None = None) -> dict:
        return reports.trainee(self.db, name, since)

    @_guarded
    def report_session(self, session_id: int, current_hash: str | None = None) -> dict:
        return reports.session(self.db, self._session_row(session_id), current_hash)

    @_guarded
    def branch_counts(self, scenario_id: str) -> dict[str, dict[str, int]]:
        return reports.branch_counts(self.db, scenario_id)

    @_guarded
    def export(
        self, fmt: str, out: Path, *, since: str | None = None, base_iri: str | None = None
    ) -> int:
        """Write sessions as csv, json or xapi to out; returns how many items it holds."""
        return export.export(self.db, fmt, out, since=since, base_iri=base_iri)


Item = tuple[int, dict[str, Any]]

_TURN_COLUMNS = (
    "session_id",
    "idx",
    "speaker",
    "text",
    "node",
    "line_id",
    "branch",
    "intents",
    "state_changes",
    "at",
)
_FINDING_COLUMNS = (
    "session_id",
    "turn_id",
    "category",
    "rule",
    "severity",
    "evidence",
    "message",
    "tip",
    "source",
)
_MARKER_COLUMNS = ("session_id", "turn_id", "marker", "polarity", "evidence")


def _card_parts(
    scorecard: dict | None,
) -> tuple[dict[str, float | None], bool | None, list[Item], list[Item]]:
    """Scores, passed, findings and markers from Scorecard.to_json(), or StoreError if malformed."""
    if scorecard is None:
        return {}, None, [], []
    try:
        raw = scorecard.get("scores") or {}
        scores = {dim: None if raw.get(dim) is None else float(raw[dim]) for dim in SCORE_COLUMNS}
        passed = scorecard.get("passed")
        empathy = scorecard.get("empathy") or {}
        findings = [(int(f["turn"]), f) for f in scorecard.get("findings") or []]
        markers = [(int(m["turn"]), m) for m in empathy.get("markers") or []]
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise StoreError(f"the scorecard is malformed ({type(exc).__name__}: {exc})") from None
    _check_items(findings, markers)
    return scores, None if passed is None else bool(passed), findings, markers


def _items(pairs: list[tuple[dict[str, Any], int]]) -> list[Item]:
    """Live findings or markers with their turn number (their own, else the turn carrying them)."""
    try:
        return [(int(item.get("turn", turn)), item) for item, turn in pairs]
    except (AttributeError, TypeError, ValueError) as exc:
        raise StoreError(f"a finding or marker is malformed ({exc})") from None


def _check_items(findings: list[Item], markers: list[Item]) -> None:
    """Findings and markers carry the ids the tables require."""
    try:
        for _, f in findings:
            for key in ("category", "rule", "severity"):
                _required_text(f[key], f"finding {key}")
        for _, m in markers:
            _required_text(m["marker"], "marker id")
            _required_text(m["polarity"], "marker polarity")
    except (KeyError, TypeError) as exc:
        raise StoreError(f"a finding or marker lacks {exc}") from None


def _required_text(value: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise StoreError(f"a {what} is required")
    return value.strip()


def _check_turn(turn: TurnRecord) -> None:
    if turn.speaker not in SPEAKERS:
        raise StoreError(
            f"turn {turn.turn}: speaker must be one of {', '.join(SPEAKERS)}, not '{turn.speaker}'"
        )
    if not isinstance(turn.index, int) or turn.index < 0:
        raise StoreError(f"a turn index is a whole number from 0, not {turn.index!r}")
