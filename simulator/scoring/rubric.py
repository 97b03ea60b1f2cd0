"""The scoring rubric: weights, pass mark, auto-fail, partial credit and N/A policy.

The rubric is data (``rubrics/default.yaml``). Trainers override it per curriculum
(a file given with ``--rubric``) and per scenario (``scenario.rubric`` names
``<library>/_rubrics/NAME.yaml``). Overrides are partial: each holds only the keys
it changes plus its own ``version``; they merge over the default, curriculum
first, then scenario (the more specific wins). The recorded version names every
layer, e.g. ``default@1+cohort-a@2+hardship@1``, so a stored score says exactly
which rules produced it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from simulator.diagnostics import Diagnostic, DiagnosticError, Severity
from simulator.scoring import Reason, language
from simulator.scoring.findings import Finding
from simulator.yamlsource import KeyPath, SourceMap, read_file

DEFAULT_FILE = Path(__file__).with_name("rubrics") / "default.yaml"
RUBRICS_DIR = "_rubrics"
DIMENSIONS = ("compliance", "empathy", "outcome")
SEVERITIES = ("critical", "high", "medium")
NA_POLICIES = ("reweight", "full_credit")

_SCHEMA: dict[str, Any] = {
    "version": str,
    "weights": {name: float for name in DIMENSIONS},
    "pass_mark": float,
    "auto_fail": {"critical": bool},
    "compliance": {"start": float, "floor": float, "cost": {s: float for s in SEVERITIES}},
    "not_applicable": str,
}

_TEXT = {
    "en": {
        "clean": "no compliance findings",
        "cost": "{count}× {severity} finding (-{cost:g} each)",
        "floor": "score held at the floor of {floor:g}",
    },
    "zh": {
        "clean": "没有合规问题",
        "cost": "{count}个{severity}级问题（每个扣{cost:g}分）",
        "floor": "得分不低于下限{floor:g}",
    },
}


@dataclass(frozen=True, slots=True)
class Rubric:
    version: str
    weights: Mapping[str, float]
    pass_mark: float
    auto_fail_critical: bool
    start: float
    floor: float
    cost: Mapping[str, float]
    not_applicable: str

    def compliance(self, findings: Sequence[Finding], locale: str) -> tuple[float, list[Reason]]:
        """Partial credit: each finding costs by severity, never below the floor."""
        text = _TEXT[language(locale)]
        reasons: list[Reason] = []
        total = 0.0
        for severity in SEVERITIES:
            count = sum(1 for f in findings if f.severity == severity)
            if count:
                cost = self.cost[severity]
                total += cost * count
                detail = text["cost"].format(count=count, severity=severity, cost=cost)
                reasons.append(Reason(f"{severity}_findings", False, -cost * count, 0.0, detail))
        if not findings:
            reasons.append(Reason("findings", True, self.start, self.start, text["clean"]))
        score = max(self.floor, self.start - total)
        if findings and score == self.floor and self.start - total < self.floor:
            reasons.append(Reason("floor", None, 0.0, 0.0, text["floor"].format(floor=self.floor)))
        return round(min(100.0, score), 1), reasons

    def overall(self, scores: Mapping[str, float | None]) -> float | None:
        """Weighted mean; N/A dimensions drop out (reweight) or count as 100."""
        total = weight = 0.0
        for name in DIMENSIONS:
            value = scores.get(name)
            if value is None:
                if self.not_applicable == "reweight":
                    continue
                value = 100.0
            total += self.weights[name] * value
            weight += self.weights[name]
        if weight == 0:
            return None
        return round(total / weight, 1)

    def effective_weights(self, scores: Mapping[str, float | None]) -> dict[str, float | None]:
        """Each dimension's share of the overall in percent, after N/A re-weighting."""
        live = {
            n: self.weights[n]
            for n in DIMENSIONS
            if scores.get(n) is not None or self.not_applicable != "reweight"
        }
        total = sum(live.values())
        return {
            n: (round(100 * live[n] / total, 1) if n in live and total else None)
            for n in DIMENSIONS
        }


def default_rubric() -> Rubric:
    return load_rubric()


def load_rubric(*overrides: Path) -> Rubric:
    """The default rubric with ``overrides`` merged over it, in the order given."""
    return _load(tuple(Path(p) for p in overrides))


