"""The debtor's state during a call, and the environment conditions are evaluated in."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from simulator.scenario import expressions
from simulator.scenario.model import INTERPOLATION, Effects, Scenario

Value = float | int | bool | str

MAX_DRAWS = 100_000  # a stored call replays at most this many random draws...
MAX_DRAW_SIZE = 10_000  # ...each over at most this many lines

# What a snapshot holds, exactly: restoring refuses anything else rather than resume a call
# that silently differs from the one saved.
_SNAPSHOT_KEYS = frozenset(
    {
        "seed",
        "meters",
        "variables",
        "flags",
        "visits",
        "taken",
        "said",
        "line_counts",
        "shuffle_bags",
        "turn",
        "confusion",
        "rng",
    }
)
_RNG_KEYS = frozenset({"draws"})


class StateError(ValueError):
    """A state override or snapshot that does not fit the scenario."""


class ConditionError(StateError):
    """A scenario condition or plan expression that cannot be evaluated at run time."""


@dataclass
class DebtorState:
    scenario: Scenario
    seed: int
    meters: dict[str, float] = field(default_factory=dict)
    variables: dict[str, Value] = field(default_factory=dict)
    flags: dict[str, bool] = field(default_factory=dict)
    visits: dict[str, int] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)
    said: set[str] = field(default_factory=set)
    line_counts: dict[str, int] = field(default_factory=dict)
    shuffle_bags: dict[str, list[int]] = field(default_factory=dict)
    turn: int = 0
    confusion: int = 0
    rng: random.Random = field(default_factory=random.Random)
    # The generator is stored as the draws made from the seed, replayed on restore: a few
    # bytes per turn instead of its 2.5 kB internal state in every committed snapshot.
    draws: list[tuple[str, int]] = field(default_factory=list)
    _overlay: dict[str, Value] = field(default_factory=dict)

    @classmethod
    def initial(cls, scenario: Scenario, seed: int) -> DebtorState:
        spec = scenario.state
        return cls(
            scenario=scenario,
            seed=seed,
            meters={k: m.initial for k, m in spec.meters.items()},
            variables={k: v.initial_value() for k, v in spec.variables.items()},
            flags=dict(spec.flags),
            rng=random.Random(seed),
        )

    # --- reading ----------------------------------------------------------------------

    def values(self) -> dict[str, Value]:
        return {**self.meters, **self.variables, **self.flags}

    def lookup(self, name: str) -> Any:
        if name in self._overlay:
            return self._overlay[name]
        for table in (self.meters, self.variables, self.flags):
            if name in table:
                return table[name]
        if name == "turn":
            return self.turn
        if name == "confusion":
            return self.confusion
        root, _, rest = name.partition(".")
        if root == "facts":
            return getattr(self.scenario.facts, rest)
        if root == "briefing":
            return getattr(self.scenario.briefing, rest)
        raise expressions.EvaluationError(f"unknown name '{name}'")

    def visits_of(self, node_id: str) -> int:
        return self.visits.get(node_id, 0)

    def check(self, source: str) -> bool:
        return bool(self.evaluate(source))

    def evaluate(self, source: str) -> Any:
        try:
            return expressions.evaluate(expressions.parse(source), _Env(self))
        except (
            expressions.EvaluationError,
            expressions.ExpressionError,
            AttributeError,
            TypeError,
            ZeroDivisionError,
        ) as exc:
            raise ConditionError(f"the condition {source!r} cannot be evaluated: {exc}") from None

    def interpolate(self, text: str) -> str:
        return INTERPOLATION.sub(lambda m: _format(self.lookup(m.group(1))), text)

    @contextmanager
    def overlay(self, values: Mapping[str, Value]) -> Iterator[None]:
        """Let guards see captured values before they are committed."""
        saved = self._overlay
        self._overlay = {**saved, **values}
        try:
            yield
        finally:
            self._overlay = saved

    # --- randomness -------------------------------------------------------------------

    def pick(self, count: int) -> int:
        """A random index below ``count``, reproducible from the seed."""
        self.draws.append(("pick", count))
        return self.rng.randrange(count)

    def shuffle(self, items: list[int]) -> None:
        self.draws.append(("shuffle", len(items)))
        self.rng.shuffle(items)

    def _replay(self, draws: list[Any]) -> None:
        if len(draws) > MAX_DRAWS:
            raise ValueError(f"{len(draws)} random draws; at most {MAX_DRAWS} are replayed")
        for kind, count in draws:
            if not isinstance(count, int) or not 0 <= count <= MAX_DRAW_SIZE:
                raise ValueError(f"a random draw over {count!r} lines")
            if kind == "pick":
                self.pick(count)
            elif kind == "shuffle":
                self.shuffle(list(range(count)))
            else:
                raise ValueError(f"unknown random draw {kind!r}")

    # --- writing ----------------------------------------------------------------------

    def assign(self, name: str, value: Value) -> None:
        if name in self.meters:
            meter = self.scenario.state.meters[name]
            number = _coerce("number", value)
            self.meters[name] = min(meter.max, max(meter.min, float(number)))
        elif name in self.flags:
            self.flags[name] = bool(_coerce("bool", value))
        elif name in self.variables:
            kind = self.scenario.state.variables[name].type
            self.variables[name] = _coerce(kind, value)
        else:
            raise StateError(f"'{name}' is not declared in this scenario")

    def apply(self, effects: Effects | None) -> None:
        if not effects:
            return
        for name, delta in effects.add.items():
            self.assign(name, float(self.lookup(name)) + delta)
        for name, value in effects.set.items():
            self.assign(name, value)

    # --- persistence --------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "meters": dict(self.meters),
            "variables": dict(self.variables),
            "flags": dict(self.flags),
            "visits": dict(self.visits),
            "taken": sorted(self.taken),
            "said": sorted(self.said),
            "line_counts": dict(self.line_counts),
            "shuffle_bags": {k: list(v) for k, v in self.shuffle_bags.items()},
            "turn": self.turn,
            "confusion": self.confusion,
            "rng": {"draws": [list(d) for d in self.draws]},
        }

    @classmethod
    def restore(cls, scenario: Scenario, data: Mapping[str, Any]) -> DebtorState:
        _check_form("saved call state", data, _SNAPSHOT_KEYS)
        _check_form("saved random draws", data["rng"], _RNG_KEYS)
        try:
            state = cls.initial(scenario, int(data["seed"]))
            for name, value in {**data["meters"], **data["variables"], **data["flags"]}.items():
                state.assign(name, value)
            state.visits = {str(k): int(v) for k, v in data["visits"].items()}
            state.taken = set(data["taken"])
            state.said = set(data["said"])
            state.line_counts = {str(k): int(v) for k, v in data["line_counts"].items()}
            state.shuffle_bags = {str(k): list(v) for k, v in data["shuffle_bags"].items()}
            state.turn = int(data["turn"])
            state.confusion = int(data["confusion"])
            state._replay(data["rng"]["draws"])
        except (KeyError, TypeError, ValueError) as exc:
            raise StateError(f"saved call state does not fit this scenario: {exc}") from None
        return state


def _check_form(what: str, data: Any, keys: frozenset[str]) -> None:
    """Refuse a snapshot of another shape (an older or newer version's) by name."""
    if not isinstance(data, Mapping):
        raise StateError(f"{what} is a {type(data).__name__}, not a mapping: it cannot be resumed")
    unknown = [repr(k) for k in data if k not in keys]
    missing = [repr(k) for k in sorted(keys) if k not in data]
    if unknown or missing:
        said = [f"unknown {', '.join(unknown)}"] if unknown else []
        said += [f"missing {', '.join(missing)}"] if missing else []
        raise StateError(f"{what} has another form ({'; '.join(said)}): it cannot be resumed")


class _Env:
    def __init__(self, state: DebtorState) -> None:
        self.state = state

    def lookup(self, name: str) -> Any:
        return self.state.lookup(name)

    def visits(self, node_id: str) -> int:
        return self.state.visits_of(node_id)

    def said(self, intent: str) -> bool:
        return intent in self.state.said


_TRUTH = {"true": True, "false": False, "1": True, "0": False}


def _coerce(kind: str, value: Value) -> Value:
    """Convert a value for a declared name, refusing anything that would mislead."""
    if kind == "string":
        return str(value)
    if kind == "bool":
        if isinstance(value, bool):
            return value
        truth = _TRUTH.get(str(value).strip().lower())
        if truth is None:
            raise StateError(f"{value!r} is not true or false")
        return truth
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise StateError(f"{value!r} is not a number") from None
    if not math.isfinite(number):
        raise StateError(f"{value!r} is not a finite number")
    if kind == "integer":
        if not number.is_integer():
            raise StateError(f"{value!r} is not a whole number")
        return int(number)
    return number


def _format(value: Any) -> str:
    """Numbers as a person reads them: 2,000 and 1,234.50; anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def parse_override(text: str) -> tuple[str, Value]:
    """``trust=10`` / ``verified=true`` / ``reason=job loss`` from the command line."""
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise StateError(f"expected NAME=VALUE, got {text!r}")
    raw = raw.strip()
    lowered = raw.lower()
    if lowered in ("true", "false"):
        return name, lowered == "true"
    try:
        return name, int(raw)
    except ValueError:
        pass
    try:
        return name, float(raw)
    except ValueError:
        return name, raw
