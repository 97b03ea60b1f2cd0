"""Rubric: defaults, partial credit, N/A re-weighting, overrides and clear file errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.diagnostics import DiagnosticError
from simulator.scoring.findings import Finding
from simulator.scoring.rubric import (
    DIMENSIONS,
    default_rubric,
    find_scenario_rubric,
    load_rubric,
    rubric_for,
)


def finding(severity: str, turn: int = 1) -> Finding:
    return Finding(
        turn, "threat_legal_action", "US6", severity, "we will sue", "m", "t", "1692e(5)"
    )  # type: ignore[arg-type]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults() -> None:
    rubric = default_rubric()
    assert dict(rubric.weights) == {"compliance": 40.0, "empathy": 30.0, "outcome": 30.0}
    assert rubric.pass_mark == 80.0
    assert rubric.auto_fail_critical is True
    assert dict(rubric.cost) == {"critical": 100.0, "high": 40.0, "medium": 15.0}
    assert rubric.version == "default@1"


@pytest.mark.parametrize(
    ("severities", "expected"),
    [
        ([], 100.0),
        (["medium"], 85.0),
        (["high"], 60.0),
        (["high", "medium"], 45.0),
        (["high", "high", "high"], 0.0),  # floor
        (["critical"], 0.0),
    ],
)
def test_partial_credit(severities: list[str], expected: float) -> None:
    score, reasons = default_rubric().compliance([finding(s) for s in severities], "en-US")
    assert score == expected
    assert reasons  # always explained


def test_na_reweighting_rescales_the_remaining_weights() -> None:
    rubric = default_rubric()
    assert rubric.overall({"compliance": 100, "empathy": 50, "outcome": None}) == round(
        (40 * 100 + 30 * 50) / 70, 1
    )
    assert rubric.overall({"compliance": 70, "empathy": None, "outcome": None}) == 70.0
    assert rubric.overall({"compliance": None, "empathy": None, "outcome": None}) is None
    shares = rubric.effective_weights({"compliance": 100, "empathy": 50, "outcome": None})
    assert shares == {"compliance": 57.1, "empathy": 42.9, "outcome": None}


@given(
    st.dictionaries(
        st.sampled_from(DIMENSIONS),
        st.one_of(st.none(), st.floats(min_value=0, max_value=100)),
    )
)
def test_overall_stays_within_its_parts(scores: dict[str, float | None]) -> None:
    overall = default_rubric().overall(scores)
    present = [v for v in scores.values() if v is not None]
    if not present:
        assert overall is None
    else:
        assert overall is not None
        assert min(present) - 0.05 <= overall <= max(present) + 0.05


def test_override_merges_partially_and_records_every_version(tmp_path: Path) -> None:
    cohort = write(tmp_path, "cohort-a.yaml", 'version: "2"\npass_mark: 70\n')
    strict = write(tmp_path, "strict.yaml", "version: 5\ncompliance:\n  cost:\n    high: 60\n")
    rubric = load_rubric(cohort, strict)
    assert rubric.pass_mark == 70.0
    assert rubric.cost["high"] == 60.0 and rubric.cost["medium"] == 15.0  # untouched
    assert rubric.weights["compliance"] == 40.0
    assert rubric.version == "default@1+cohort-a@2+strict@5"


def test_full_credit_policy(tmp_path: Path) -> None:
    path = write(tmp_path, "lenient.yaml", "version: 1\nnot_applicable: full_credit\n")
    rubric = load_rubric(path)
    assert rubric.overall({"compliance": 40, "empathy": None, "outcome": None}) == 76.0


def test_scenario_rubric_is_found_in_the_library_and_wins_over_the_curriculum(
    tmp_path: Path,
) -> None:
    library = tmp_path / "scenarios"
    (library / "_rubrics").mkdir(parents=True)
    (library / "en" / "hardship").mkdir(parents=True)
    scenario = write(library / "en" / "hardship", "job_loss.yaml", "id: x\n")
    write(library / "_rubrics", "hardship.yaml", "version: 3\nweights:\n  empathy: 50\n")
    curriculum = write(
        tmp_path, "course.yaml", "version: 1\nweights:\n  empathy: 10\n  outcome: 20\n"
    )
    rubric = rubric_for(scenario_rubric="hardship", scenario_path=scenario, curriculum=curriculum)
    assert dict(rubric.weights) == {"compliance": 40.0, "empathy": 50.0, "outcome": 20.0}
    assert rubric.version == "default@1+course@1+hardship@3"
    with pytest.raises(DiagnosticError) as caught:
        find_scenario_rubric("missing", scenario)
    assert "rubric 'missing' not found" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("version: 1\npass_mark: 120\n", 2, "between 0 and 100"),
        ("version: 1\nweights:\n  compliance: lots\n", 3, "must be a number"),
        ("version: 1\nweigths:\n  empathy: 10\n", 2, "unknown key 'weigths'"),
        ("version: 1\nauto_fail:\n  critical: maybe\n", 3, "true or false"),
        ("version: 1\nnot_applicable: zero\n", 2, "must be one of"),
        ("pass_mark: 70\n", 1, "missing key 'version'"),
        ("version: 1\nweights: [1, 2]\n", 2, "expected a mapping"),
        ("version: 1\npass_mark: [\n", 3, "YAML syntax error"),
    ],
)
def test_bad_rubric_files_report_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = write(tmp_path, "bad.yaml", text)
    with pytest.raises(DiagnosticError) as caught:
        load_rubric(path)
    first = caught.value.diagnostics[0]
    assert first.file == str(path)
    assert first.line == line
    assert message in first.message


def test_an_override_cannot_zero_every_weight(tmp_path: Path) -> None:
    path = write(
        tmp_path, "zero.yaml", "version: 1\nweights:\n  compliance: 0\n  empathy: 0\n  outcome: 0\n"
    )
    with pytest.raises(DiagnosticError, match="every weight is now 0"):
        load_rubric(path)
