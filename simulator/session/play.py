"""One session end to end; each turn is committed before the reply is returned."""

from __future__ import annotations

import json
import secrets
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator import __version__
from simulator.engine import Call, Choice, DebtorLine, Reply
from simulator.engine.state import StateError, Value
from simulator.scenario.loader import LoadedScenario
from simulator.scenario.model import Scenario
from simulator.transcript.model import MAX_TURN_CHARS, CallContext, Transcript, Turn

if TYPE_CHECKING:
    from simulator.scoring.rubric import Rubric
    from simulator.scoring.scorecard import Scorecard
    from simulator.store import ResultsStore
    from simulator.store.records import TurnRecord


class SessionSaveError(RuntimeError):
    """The database refused a turn; the transcript went to a recovery file instead."""

    def __init__(self, message: str, recovery_file: Path | None) -> None:
        super().__init__(message)
        self.recovery_file = recovery_file


def call_context(scenario: Scenario, start_node: str | None = None) -> CallContext:
    """What the compliance checker must know before the first turn.

    A play-test started part-way (``--from NODE``) skips the opening, so identification,
    verification and the disclosure count as done; otherwise the call starts clean.
    """
    facts = scenario.facts
    mid_call = start_node is not None and start_node != scenario.start_node
    return CallContext(
        right_party_verified=mid_call,
        identified=mid_call,
        disclosure_given=mid_call,
        legal_action_authorized=facts.legal_action_authorized,
        settlement_authorized=facts.settlement_authorized,
        time_barred=facts.time_barred,
    )


