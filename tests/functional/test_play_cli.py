"""Headless play, rescoring, golden tests and resume, as users run them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

from tests.functional.conftest import FIXTURES, GOOD, MINI, ROOT


def write_script(tmp_path, lines, name="script.txt"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_play_json_contract_and_same_seed_same_call(cli, tmp_path):
    script = write_script(tmp_path, GOOD)
    first = cli("play", str(MINI), "--script", str(script), "--seed", "5", "--json")
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    for key in ("scenario", "seed", "transcript", "outcome", "state"):
        assert key in data
    assert data["scenario"] == "test-mini" and data["seed"] == 5
    assert data["outcome"] == "payment_plan"
    assert data["transcript"][0] == {"speaker": "debtor", "text": "Hello?", "node": "opening"}
    assert data["state"]["variables"]["offered"] == 75
    assert data["scorecard"]["findings"] == []
    again = cli("play", str(MINI), "--script", str(script), "--seed", "5", "--json")
    assert json.loads(again.stdout)["transcript"] == data["transcript"]


def test_yaml_script_and_readable_transcript(cli, tmp_path):
    script = tmp_path / "lines.yaml"
    script.write_text("\n".join(f"- {json.dumps(x)}" for x in GOOD) + "\n", encoding="utf-8")
    result = cli("play", str(MINI), "--script", str(script))
    assert result.returncode == 0, result.stderr
    assert "[opening] DEBTOR: Hello?" in result.stdout
    assert "[end_plan] DEBTOR: Okay, 75 a month it is." in result.stdout
    assert (
        "Outcome: payment_plan (amount 75, date the 15th, method debit_card, instalments 12)"
        in result.stdout
    )


def test_rescoring_a_played_call_gives_the_same_findings(cli, tmp_path):
    script = write_script(
        tmp_path,
        [
            "You owe us money, pay now.",
            *GOOD[:2],
            "Would 75 dollars a month on the 15th work for you?",
        ],
    )
    played = tmp_path / "played.json"
    result = cli("play", str(MINI), "--script", str(script), "--json")
    played.write_text(result.stdout, encoding="utf-8")
    findings = json.loads(result.stdout)["scorecard"]["findings"]
    assert {f["category"] for f in findings} >= {"disclosure_before_verification"}
    rescored = json.loads(cli("score", str(played), "--json").stdout)
    assert rescored["findings"] == findings


def test_play_test_from_node_with_overrides(cli, tmp_path):
    script = write_script(tmp_path, ["How about 60 dollars a month?"])
    result = cli(
        "play",
        str(MINI),
        "--script",
        str(script),
        "--from",
        "negotiate",
        "--set",
        "anger=50",
        "--json",
    )
    data = json.loads(result.stdout)
    assert data["transcript"][0]["node"] == "negotiate"
    assert data["outcome"] == "payment_plan"
    assert data["state"]["meters"]["anger"] == 50


def test_bad_override_is_a_clear_error(cli, tmp_path):
    script = write_script(tmp_path, ["hello"])
    result = cli("play", str(MINI), "--script", str(script), "--set", "mood=3")
    assert result.returncode == 2
    assert "'mood' is not declared in this scenario" in result.stderr
    assert "Traceback" not in result.stderr


def test_play_with_trainee_stores_the_session(cli, tmp_path):
    script = write_script(tmp_path, GOOD)
    result = cli("play", str(MINI), "--script", str(script), "--trainee", "ana", "--json")
    session_id = json.loads(result.stdout)["session_id"]
    assert isinstance(session_id, int)
    report = json.loads(cli("report", "session", str(session_id), "--json").stdout)
    texts = [t["text"] for t in report["turns"]]
    assert texts[0] == "Hello?" and GOOD[0] in texts
    not_stored = cli(
        "play", str(MINI), "--script", str(script), "--trainee", "ana", "--no-store", "--json"
    )
    assert json.loads(not_stored.stdout)["session_id"] is None


def test_golden_tests_pass_with_coverage(cli):
    result = cli("test", str(MINI), "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert (data["id"], data["passed"], data["failed"]) == ("test-mini", 2, 0)
    assert 0.7 <= data["node_coverage"] <= 1


def test_golden_failure_is_reported(cli, tmp_path):
    import shutil

    shutil.copytree(FIXTURES / "scenarios", tmp_path / "lib")
    tests = tmp_path / "lib" / "mini.tests.yaml"
    tests.write_text(
        tests.read_text(encoding="utf-8").replace("outcome: payment_plan", "outcome: refused", 1),
        encoding="utf-8",
    )
    result = cli("test", str(tmp_path / "lib"))
    assert result.returncode == 1
    assert "outcome payment_plan != expected refused" in result.stdout


def test_killed_mid_call_then_resumed(tmp_path):
    """SIGKILL between turns leaves an in-progress session that resumes where it stopped."""
    db = tmp_path / "r.db"
    env = {**os.environ, "COLLECTOR_SIM_DB": str(db)}
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from simulator.scenario.loader import load_scenario\n"
        "from simulator.session import PlaySession\n"
        "from simulator.store import ResultsStore\n"
        f"loaded = load_scenario(Path({str(MINI)!r}))\n"
        "s = PlaySession.start(loaded, trainee='kim', mode='test', seed=9, store=ResultsStore.open())\n"
        f"s.say({GOOD[0]!r}); s.say({GOOD[1]!r})\n"
        "print(s.session_id, flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    session_id = int(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    script = tmp_path / "rest.txt"
    script.write_text("\n".join(GOOD[2:]) + "\n", encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "simulator",
            "--scenarios",
            str(FIXTURES / "scenarios"),
            "resume",
            str(session_id),
            "--script",
            str(script),
            "--json",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["outcome"] == "payment_plan"
    assert [t["speaker"] for t in data["transcript"]] == ["debtor"] + ["agent", "debtor"] * 4
    import sqlite3

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    (status,) = con.execute("SELECT status FROM sessions WHERE id = ?", (session_id,)).fetchone()
    assert status == "completed"
    assert (
        con.execute("SELECT COUNT(*) FROM turns WHERE session_id = ?", (session_id,)).fetchone()[0]
        == 9
    )


def test_play_refuses_a_scenario_with_lint_errors(cli, tmp_path):
    import shutil

    shutil.copytree(FIXTURES / "scenarios", tmp_path / "lib")
    path = tmp_path / "lib" / "mini.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("next: end_plan", "next: nowhere", 1),
        encoding="utf-8",
    )
    script = write_script(tmp_path, GOOD)
    result = cli("play", str(path), "--script", str(script))
    assert result.returncode == 1
    assert "error[E200]: no node with id 'nowhere'" in result.stderr
    assert "Traceback" not in result.stderr
