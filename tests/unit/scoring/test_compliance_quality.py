"""Quality floors on the held-out labelled set, so a regression in detection fails.

The held-out split is never tuned on (benchmarks/compliance_quality.py prints the full
figures for both splits); these floors are the issue's quality bar.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.scoring.compliance.evaluation import evaluate, load_cases

HELD_OUT = Path(__file__).resolve().parents[2] / "data" / "compliance" / "heldout"


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
def test_held_out_quality_floors(locale):
    cases = load_cases(HELD_OUT / f"{locale}.yaml")
    assert len(cases) >= 75 and sum(not c.expected for c in cases) >= 30
    report = evaluate(cases)
    assert report.recall >= 0.95
    assert report.false_alarm_rate <= 0.03
    assert report.precision >= 0.90
    weakest = min(hit / total for total, hit in report.per_category().values())
    assert weakest >= 0.5


def test_labelled_files_are_validated(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {id: x, locale: en-US, turns: [{speaker: boss, text: hi}], expected: []}\n")
    with pytest.raises(ValueError, match=r"bad\.yaml: case 1 \(x\): turn 1 needs speaker"):
        load_cases(bad)
