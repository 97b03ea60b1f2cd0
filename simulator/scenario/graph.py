"""The call's state-machine definition, derived once from a scenario.

The engine builds its ``transitions`` machine from this definition and
``collector-sim graph`` draws it with ``GraphMachine``, so the picture cannot
disagree with the behaviour. Everything here is plain data: guards are the
scenario's own condition strings and callbacks are names the call model resolves.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from simulator.scenario.model import Response, Scenario

HUNG_UP_STATE = "_hung_up"
CONFUSED_STATE = "_confused"
ENDED_STATE = "_ended"
SYNTHETIC_OUTCOMES = {HUNG_UP_STATE: "hung_up", CONFUSED_STATE: "no_resolution"}

FALLBACK_TRIGGER = "fallback"
HANG_UP_TRIGGER = "hang_up"
CONFUSED_TRIGGER = "confused"
REACTION_TRIGGER = "react_{index}"
# Edges a trainee does not choose: they end or divert the call but are not a designed
# route, so lint ignores them when it looks for ways to an ending.
AUTOMATIC_KINDS = frozenset({"hang_up", "confusion", "reaction"})


def branch_key(source: str, index: int) -> str:
    """Stable key of a response branch: ``node:index`` or ``anywhere:index``."""
    return f"{source}:{index}"


@dataclass(frozen=True, slots=True)
class Edge:
    trigger: str
    sources: tuple[str, ...]
    dest: str | None
    kind: str
    key: str
    conditions: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()

    def as_transition(self) -> dict[str, Any]:
        spec: dict[str, Any] = {
            "trigger": self.trigger,
            "source": list(self.sources),
            "dest": self.dest,
            "before": f"take {self.kind} {self.key}",
        }
        if self.conditions:
            spec["conditions"] = list(self.conditions)
        if self.unless:
            spec["unless"] = list(self.unless)
        return spec


@dataclass(frozen=True)
class MachineDefinition:
    states: list[dict[str, Any]]
    edges: list[Edge]
    initial: str

    def transitions(self, *, automatic: bool = True) -> list[dict[str, Any]]:
        return [e.as_transition() for e in self.edges if automatic or e.kind not in AUTOMATIC_KINDS]


def _guards(resp: Response, key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    conditions = (resp.when,) if resp.when else ()
    unless = ((resp.unless,) if resp.unless else ()) + ((f"taken {key}",) if resp.once else ())
    return conditions, unless


def machine_definition(scenario: Scenario, initial: str | None = None) -> MachineDefinition:
    nodes = scenario.nodes
    live = tuple(n.id for n in nodes if not n.ending)
    states: list[dict[str, Any]] = [
        {"name": n.id, "tags": [n.phase, *(["ending"] if n.ending else [])], "on_enter": "enter"}
        for n in nodes
    ]
    edges: list[Edge] = []
    for node in nodes:
        for i, resp in enumerate(node.responses):
            key = branch_key(node.id, i)
            conditions, unless = _guards(resp, key)
            for intent in resp.all_intents:
                edges.append(
                    Edge(intent, (node.id,), resp.next, "response", key, conditions, unless)
                )
    for i, resp in enumerate(scenario.anywhere):
        key = branch_key("anywhere", i)
        conditions, unless = _guards(resp, key)
        for intent in resp.all_intents:
            edges.append(Edge(intent, live, resp.next, "anywhere", key, conditions, unless))
    for node in nodes:
        if not node.ending:
            nxt = node.fallback.next if node.fallback else None
            edges.append(Edge(FALLBACK_TRIGGER, (node.id,), nxt, "fallback", node.id))
    synthetic: list[str] = []
    for i, reaction in enumerate(scenario.reactions):
        dest = reaction.next or (ENDED_STATE if reaction.end else None)
        if dest == ENDED_STATE and ENDED_STATE not in synthetic:
            synthetic.append(ENDED_STATE)
        unless = (f"taken reaction:{i}",) if reaction.once else ()
        edges.append(
            Edge(
                REACTION_TRIGGER.format(index=i),
                live,
                dest,
                "reaction",
                str(i),
                (reaction.when,) if reaction.when else (),
                unless,
            )
        )
    behaviour = scenario.behaviour
    hang_up_dest = behaviour.hang_up.ending or HUNG_UP_STATE
    confused_dest = behaviour.confusion.ending or CONFUSED_STATE
    for dest in (hang_up_dest, confused_dest):
        if dest.startswith("_") and dest not in synthetic:
            synthetic.append(dest)
    edges.append(
        Edge(HANG_UP_TRIGGER, live, hang_up_dest, "hang_up", "hang_up", (behaviour.hang_up.when,))
    )
    edges.append(Edge(CONFUSED_TRIGGER, live, confused_dest, "confusion", "confusion"))
    states += [{"name": s, "tags": ["closing", "ending"], "on_enter": "enter"} for s in synthetic]
    return MachineDefinition(states, edges, initial or scenario.start_node)


def mermaid(scenario: Scenario, *, automatic: bool = False) -> str:
    """A Mermaid ``stateDiagram-v2`` drawn by transitions' GraphMachine."""
    from transitions.extensions import GraphMachine
    from transitions.extensions.states import Tags, add_state_features

    @add_state_features(Tags)
    class _Graph(GraphMachine):
        pass

    definition = machine_definition(scenario)
    keep = {s["name"] for s in definition.states}
    if not automatic:
        used = {scenario.start_node}
        for e in definition.edges:
            if e.kind not in AUTOMATIC_KINDS:
                used.update(e.sources)
                if e.dest:
                    used.add(e.dest)
        keep = {name for name in keep if not name.startswith("_") or name in used}
    machine = _Graph(
        model=_Drawing(),
        states=[
            {k: v for k, v in s.items() if k != "on_enter"}
            for s in definition.states
            if s["name"] in keep
        ],
        transitions=definition.transitions(automatic=automatic),
        initial=definition.initial,
        auto_transitions=False,
        graph_engine="mermaid",
        show_conditions=True,
        show_state_attributes=True,
        # transitions writes the title into YAML front matter as is: quote it.
        title="title: " + json.dumps(f"{scenario.id}: {scenario.title}", ensure_ascii=False),
    )
    return str(machine.get_graph().draw(None))


