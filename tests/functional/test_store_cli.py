"""report, review and export as a manager runs them, on the fixture database."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.fixtures.store import xapi_spec
from tests.fixtures.store.builders import Fixture, build


@pytest.fixture
def fixture_db(tmp_path: Path) -> Fixture:
    """The fixture database where the cli fixture's $COLLECTOR_SIM_DB points."""
    return build(tmp_path / "results.db")


def ok(result) -> str:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def fails(result, code: int, message: str) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert message in result.stderr


def test_report_trainees_as_text_json_and_csv(cli, fixture_db: Fixture):
    text = ok(cli("report", "trainees"))
    header, rule, *rows = text.splitlines()
    assert header.split() == [
        "trainee", "attempts", "passed", "pass%", "best", "latest",
        "compliance", "empathy", "outcome", "overall", "trend", "last", "played",
    ]  # fmt: skip
    assert rows[0].split()[:4] == ["Alex", "Rivera", "4", "2"]
    assert rows[2].startswith("王芳 ")
    assert len({len(line.rstrip()) for line in (header, rule)}) == 1
    data = json.loads(ok(cli("report", "trainees", "--json", "--since", "2025-04-01")))
    assert [(r["trainee"], r["attempts"]) for r in data] == [
        ("Alex Rivera", 2),
        ("Sam Lee", 1),
        ("王芳", 1),
    ]
    table = list(csv.DictReader(io.StringIO(ok(cli("report", "trainees", "--csv")))))
    assert [r["trainee"] for r in table] == ["Alex Rivera", "Sam Lee", "王芳"]
    assert table[0]["pass_rate"] == "0.5"


def test_report_scenarios_shows_the_cohort_choices(cli, fixture_db: Fixture):
    text = ok(cli("report", "scenarios"))
    assert "How the cohort chose at each node" in text
    assert "    n0: n0:plan:1 2 (67%)  n0:plan:2 1 (33%)" in text
    assert "US5 threat_arrest_or_seizure x1" in text
    data = json.loads(ok(cli("report", "scenarios", "--json")))
    assert data[2]["branches"]["n2"] == {"n2:plan:1": 4}


def test_report_findings_and_one_trainee(cli, fixture_db: Fixture):
    text = ok(cli("report", "findings", "--since", "2025-05-01"))
    assert "By category and trainee" in text and "By rule" in text
    assert "US5   threat_arrest_or_seizure  critical      2" in text
    rows = list(csv.DictReader(io.StringIO(ok(cli("report", "findings", "--csv")))))
    assert {r["breakdown"] for r in rows} == {"category_trainee", "rule"}
    mine = ok(cli("report", "trainee", "王芳"))
    assert mine.startswith("Trainee: 王芳\n")
    assert "weakest areas: outcome 60.0, compliance 67.5, empathy 70.0" in mine
    fails(cli("report", "trainee", "Nobody"), 1, "no trainee named 'Nobody'")


def test_report_session_flags_a_changed_scenario(cli, fixture_db: Fixture, tmp_path: Path):
    empty_library = tmp_path / "library"
    empty_library.mkdir()
    args = ("--scenarios", str(empty_library), "report", "session", str(fixture_db.reviewed))
    text = ok(cli(*args))
    assert "! The scenario changed since this session was played" in text
    assert '        ! US5 critical threat_arrest_or_seizure: "you could be arrested"' in text
    assert "✎ Pat Manager (" in text and '"Arrest threat here."' in text
    data = json.loads(ok(cli(*args, "--json")))
    assert data["scenario_changed"] is True
    assert data["scores"]["overall"]["machine"] == 62.0
    turns = list(csv.DictReader(io.StringIO(ok(cli(*args, "--csv")))))
    assert [t["turn"] for t in turns] == ["1", "2", "3", "4", "5", "6"]
    fails(cli("report", "session", "999"), 1, "no session 999")


def test_review_is_stored_beside_the_machine_score(cli, fixture_db: Fixture):
    session = str(fixture_db.completed[1])
    stored = ok(
        cli("review", session, "--score", "empathy=82.5", "--comment", "温和而坚定",
            "--turn", "1", "--reviewer", "Pat")
    )  # fmt: skip
    assert stored.startswith("review ")
    data = json.loads(ok(cli("report", "session", session, "--json")))
    assert data["scores"]["empathy"]["machine"] == 70.0
    assert [r["score"] for r in data["scores"]["empathy"]["reviews"]] == [82.5]
    assert data["turns"][0]["reviews"][0]["comment"] == "温和而坚定"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--reviewer", "Pat"), 2, "give --score"),
        (("--score", "charm=5", "--reviewer", "Pat"), 2, "DIMENSION one of compliance"),
        (("--score", "empathy=120", "--reviewer", "Pat"), 2, "from 0 to 100"),
        (("--comment", "x"), 2, "--reviewer"),
        (("--comment", "x", "--turn", "99", "--reviewer", "Pat"), 1, "no turn 99"),
    ],
)
def test_review_errors(cli, fixture_db: Fixture, args, code, message):
    fails(cli("review", str(fixture_db.completed[0]), *args), code, message)


def test_export_xapi_csv_and_json(cli, fixture_db: Fixture, tmp_path: Path):
    out = tmp_path / "statements.json"
    result = cli(
        "export", "--format", "xapi", "--out", str(out), "--base-iri", "https://lms.example.org"
    )
    ok(result)
    assert "wrote 7 statement(s)" in result.stderr
    statements = json.loads(out.read_text(encoding="utf-8"))
    assert [xapi_spec.problems(s) for s in statements] == [[]] * 7
    assert {s["actor"]["account"]["homePage"] for s in statements} == {"https://lms.example.org"}
    ok(cli("export", "--format", "csv", "--out", str(tmp_path / "s.csv"), "--since", "2025-05-01"))
    assert len((tmp_path / "s.csv").read_text(encoding="utf-8").splitlines()) == 5
    ok(cli("export", "--format", "json", "--out", str(tmp_path / "s.json")))
    assert len(json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["sessions"]) == 9
    fails(
        cli("export", "--format", "csv", "--out", str(tmp_path / "no" / "s.csv")), 2, "cannot write"
    )


def test_unusable_database_and_bad_dates_exit_2(cli, tmp_path: Path):
    (tmp_path / "plain").write_text("a file, not a folder")
    bad_db = str(tmp_path / "plain" / "results.db")
    fails(cli("--db", bad_db, "report", "trainees"), 2, bad_db)
    fails(cli("report", "trainees", "--since", "yesterday"), 2, "ISO date")
    fails(cli("report", "trainees", "--json", "--csv"), 2, "not allowed with")


def test_an_empty_database_reports_nothing_yet(cli):
    assert ok(cli("report", "trainees")) == "No trainees yet.\n"
    assert json.loads(ok(cli("report", "findings", "--json"))) == {"by_category": [], "by_rule": []}