@dataclass
class PlaySession:
    loaded: LoadedScenario
    call: Call
    trainee: str | None
    rubric: Rubric
    store: ResultsStore | None = None
    session_id: int | None = None
    notes: str = ""
    _recorded: int = 0  # transcript lines made into turn records, committed or pending
    _pending: list[TurnRecord] = field(default_factory=list, repr=False)  # not yet committed
    _scorecard: Scorecard | None = field(default=None, repr=False)

    # --- lifecycle ------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        loaded: LoadedScenario,
        *,
        trainee: str | None = None,
        mode: str = "practice",
        seed: int | None = None,
        store: ResultsStore | None = None,
        start_node: str | None = None,
        overrides: Mapping[str, Value] | None = None,
        rubric: Rubric | None = None,
    ) -> PlaySession:
        from simulator.scoring.compliance import ComplianceMonitor
        from simulator.scoring.rubric import rubric_for

        scenario = loaded.scenario
        seed = secrets.randbelow(2**31) if seed is None else seed
        monitor = ComplianceMonitor(
            scenario.rule_pack,
            scenario.locale,
            call_context(scenario, start_node),
            scenario.facts,
        )
        call = Call.start(
            scenario,
            seed=seed,
            mode=mode,
            monitor=monitor,
            start_node=start_node,
            overrides=overrides,
        )
        session = cls(
            loaded,
            call,
            storable(trainee) if trainee else trainee,
            rubric or rubric_for(scenario_rubric=scenario.rubric, scenario_path=loaded.path),
        )
        if store is not None and trainee:
            session._begin(store, seed, mode)
        return session

    def _begin(self, store: ResultsStore, seed: int, mode: str) -> None:
        """Open the stored session; nothing was said yet, so a refusal needs no recovery."""
        from simulator.store import StoreError

        scenario, loaded = self.scenario, self.loaded
        self.store = store
        try:
            store.upsert_scenario(
                id=scenario.id,
                title=scenario.title,
                version=str(scenario.version),
                content_hash=loaded.content_hash,
                locale=scenario.locale,
                persona=scenario.persona,
                stage=scenario.stage,
                difficulty=scenario.difficulty,
            )
            self.session_id = store.begin_session(
                trainee=self.trainee,
                scenario_id=scenario.id,
                scenario_hash=loaded.content_hash,
                seed=seed,
                mode=mode,
                rubric_version=self.rubric.version,
                app_version=__version__,
            )
        except StoreError as exc:
            raise SessionSaveError(f"could not start a stored session: {exc}", None) from None
        self._persist(None)

    @classmethod
    def resume(
        cls,
        loaded: LoadedScenario,
        store: ResultsStore,
        session_id: int,
        *,
        rubric: Rubric | None = None,
    ) -> PlaySession:
        from simulator.scoring.compliance import ComplianceMonitor
        from simulator.scoring.rubric import rubric_for

        record = store.load_session(session_id)
        if record.snapshot is None:
            raise StateError(f"session {session_id} has no saved call state: it cannot be resumed")
        scenario = loaded.scenario
        started_at = (record.snapshot.get("path") or [None])[0]
        monitor = ComplianceMonitor(
            scenario.rule_pack,
            scenario.locale,
            call_context(scenario, started_at),
            scenario.facts,
        )
        call = Call.restore(scenario, record.snapshot, monitor=monitor)
        session = cls(
            loaded,
            call,
            record.trainee,
            rubric or rubric_for(scenario_rubric=scenario.rubric, scenario_path=loaded.path),
            store,
            session_id,
            record.notes or "",
        )
        session._recorded = len(call.transcript)
        return session

    # --- the call -----------------------------------------------------------------------------

    @property
    def scenario(self) -> Scenario:
        return self.loaded.scenario

    @property
    def ended(self) -> bool:
        return self.call.ended

    @property
    def transcript(self) -> list[Turn]:
        return self.call.transcript

    @property
    def context(self) -> CallContext:
        return call_context(self.scenario, self.call.path[0] if self.call.path else None)

    def opening(self) -> tuple[DebtorLine, ...]:
        return self.call.opening()

    def choices(self) -> list[Choice]:
        return self.call.choices()

    def say(self, text: str) -> Reply:
        """The trainee's turn: understood, answered, and committed before returning.

        A turn over MAX_TURN_CHARS raises ValueError before anything changes."""
        text = storable(text)
        if len(text) > MAX_TURN_CHARS:
            raise ValueError(too_long(len(text)))
        reply = self.call.respond(text)
        self._persist(reply)
        return reply

    def set_state(self, name: str, value: Value) -> None:
        """Play-test: change a meter, variable or flag mid-call (raises StateError)."""
        self.call.state.assign(name, value)

    def set_notes(self, notes: str) -> None:
        notes = storable(notes)
        self.notes = notes
        if self.store is not None and self.session_id is not None:
            self._guard(lambda: self.store.save_notes(self.session_id, notes))

    def scorecard(self) -> Scorecard:
        from simulator.scoring.scorecard import score_transcript

        if self._scorecard is None or not self.ended:
            transcript = Transcript(
                source=self.scenario.id,
                locale=self.scenario.locale,
                rules=self.scenario.rule_pack,
                turns=list(self.transcript),
                context=self.context,
            )
            card = score_transcript(
                transcript,
                scenario=self.scenario,
                outcome=self.call.outcome,
                rubric=self.rubric,
                mode=self.call.mode,
            )
            if not self.ended:
                return card
            self._scorecard = card
        return self._scorecard

    def finish(self) -> Scorecard:
        """Score the call and close the session (called when the call ends or is cut short)."""
        card = self.scorecard()
        if self.store is not None and self.session_id is not None:
            if self._pending:  # a closed session takes no more turns: these go first
                self._commit_pending()
            outcome = self.call.outcome.outcome if self.call.outcome else None
            self._guard(
                lambda: self.store.finish_session(
                    self.session_id, status="completed", outcome=outcome, scorecard=card.to_json()
                )
            )
        return card

    def abandon(self) -> None:
        if self.store is not None and self.session_id is not None:
            if self._pending:
                self._commit_pending()
            self._guard(lambda: self.store.mark_abandoned(self.session_id))

    # --- storage ----------------------------------------------------------------------------

    def _persist(self, reply: Reply | None) -> None:
        """Commit this exchange, after any that the database refused earlier.

        Each line's record is made once, when it is said, so a turn that had to wait keeps
        its own intents and findings."""
        if self.store is None or self.session_id is None:
            return
        from simulator.store.records import TurnRecord

        now = datetime.now(UTC).isoformat(timespec="milliseconds")
        for index in range(self._recorded, len(self.transcript)):
            turn = self.transcript[index]
            if turn.speaker == "agent" and reply is not None:
                self._pending.append(
                    TurnRecord(
                        index=index,
                        speaker=turn.speaker,
                        text=turn.text,
                        node=turn.node,
                        line_id=turn.line_id,
                        intents=[m.to_json() for m in reply.understanding.intents],
                        state_changes={k: list(v) for k, v in reply.state_changes.items()},
                        at=now,
                        findings=[f.to_json() for f in reply.findings],
                        branch=reply.branch,
                    )
                )
            else:
                self._pending.append(
                    TurnRecord(index, turn.speaker, turn.text, turn.node, turn.line_id, at=now)
                )
        self._recorded = len(self.transcript)
        self._commit_pending()

    def _commit_pending(self) -> None:
        """Commit the turns still waiting since a refused write, with the call's state now."""
        snapshot = self.call.snapshot()
        self._guard(lambda: self.store.record_turns(self.session_id, self._pending, snapshot))
        self._pending = []

    def _guard(self, action: Any) -> None:
        from simulator.store import StoreError

        try:
            action()
        except StoreError as exc:
            path = self._write_recovery()
            raise SessionSaveError(
                f"could not save to the results database ({exc}); "
                f"the transcript was saved to {path}",
                path,
            ) from None

    def _write_recovery(self) -> Path | None:
        data = {
            "session_id": self.session_id,
            "trainee": self.trainee,
            "scenario": self.scenario.id,
            "scenario_hash": self.loaded.content_hash,
            "notes": self.notes,
            "locale": self.scenario.locale,
            "rules": self.scenario.rule_pack,
            "context": asdict(self.context),
            "turns": [t.to_json() for t in self.transcript],
            "snapshot": self.call.snapshot(),
        }
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        name = f"session-{self.session_id}-{stamp}.json"
        text = json.dumps(data, ensure_ascii=False, indent=2)
        near_db = self.store.path.parent if self.store is not None else None
        return write_recovery(name, text, near_db)


def storable(text: str) -> str:
    """Text as typed, unless it holds lone surrogates (a terminal or clipboard that split a
    character): those become U+FFFD, since no UTF-8 file or database can hold them, and a
    split pair is joined again."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def too_long(chars: int) -> str:
    return f"a turn is {chars:,} characters long; the limit is {MAX_TURN_CHARS:,}"


def write_recovery(name: str, text: str, near_db: Path | None) -> Path | None:
    """Save where we can: beside the database, else the temp folder."""
    folders = [p for p in (near_db, Path(tempfile.gettempdir())) if p is not None]
    for folder in folders:
        try:
            target = folder / "collector-sim-recovery"
            target.mkdir(parents=True, exist_ok=True)
            path = target / name
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None