class _Drawing:
    """A model that only carries the machine for drawing; guards are never evaluated."""


class ScenarioGraph:
    """Who can follow whom, for reachability checks and coverage."""

    def __init__(self, definition: MachineDefinition, *, automatic: bool) -> None:
        self.nodes = [s["name"] for s in definition.states]
        self._next: dict[str, set[str]] = {n: set() for n in self.nodes}
        for edge in definition.edges:
            if edge.dest is None or (not automatic and edge.kind in AUTOMATIC_KINDS):
                continue
            for source in edge.sources:
                self._next[source].add(edge.dest)

    @classmethod
    def of(cls, scenario: Scenario, *, automatic: bool = False) -> ScenarioGraph:
        return cls(machine_definition(scenario), automatic=automatic)

    def successors(self, node: str) -> set[str]:
        return self._next.get(node, set())

    def reachable_from(self, start: str) -> set[str]:
        seen = {start}
        queue = deque([start])
        while queue:
            for nxt in self._next.get(queue.popleft(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        return seen

    def can_reach(self, targets: Iterable[str]) -> set[str]:
        back: dict[str, set[str]] = {n: set() for n in self.nodes}
        for src, dests in self._next.items():
            for d in dests:
                back.setdefault(d, set()).add(src)
        seen = set(targets)
        queue = deque(seen)
        while queue:
            for prev in back.get(queue.popleft(), ()):
                if prev not in seen:
                    seen.add(prev)
                    queue.append(prev)
        return seen

    def cycles(self) -> list[set[str]]:
        """Strongly connected components with more than one node (Tarjan, iterative)."""
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        stack: list[str] = []
        on_stack: set[str] = set()
        found: list[set[str]] = []
        counter = 0
        for root in self.nodes:
            if root in index:
                continue
            work = [(root, iter(sorted(self._next[root])))]
            index[root] = low[root] = counter
            counter += 1
            stack.append(root)
            on_stack.add(root)
            while work:
                node, children = work[-1]
                child = next(children, None)
                if child is not None:
                    if child not in index:
                        index[child] = low[child] = counter
                        counter += 1
                        stack.append(child)
                        on_stack.add(child)
                        work.append((child, iter(sorted(self._next.get(child, ())))))
                    elif child in on_stack:
                        low[node] = min(low[node], index[child])
                    continue
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component: set[str] = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(component)
        return found
