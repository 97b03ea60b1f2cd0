"""Golden transcripts: scripted calls with expectations, plus node and branch coverage.

Like Yarn Spinner test plans or Dialogflow CX golden tests, they live beside each
scenario as ``<stem>.tests.yaml`` and run in ``make test``.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from simulator.diagnostics import DiagnosticError
from simulator.engine.state import StateError
from simulator.scenario.graph import branch_key
from simulator.scenario.loader import TESTS_SUFFIX, LoadedScenario, read_document
from simulator.scenario.model import Model, Name, OutcomeId, Scalar
from simulator.scenario.validation import validate

_CHECK = re.compile(r"^\s*(==|!=|<=|>=|<|>)?\s*(-?\d+(?:\.\d+)?)\s*$")


def _readable(value: float | str) -> float | str:
    if isinstance(value, str) and not _CHECK.match(value):
        raise PydanticCustomError(
            "comparison",
            "cannot read comparison {value!r}; write e.g. '>= 85' or 40",
            {"value": value},
        )
    return value


Comparison = Annotated[float | str, AfterValidator(_readable)]
_OPS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
}


class Expect(Model):
    nodes: list[Name] = Field(default_factory=list, description="Visited in this order.")
    not_nodes: list[Name] = Field(default_factory=list, description="Never visited.")
    outcome: OutcomeId | None = None
    meters: dict[Name, Comparison] = Field(default_factory=dict)
    findings: list[Name] | None = Field(
        default=None, description="Exact set of compliance categories found; [] for none."
    )
    passed: bool | None = None
    scores: dict[Literal["compliance", "empathy", "outcome", "overall"], Comparison | None] = Field(
        default_factory=dict
    )


class GoldenTest(Model):
    name: str
    seed: int = 1
    mode: Literal["practice", "test"] = "test"
    start: Name | None = Field(default=None, description="Start from this node.")
    set: dict[Name, Scalar] = Field(default_factory=dict, description="State overrides.")
    script: list[str] = Field(min_length=1)
    expect: Expect = Field(default_factory=Expect)


class GoldenFile(Model):
    scenario: str | None = None
    tests: list[GoldenTest] = Field(min_length=1)


@dataclass
class TestResult:
    name: str
    failures: list[str]
    path: list[str]
    outcome: str | None
    scores: dict[str, float | None]
    findings: list[str]

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class ScenarioResult:
    id: str
    file: str
    tests: list[TestResult] = field(default_factory=list)
    node_coverage: float = 0.0
    branch_coverage: float = 0.0
    uncovered_nodes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(t.passed for t in self.tests)

    @property
    def failed(self) -> int:
        return len(self.tests) - self.passed

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "file": self.file,
            "passed": self.passed,
            "failed": self.failed,
            "node_coverage": round(self.node_coverage, 3),
            "branch_coverage": round(self.branch_coverage, 3),
            "uncovered_nodes": self.uncovered_nodes,
            "tests": [
                {
                    "name": t.name,
                    "passed": t.passed,
                    "failures": t.failures,
                    "path": t.path,
                    "outcome": t.outcome,
                    "scores": t.scores,
                    "findings": t.findings,
                }
                for t in self.tests
            ],
        }


def tests_file_for(scenario_path: Path) -> Path:
    return scenario_path.with_name(scenario_path.stem + TESTS_SUFFIX)


def load_golden(path: Path) -> GoldenFile:
    doc = read_document(path)
    golden, problems = validate(GoldenFile, doc)
    if problems:
        raise DiagnosticError(sorted(problems, key=lambda d: d.sort_key))
    return golden


def run_scenario_tests(loaded: LoadedScenario) -> ScenarioResult:
    scenario = loaded.scenario
    result = ScenarioResult(scenario.id, str(tests_file_for(loaded.path)))
    tests_path = tests_file_for(loaded.path)
    if not tests_path.is_file():
        result.uncovered_nodes = [n.id for n in scenario.nodes]
        return result
    golden = load_golden(tests_path)
    visited: set[str] = set()
    branches: set[str] = set()
    for test in golden.tests:
        try:
            result.tests.append(_run_test(loaded, test, visited, branches))
        except StateError as exc:
            result.tests.append(TestResult(test.name, [str(exc)], [], None, {}, []))
    all_nodes = [n.id for n in scenario.nodes]
    all_branches = [branch_key(n.id, i) for n in scenario.nodes for i in range(len(n.responses))]
    all_branches += [branch_key("anywhere", i) for i in range(len(scenario.anywhere))]
    result.node_coverage = len(visited & set(all_nodes)) / len(all_nodes)
    result.branch_coverage = (
        len(branches & set(all_branches)) / len(all_branches) if all_branches else 1.0
    )
    result.uncovered_nodes = [n for n in all_nodes if n not in visited]
    return result


def _check(
    expect: Expect, call: Any, scores: dict[str, Any], categories: list[str], passed: bool
) -> list[str]:
    failures: list[str] = []
    path = call.path
    position = 0
    for node in expect.nodes:
        try:
            position = path.index(node, position) + 1
        except ValueError:
            failures.append(f"expected to visit '{node}' (in order); path was {' > '.join(path)}")
            break
    failures += [f"visited '{n}', which it should not" for n in expect.not_nodes if n in path]
    actual = call.outcome.outcome if call.outcome else None
    if expect.outcome is not None and actual != expect.outcome:
        failures.append(f"outcome {actual} != expected {expect.outcome}")
    for meter, wanted in expect.meters.items():
        value = call.state.values().get(meter)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            failures.append(f"'{meter}' is not a meter or number variable of this scenario")
        elif not compare(value, wanted):
            failures.append(f"meter {meter} = {value:g}, expected {wanted}")
    if expect.findings is not None and sorted(set(expect.findings)) != categories:
        failures.append(f"findings {categories} != expected {sorted(set(expect.findings))}")
    if expect.passed is not None and passed != expect.passed:
        failures.append(f"passed is {passed}, expected {expect.passed}")
    for dimension, wanted in expect.scores.items():
        value = scores.get(dimension)
        if wanted is None:
            if value is not None:
                failures.append(f"{dimension} score {value}, expected N/A")
        elif value is None or not compare(value, wanted):
            failures.append(f"{dimension} score {value}, expected {wanted}")
    return failures


def compare(value: float, wanted: Comparison) -> bool:
    if isinstance(wanted, (int, float)):
        return float(value) == float(wanted)
    match = _CHECK.match(wanted)
    if not match:
        return False
    return _OPS[match.group(1) or "=="](float(value), float(match.group(2)))


def _run_test(
    loaded: LoadedScenario, test: GoldenTest, visited: set[str], branches: set[str]
) -> TestResult:
    from simulator.session import PlaySession

    session = PlaySession.start(
        loaded, mode=test.mode, seed=test.seed, start_node=test.start, overrides=test.set
    )
    failures: list[str] = []
    for i, line in enumerate(test.script):
        if session.ended:
            failures.append(
                f"the call ended after line {i} of {len(test.script)} "
                f"({session.call.outcome.outcome if session.call.outcome else '?'})"
            )
            break
        reply = session.say(line)
        if reply.branch:
            branches.add(reply.branch)
    card = session.finish()
    call = session.call
    visited.update(call.path)
    card_json = card.to_json()
    scores = card_json["scores"]
    categories = sorted({f["category"] for f in card_json["findings"]})
    failures += _check(test.expect, call, scores, categories, card_json["passed"])
    return TestResult(
        test.name,
        failures,
        list(call.path),
        call.outcome.outcome if call.outcome else None,
        scores,
        categories,
    )
