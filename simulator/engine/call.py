"""One call: the trainee speaks, the scripted debtor answers.

The scenario's machine definition becomes a ``transitions`` machine whose model is
``_CallModel``: triggers are intents, guards are the scenario's own conditions (the
model evaluates condition strings it is asked for), and callbacks apply effects and
speak lines. The engine picks the branch first (node responses, then ``anywhere``, in
file order) and the machine enforces and executes exactly that choice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from transitions import Machine
from transitions.extensions.states import Tags, add_state_features

from simulator.engine.lines import choose_line
from simulator.engine.monitor import FindingLike, NullMonitor, TurnMonitor
from simulator.engine.state import ConditionError, DebtorState, StateError, Value
from simulator.scenario.graph import (
    CONFUSED_TRIGGER,
    ENDED_STATE,
    FALLBACK_TRIGGER,
    HANG_UP_TRIGGER,
    REACTION_TRIGGER,
    SYNTHETIC_OUTCOMES,
    MachineDefinition,
    branch_key,
    machine_definition,
)
from simulator.scenario.model import LineGroup, Response, Scenario
from simulator.transcript.model import CallOutcome, Plan, Turn

if TYPE_CHECKING:
    from simulator.nlu import Understander, Understanding

DEFAULT_FALLBACK = {
    "en-US": "Sorry, what do you mean?",
    "zh-CN": "你说什么？我没听明白。",
}
MODES = ("practice", "test")
# Consecutive lines of one speaker become one turn; Chinese sentences join without a space.
JOINERS = {"zh-CN": ""}
# What snapshot() writes; restore() refuses anything else rather than drop it silently.
SNAPSHOT_KEYS = frozenset(
    ("scenario", "mode", "node", "state", "transcript", "path", "opening", "outcome")
)


class CallEnded(RuntimeError):
    """Raised when the trainee speaks after the call has ended."""


@dataclass(frozen=True, slots=True)
class DebtorLine:
    speaker: str
    text: str
    line_id: str
    node: str


@dataclass(frozen=True, slots=True)
class Choice:
    """A guided option for practice mode."""

    number: int
    text: str
    quality: str | None
    branch: str
    intent: str


@dataclass(frozen=True)
class Reply:
    turn: int
    lines: tuple[DebtorLine, ...]
    node: str
    understanding: Understanding
    branch: str | None
    fallback: bool
    feedback: str | None
    findings: tuple[FindingLike, ...]
    reactions: tuple[int, ...]
    state_changes: dict[str, tuple[Value, Value]]
    ended: bool
    outcome: CallOutcome | None

    def to_json(self) -> dict[str, Any]:
        return {
            "turn": self.turn,
            "node": self.node,
            "lines": [
                {"speaker": ln.speaker, "text": ln.text, "line_id": ln.line_id} for ln in self.lines
            ],
            "intents": [m.to_json() for m in self.understanding.intents],
            "branch": self.branch,
            "fallback": self.fallback,
            "feedback": self.feedback,
            "findings": [f.category for f in self.findings],
            "state_changes": {k: list(v) for k, v in self.state_changes.items()},
            "ended": self.ended,
            "outcome": self.outcome.outcome if self.outcome else None,
        }


@add_state_features(Tags)
class _Machine(Machine):
    pass


@dataclass
class _TurnScratch:
    """What the callbacks of one turn produce, gathered for the reply."""

    lines: list[DebtorLine] = field(default_factory=list)
    branch: str | None = None
    feedback: str | None = None
    fallback: bool = False
    captures: dict[str, Value] = field(default_factory=dict)
    selected: str | None = None
    end_outcome: str | None = None


class _CallModel:
    """The machine's model: resolves guard strings and callback names to behaviour."""

    state: str  # set by transitions

    def __init__(self, call: Call, guards: set[str]) -> None:
        self._call = call
        self._guards = guards

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name == "state":
            raise AttributeError(name)
        call = self.__dict__["_call"]
        verb, _, rest = name.partition(" ")
        if verb == "take" and rest:
            kind, _, key = rest.partition(" ")
            return lambda *a, **k: call._take(kind, key)
        if verb == "taken" and rest:
            return rest in call.state.taken
        if verb == "selected" and rest:
            return call._scratch.selected == rest
        if name in self.__dict__["_guards"]:
            return call.state.check(name)
        raise AttributeError(name)

    def enter(self, *args: Any, **kwargs: Any) -> None:
        self.__dict__["_call"]._enter(self.state)