def find_scenario_rubric(name: str, scenario_path: Path) -> Path:
    """``<library>/_rubrics/NAME.yaml`` for the library holding ``scenario_path``."""
    for parent in Path(scenario_path).resolve().parents:
        folder = parent / RUBRICS_DIR
        if folder.is_dir():
            candidate = folder / f"{name}.yaml"
            if candidate.is_file():
                return candidate
    raise DiagnosticError(
        [
            Diagnostic(
                str(scenario_path),
                1,
                1,
                Severity.ERROR,
                "R010",
                f"rubric '{name}' not found",
                hint=f"create {RUBRICS_DIR}/{name}.yaml in the scenario library",
            )
        ]
    )


def rubric_for(
    *,
    scenario_rubric: str | None = None,
    scenario_path: Path | None = None,
    curriculum: Path | None = None,
) -> Rubric:
    """Default, then the curriculum's file, then the scenario's named rubric."""
    layers: list[Path] = []
    if curriculum is not None:
        layers.append(Path(curriculum))
    if scenario_rubric and scenario_path is not None:
        layers.append(find_scenario_rubric(scenario_rubric, scenario_path))
    return load_rubric(*layers)


@cache
def _default() -> dict[str, Any]:
    data, source = read_file(DEFAULT_FILE)
    return _validated(data, source, partial=False)


def _load(overrides: tuple[Path, ...]) -> Rubric:
    """Overrides are read on every call so an edited file takes effect at once."""
    merged = _default()
    versions = [f"default@{merged['version']}"]
    for path in overrides:
        layer, layer_source = read_file(path)
        layer = _validated(layer, layer_source, partial=True)
        merged = _merge(merged, layer)
        if not any(w > 0 for w in merged["weights"].values()):
            problem = layer_source.diagnostic(("weights",), "R002", "every weight is now 0")
            raise DiagnosticError([problem])
        versions.append(f"{path.stem}@{layer['version']}")
    return Rubric(
        version="+".join(versions),
        weights={n: float(merged["weights"][n]) for n in DIMENSIONS},
        pass_mark=float(merged["pass_mark"]),
        auto_fail_critical=bool(merged["auto_fail"]["critical"]),
        start=float(merged["compliance"]["start"]),
        floor=float(merged["compliance"]["floor"]),
        cost={s: float(merged["compliance"]["cost"][s]) for s in SEVERITIES},
        not_applicable=str(merged["not_applicable"]),
    )


def _merge(base: dict[str, Any], layer: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in layer.items():
        out[key] = _merge(base[key], value) if isinstance(value, dict) else value
    return out


class _Checker:
    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.problems: list[Diagnostic] = []

    def fail(self, path: KeyPath, message: str, *, key: bool = False, hint: str = "") -> None:
        self.problems.append(self.source.diagnostic(path, "R001", message, key=key, hint=hint))

    def walk(self, data: Any, schema: dict[str, Any], path: KeyPath, partial: bool) -> None:
        if not isinstance(data, dict):
            self.fail(path, "expected a mapping")
            return
        for key in data:
            if key not in schema:
                allowed = ", ".join(schema)
                self.fail(
                    (*path, key), f"unknown key '{key}'", key=True, hint=f"allowed: {allowed}"
                )
        for key, kind in schema.items():
            here = (*path, key)
            if key not in data:
                if not partial or (key == "version" and not path):
                    self.fail(path or (), f"missing key '{key}'")
                continue
            value = data[key]
            if isinstance(kind, dict):
                self.walk(value, kind, here, partial)
            elif kind is float:
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    self.fail(here, f"'{key}' must be a number")
                elif not 0 <= value <= 100:
                    self.fail(here, f"'{key}' must be between 0 and 100, not {value}")
            elif kind is bool and not isinstance(value, bool):
                self.fail(here, f"'{key}' must be true or false")
            elif kind is str and (not isinstance(value, (str, int)) or isinstance(value, bool)):
                self.fail(here, f"'{key}' must be a string")


def _validated(data: Any, source: SourceMap, *, partial: bool) -> dict[str, Any]:
    checker = _Checker(source)
    checker.walk(data, _SCHEMA, (), partial)
    if isinstance(data, dict):
        policy = data.get("not_applicable")
        if policy is not None and policy not in NA_POLICIES:
            checker.fail(
                ("not_applicable",), f"'not_applicable' must be one of {', '.join(NA_POLICIES)}"
            )
        weights = data.get("weights")
        if (
            isinstance(weights, dict)
            and not partial
            and not any(isinstance(w, (int, float)) and w > 0 for w in weights.values())
        ):
            checker.fail(("weights",), "at least one weight must be above 0")
    if checker.problems:
        raise DiagnosticError(checker.problems)
    out = dict(data)
    out["version"] = str(out["version"])
    return out