class Call:
    """A call in progress. Create with :meth:`start` or :meth:`restore`."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        seed: int,
        mode: str,
        monitor: TurnMonitor | None,
        start_node: str | None,
        state: DebtorState,
        understander: Understander | None = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        self.scenario = scenario
        self.seed = seed
        self.mode = mode
        self.monitor: TurnMonitor = monitor or NullMonitor()
        self.state = state
        if understander is None:
            from simulator.nlu import Understander

            understander = Understander.for_locale(scenario.locale, scenario.intents)
        self.understander = understander
        self.transcript: list[Turn] = []
        self.path: list[str] = []
        self.outcome: CallOutcome | None = None
        self.start_node = start_node or scenario.start_node
        self._nodes = scenario.node_index
        self._responses: dict[str, Response] = {}
        for node in scenario.nodes:
            for i, resp in enumerate(node.responses):
                self._responses[branch_key(node.id, i)] = resp
        for i, resp in enumerate(scenario.anywhere):
            self._responses[branch_key("anywhere", i)] = resp
        self._scratch = _TurnScratch()
        self.definition = machine_definition(scenario, self.start_node)
        # A restored call may stand in a synthetic end state (hung up, confused): a call
        # stored after its last turn but before it was scored still resumes.
        if self.start_node not in {state["name"] for state in self.definition.states}:
            raise StateError(f"no node '{self.start_node}' in scenario '{scenario.id}'")
        self._model = _CallModel(self, _guard_strings(self.definition))
        self._machine = _Machine(
            model=self._model,
            states=self.definition.states,
            transitions=[_runtime(t) for t in self.definition.transitions()],
            initial=self.start_node,
            auto_transitions=False,
            ignore_invalid_triggers=True,
        )

    # --- construction -------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        scenario: Scenario,
        *,
        seed: int = 1,
        mode: str = "practice",
        monitor: TurnMonitor | None = None,
        start_node: str | None = None,
        overrides: Mapping[str, Value] | None = None,
        understander: Understander | None = None,
    ) -> Call:
        if start_node is not None and start_node not in scenario.node_index:
            raise StateError(f"no node '{start_node}' in scenario '{scenario.id}'")
        state = DebtorState.initial(scenario, seed)
        for name, value in (overrides or {}).items():
            state.assign(name, value)
        call = cls(
            scenario,
            seed=seed,
            mode=mode,
            monitor=monitor,
            start_node=start_node,
            state=state,
            understander=understander,
        )
        call._enter(call.node)
        call._flush(call._scratch)
        call._opening = tuple(call._scratch.lines)
        call._scratch = _TurnScratch()
        return call

    @classmethod
    def restore(
        cls,
        scenario: Scenario,
        snapshot: Mapping[str, Any],
        *,
        monitor: TurnMonitor | None = None,
        understander: Understander | None = None,
    ) -> Call:
        """Continue a stored call exactly where it stopped."""
        unknown = set(snapshot) - SNAPSHOT_KEYS
        if unknown:
            raise StateError(
                f"saved call state has unknown parts ({', '.join(sorted(map(str, unknown)))}):"
                " it was written by another version and cannot be resumed"
            )
        try:
            state = DebtorState.restore(scenario, snapshot["state"])
            call = cls(
                scenario,
                seed=state.seed,
                mode=str(snapshot["mode"]),
                monitor=monitor,
                start_node=str(snapshot["node"]),
                state=state,
                understander=understander,
            )
            call.transcript = [Turn(**t) for t in snapshot["transcript"]]
            call.path = [str(n) for n in snapshot["path"]]
            call._opening = tuple(DebtorLine(**ln) for ln in snapshot.get("opening", []))
            if out := snapshot.get("outcome"):
                plan = Plan(**out["plan"]) if out.get("plan") else None
                call.outcome = CallOutcome(out["outcome"], out.get("node"), plan)
        except (KeyError, TypeError, AttributeError) as exc:
            raise StateError(f"saved call state is incomplete: {exc}") from None
        for turn in call.transcript:
            call.monitor.observe(turn)
        return call

    def snapshot(self) -> dict[str, Any]:
        """Everything needed to resume, as JSON-safe data."""
        outcome = None
        if self.outcome:
            plan = self.outcome.plan
            outcome = {
                "outcome": self.outcome.outcome,
                "node": self.outcome.node,
                "plan": {k: getattr(plan, k) for k in ("amount", "date", "method", "instalments")}
                if plan
                else None,
            }
        return {
            "scenario": self.scenario.id,
            "mode": self.mode,
            "node": self.node,
            "state": self.state.snapshot(),
            "transcript": [t.to_json() for t in self.transcript],
            "path": list(self.path),
            "opening": [
                {"speaker": ln.speaker, "text": ln.text, "line_id": ln.line_id, "node": ln.node}
                for ln in self._opening
            ],
            "outcome": outcome,
        }

    # --- reading ------------------------------------------------------------------------

    @property
    def node(self) -> str:
        return self._model.state

    @property
    def ended(self) -> bool:
        return self.outcome is not None

    def opening(self) -> tuple[DebtorLine, ...]:
        """What the debtor said when the call connected."""
        return self._opening

    def phase(self) -> str:
        node = self._nodes.get(self.node)
        return node.phase if node else "closing"

    def choices(self) -> list[Choice]:
        """Guided options for practice mode; test mode never offers any."""
        if self.mode != "practice" or self.ended:
            return []
        out: list[Choice] = []
        for key, resp in self._candidates():
            if not resp.choice:
                continue
            text = self.state.interpolate(resp.choice)
            said = self.understander.understand(text) if resp.capture else None
            captures = _captures(resp, said) if said else {}
            if self._guards_hold(key, resp, captures):
                out.append(Choice(len(out) + 1, text, resp.quality, key, resp.all_intents[0]))
        return out

    # --- the turn -----------------------------------------------------------------------

    def respond(self, text: str) -> Reply:
        if self.ended:
            raise CallEnded("the call has ended")
        before = self.state.values()
        scratch = self._scratch = _TurnScratch()
        self.state.turn += 1
        understanding = self.understander.understand(text)
        self.state.said.update(understanding.intent_ids)
        agent = Turn("agent", text, node=self.node)
        self.transcript.append(agent)
        findings = tuple(self.monitor.observe(agent))
        reactions = self._react(findings)
        if not self.ended and not (reactions and self._moved_by(reactions)):
            self._choose(understanding)
        if not self.ended:
            self._model.trigger(HANG_UP_TRIGGER)
        self._flush(scratch)
        after = self.state.values()
        changes = {k: (before[k], after[k]) for k in after if before.get(k) != after[k]}
        return Reply(
            turn=self.state.turn,
            lines=tuple(scratch.lines),
            node=self.node,
            understanding=understanding,
            branch=scratch.branch,
            fallback=scratch.fallback,
            feedback=scratch.feedback,
            findings=findings,
            reactions=reactions,
            state_changes=changes,
            ended=self.ended,
            outcome=self.outcome,
        )

    def _candidates(self) -> list[tuple[str, Response]]:
        own = (
            [(branch_key(self.node, i), r) for i, r in enumerate(self._nodes[self.node].responses)]
            if self.node in self._nodes
            else []
        )
        return own + [(branch_key("anywhere", i), r) for i, r in enumerate(self.scenario.anywhere)]

    def _guards_hold(self, key: str, resp: Response, captures: Mapping[str, Value]) -> bool:
        if resp.once and key in self.state.taken:
            return False
        with self.state.overlay(captures):
            if resp.when and not self.state.check(resp.when):
                return False
            return not (resp.unless and self.state.check(resp.unless))

    def _choose(self, understanding: Understanding) -> None:
        matched = understanding.intent_ids
        for key, resp in self._candidates():
            hits = [i for i in resp.all_intents if i in matched]
            if not hits:
                continue
            captures = _captures(resp, understanding)
            if self._guards_hold(key, resp, captures):
                self._scratch.selected = key
                self._scratch.captures = captures
                with self.state.overlay(captures):
                    fired = self._model.trigger(hits[0])
                if fired:
                    return
        self._model.trigger(FALLBACK_TRIGGER)
        if not self.ended and self.state.confusion >= self.scenario.behaviour.confusion.limit:
            self._model.trigger(CONFUSED_TRIGGER)

    def _react(self, findings: Sequence[FindingLike]) -> tuple[int, ...]:
        categories = {f.category for f in findings}
        fired: list[int] = []
        for i, reaction in enumerate(self.scenario.reactions):
            if self.ended or not categories & set(reaction.all_categories):
                continue
            self._scratch.end_outcome = reaction.end
            if self._model.trigger(REACTION_TRIGGER.format(index=i)):
                fired.append(i)
        return tuple(fired)

    def _moved_by(self, reactions: tuple[int, ...]) -> bool:
        return any(
            self.scenario.reactions[i].next or self.scenario.reactions[i].end for i in reactions
        )

    # --- callbacks from the machine --------------------------------------------------------

    def _take(self, kind: str, key: str) -> None:
        scratch, state = self._scratch, self.state
        if kind in ("response", "anywhere"):
            resp = self._responses[key]
            for name, value in scratch.captures.items():
                state.assign(name, value)
            state.apply(resp.effects)
            state.taken.add(key)
            state.confusion = 0
            scratch.branch, scratch.feedback = key, resp.feedback
            self._say(resp.say, _line_base(key), self.node)
        elif kind == "fallback":
            node = self._nodes[key]
            state.confusion += 1
            scratch.fallback = True
            fallback = node.fallback
            state.apply(
                fallback.effects
                if fallback and fallback.effects
                else self.scenario.behaviour.confusion.cost
            )
            if fallback:
                self._say(fallback.say, f"{key}.fallback", key)
            else:
                text = DEFAULT_FALLBACK.get(self.scenario.locale, DEFAULT_FALLBACK["en-US"])
                self._speak(node.speaker, text, f"{key}.fallback", key)
        elif kind == "reaction":
            reaction = self.scenario.reactions[int(key)]
            state.taken.add(f"reaction:{key}")
            state.apply(reaction.effects)
            self._say(reaction.say, f"reaction.{int(key) + 1}", self.node)
        elif kind == "hang_up":
            self._say(self.scenario.behaviour.hang_up.say, "hang_up", self.node)
            scratch.end_outcome = "hung_up"

    def _enter(self, node_id: str) -> None:
        self.path.append(node_id)
        self.state.visits[node_id] = self.state.visits_of(node_id) + 1
        node = self._nodes.get(node_id)
        if node is None:
            outcome = SYNTHETIC_OUTCOMES.get(node_id, self._scratch.end_outcome or "no_resolution")
            if node_id == ENDED_STATE and self._scratch.end_outcome:
                outcome = self._scratch.end_outcome
            self.outcome = CallOutcome(outcome, None, None)
            return
        self.state.apply(node.on_enter)
        self._say(node.say, node.id, node.id)
        if node.ending:
            self.outcome = CallOutcome(node.ending.outcome, node.id, self._plan(node.ending.plan))

    def _plan(self, plan: Any) -> Plan | None:
        if plan is None:
            return None

        def number(value: float | int | str | None) -> float | None:
            if value is None or isinstance(value, (int, float)):
                return value
            result = self.state.evaluate(value)
            if isinstance(result, bool) or not isinstance(result, (int, float)):
                raise ConditionError(f"the plan value {value!r} is {result!r}, not a number")
            return float(result)

        instalments = number(plan.instalments)
        return Plan(
            amount=number(plan.amount),
            date=self.state.interpolate(plan.date) if plan.date else None,
            method=self.state.interpolate(plan.method) if plan.method else None,
            instalments=int(instalments) if instalments is not None else None,
        )

    def _say(self, group: LineGroup | None, base: str, node_id: str) -> None:
        chosen = choose_line(group, base, self.state)
        if chosen is None:
            return
        line_id, line = chosen
        node = self._nodes.get(node_id)
        self._speak(
            node.speaker if node else "debtor", self.state.interpolate(line.text), line_id, node_id
        )

    def _speak(self, speaker: str, text: str, line_id: str, node_id: str) -> None:
        self._scratch.lines.append(DebtorLine(speaker, text, line_id, node_id))

    def _flush(self, scratch: _TurnScratch) -> None:
        """Group the lines of one reply into transcript turns, one per speaker run."""
        run: list[DebtorLine] = []
        for line in [*scratch.lines, None]:
            if run and (line is None or line.speaker != run[-1].speaker):
                turn = Turn(
                    run[-1].speaker,
                    JOINERS.get(self.scenario.locale, " ").join(ln.text for ln in run),  # type: ignore[arg-type]
                    node=run[-1].node,
                    line_id=",".join(ln.line_id for ln in run),
                )
                self.transcript.append(turn)
                self.monitor.observe(turn)
                run = []
            if line is not None:
                run.append(line)


def _line_base(key: str) -> str:
    source, _, index = key.partition(":")
    return f"{source}.r{int(index) + 1}"


def _captures(resp: Response, understanding: Understanding) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for name, kind in resp.capture.items():
        if kind == "text":
            out[name] = understanding.text
            continue
        entity = understanding.best(kind)
        if entity is not None:
            out[name] = entity.value
    return out


def _guard_strings(definition: MachineDefinition) -> set[str]:
    return {g for e in definition.edges for g in (*e.conditions, *e.unless)}


def _runtime(spec: dict[str, Any]) -> dict[str, Any]:
    """Add the engine's selection check in front of a branch's own guards."""
    before = spec["before"]
    _verb, kind, key = before.split(" ", 2)
    if kind in ("response", "anywhere"):
        spec = {**spec, "conditions": [f"selected {key}", *spec.get("conditions", [])]}
    return spec
