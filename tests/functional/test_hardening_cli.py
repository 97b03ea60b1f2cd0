"""The commands a person runs on hostile files: positioned errors, documented exit codes,
no traceback, and hostile text printed literally (issue 8).

Each command runs once over a whole batch of files where it accepts several, so the
suite stays fast.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from simulator.yamlsource import MAX_BYTES
from tests.fixtures.hostile import BROKEN, EXPECTED, HOSTILE, LIBRARY, write_transcript
from tests.functional.conftest import ROOT

TRANSCRIPTS = ROOT / "tests" / "data" / "transcripts"
POSITIONED = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (error|warning)\[[A-Z]\d{3}\]: "
)
# What a terminal would obey: C0 controls other than newline and tab, DEL and C1 controls;
# and the bidirectional controls, which reorder the rest of a line without being seen.
RAW_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


@dataclass
class Run:
    code: int
    out: str
    err: str


def cli(tmp_path: Path, *args: str | Path) -> Run:
    """``collector-sim ARGS`` in a fresh interpreter; its output must be valid UTF-8."""
    env = {
        **os.environ,
        "COLLECTOR_SIM_DB": str(tmp_path / "results.db"),
        "PYTHONIOENCODING": "utf-8",
    }
    env.pop("COLLECTOR_SIM_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-m", "simulator", *map(str, args)],
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    run = Run(done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))
    assert "Traceback" not in run.err, run.err
    assert "internal error" not in run.err, run.err
    return run


def mutants(source: Path, count: int, seed: int) -> list[str]:
    """Deterministic line mutations of a valid file (the in-process fuzzing is wider)."""
    rnd = random.Random(seed)
    lines = source.read_text(encoding="utf-8").split("\n")
    out = []
    for _ in range(count):
        rows = list(lines)
        for _ in range(rnd.randint(1, 3)):
            i = rnd.randrange(len(rows))
            kind = rnd.choice(["drop", "dup", "indent", "junk", "cut", "hostile"])
            if kind == "drop":
                rows.pop(i)
            elif kind == "dup":
                rows.insert(i, rows[i])
            elif kind == "indent":
                rows[i] = rnd.choice([" ", "\t"]) + rows[i]
            elif kind == "junk":
                rows[i] = "".join(rnd.choice("-:[]{}&*!|>'\"# ab") for _ in range(12))
            elif kind == "cut":
                rows[i] = rows[i][: rnd.randint(0, len(rows[i]))]
            else:
                rows[i] += rnd.choice(list(HOSTILE.values()))
        out.append("\n".join(rows))
    return out


def hostile_files(folder: Path, suffix: str) -> dict[Path, tuple[str, int, int] | None]:
    """Every kind of broken input in one folder, with the first error each must get."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[Path, tuple[str, int, int] | None] = {}
    for name, expected in EXPECTED.items():
        path = folder / Path(name).with_suffix(suffix)
        shutil.copyfile(BROKEN / name, path)
        files[path] = expected
    rnd = random.Random(8)
    noise = folder / f"random-bytes{suffix}"
    noise.write_bytes(b"\xff" + bytes(rnd.randrange(256) for _ in range(300)))
    files[noise] = ("Y002", 1, 1)
    huge = folder / f"huge{suffix}"
    huge.write_bytes(b"a: b\n" * (MAX_BYTES // 5 + 1))
    files[huge] = ("Y003", 1, 1)
    return files


def assert_reported(text: str, files: dict[Path, tuple[str, int, int] | None]) -> None:
    for path, expected in files.items():
        if expected is not None:
            code, line, col = expected
            assert f"{path}:{line}:{col}: error[{code}]" in text, (path, text[-2000:])
    for row in text.splitlines():
        match = POSITIONED.match(row)
        if match:
            assert int(match["line"]) >= 1 and int(match["col"]) >= 1


# --- broken files: positioned errors and the documented exit codes -------------------------


def test_validate_reports_every_broken_scenario_with_its_position(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    files = hostile_files(folder, ".yaml")
    for i, text in enumerate(mutants(LIBRARY / "hostile-text.yaml", 25, seed=3)):
        (folder / f"mutant-{i:02d}.yaml").write_text(text, encoding="utf-8")
    shutil.copyfile(LIBRARY / "hostile-text.yaml", folder / "hostile-text.yaml")

    run = cli(tmp_path, "validate", folder)
    assert run.code == 1  # errors; 2 is only for paths that cannot be read
    assert_reported(run.out, files)
    assert re.search(r"^3\d file\(s\), \d+ scenario\(s\): \d+ error\(s\)", run.err, re.M)

    as_json = cli(tmp_path, "validate", "--json", folder)
    assert as_json.code == 1
    problems = json.loads(as_json.out)["problems"]
    for path, (code, line, col) in files.items():  # type: ignore[misc]
        assert {"file": str(path), "line": line, "col": col, "code": code} in [
            {k: p[k] for k in ("file", "line", "col", "code")} for p in problems
        ]


def test_score_reports_every_broken_transcript_and_scores_the_rest(tmp_path: Path) -> None:
    files = {**hostile_files(tmp_path / "y", ".yaml"), **hostile_files(tmp_path / "j", ".json")}
    text_bad = tmp_path / "t" / "not-utf8.txt"
    text_bad.parent.mkdir()
    text_bad.write_bytes("Agent: hello\nDebtor: café ½ caf".encode() + b"\xe9\n")
    files[text_bad] = ("Y002", 2, 19)
    files[Path("/dev/zero")] = ("Y003", 1, 1)  # endless: refused one byte past the limit
    for i, text in enumerate(mutants(TRANSCRIPTS / "en_good.yaml", 10, seed=5)):
        (tmp_path / "t" / f"mutant-{i}.yaml").write_text(text, encoding="utf-8")
    turns = [("agent", HOSTILE["mixed"]), ("debtor", HOSTILE["rtl"])]
    good = [write_transcript(tmp_path / "t" / f"hostile{s}", turns) for s in (".txt", ".json")]
    paths = [*files, *sorted((tmp_path / "t").glob("mutant-*")), *good]

    run = cli(tmp_path, "score", *paths)
    assert run.code == 1  # any file that cannot be read makes the exit code 1
    assert_reported(run.err, files)
    for path in good:  # the others are still scored
        assert f"{path}  [en-US, rules us" in run.out


@pytest.mark.parametrize("broken", ["python-tag.yaml", "deep-nesting.yaml", "not-utf8.yaml"])
def test_play_refuses_a_broken_scenario(tmp_path: Path, broken: str) -> None:
    script = tmp_path / "script.txt"
    script.write_text("Hi, this is Alex from Test Bank.\n", encoding="utf-8")
    shutil.copyfile(BROKEN / broken, tmp_path / broken)
    run = cli(tmp_path, "play", tmp_path / broken, "--script", script)
    code, line, col = EXPECTED[broken]
    assert run.code == 1
    assert f"{tmp_path / broken}:{line}:{col}: error[{code}]" in run.err


@pytest.mark.parametrize("broken", ["python-tag.yaml", "alias-bomb.yaml"])
def test_play_refuses_a_broken_script(tmp_path: Path, broken: str) -> None:
    shutil.copyfile(BROKEN / broken, tmp_path / broken)
    run = cli(tmp_path, "play", LIBRARY / "hostile-text.yaml", "--script", tmp_path / broken)
    code, line, col = EXPECTED[broken]
    assert run.code == 1
    assert f"{tmp_path / broken}:{line}:{col}: error[{code}]" in run.err


def test_golden_tests_refuse_broken_files_and_still_run_the_good_ones(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    shutil.copytree(LIBRARY, folder)
    shutil.copyfile(BROKEN / "python-tag.yaml", folder / "tagged.yaml")
    shutil.copyfile(LIBRARY / "hostile-text.yaml", folder / "other.yaml")
    other = (folder / "other.yaml").read_text(encoding="utf-8")
    (folder / "other.yaml").write_text(other.replace("id: hostile-text", "id: other"), "utf-8")
    shutil.copyfile(BROKEN / "alias-bomb.yaml", folder / "other.tests.yaml")

    run = cli(tmp_path, "test", folder)
    assert run.code == 1
    assert f"{folder / 'tagged.yaml'}:2:8: error[Y004]" in run.err
    assert f"{folder / 'other.tests.yaml'}:7:40: error[Y005]" in run.err
    assert "ok   hostile-text: 1 passed, 0 failed" in run.out


def test_a_blank_trainee_name_is_a_clear_error(tmp_path: Path) -> None:
    script = tmp_path / "script.txt"
    script.write_text("Hi, this is Alex from Test Bank.\n", encoding="utf-8")
    run = cli(
        tmp_path, "play", LIBRARY / "hostile-text.yaml", "--script", script, "--trainee", " \x1c "
    )
    assert run.code == 2
    assert (
        "collector-sim: error: could not start a stored session: a trainee name is required"
        in run.err
    )


# --- hostile text: shown literally, never obeyed ------------------------------------------


def assert_literal(text: str) -> None:
    """Hostile text shows as itself: markup unrendered, controls as visible escapes."""
    assert not RAW_CONTROL.search(text), repr(RAW_CONTROL.search(text))
    assert "\\x1b[31m" in text  # the escape is visible, not obeyed
    assert "[bold]x[/]" in text and "[link=http://x]y[/link]" in text
    assert HOSTILE["emoji"] in text
    assert "我现在真的没钱，下个月再说吧" in text  # a scorecard quotes up to the "。"
    assert "مرحبا، أريد أن أدفع שלום \\u202eevil\\u202c \\u2067isolate\\u2069" in text


def test_play_prints_hostile_scenario_and_trainee_text_literally(tmp_path: Path) -> None:
    lines = [
        "Hi, this is Alex from Test Bank. " + HOSTILE["rich_markup"] + " " + HOSTILE["ansi"],
        "Can you tell me what happened? " + HOSTILE["emoji"],
        "Would 75 dollars a month on the 15th work for you? " + HOSTILE["cjk"],
    ]
    script = tmp_path / "script.yaml"
    script.write_text(json.dumps(lines, ensure_ascii=True), encoding="utf-8")
    scenario = LIBRARY / "hostile-text.yaml"

    run = cli(tmp_path, "play", scenario, "--script", script, "--trainee", HOSTILE["mixed"])
    assert run.code == 0, run.err
    assert_literal(run.out)

    as_json = json.loads(cli(tmp_path, "play", scenario, "--script", script, "--json").out)
    said = [t["text"] for t in as_json["transcript"] if t["speaker"] == "agent"]
    assert said == lines  # exactly what was typed
    debtor = [t["text"] for t in as_json["transcript"] if t["speaker"] == "debtor"]
    assert debtor[:2] == [
        "Hello? " + HOSTILE["rich_markup"] + " " + HOSTILE["ansi"],
        HOSTILE["rtl"],
    ]


def test_score_prints_hostile_transcripts_literally(tmp_path: Path) -> None:
    # The scorecard quotes the sentence of each finding: put every kind into that sentence.
    # A text transcript cannot hold vertical tab or form feed (they end a line there).
    control = HOSTILE["control"].replace("\x0b", "").replace("\x0c", "")
    turns = [
        ("agent", "Hi, this is Alex from Harbor Bank."),
        ("debtor", HOSTILE["rtl"]),
        ("agent", f"You will be arrested {control} {HOSTILE['rich_markup']} {HOSTILE['emoji']}"),
        ("agent", f"You will be arrested {HOSTILE['rtl']} {HOSTILE['ansi']}"),
        ("agent", f"You will be arrested {HOSTILE['cjk']}"),
    ]
    paths = [write_transcript(tmp_path / f"call{s}", turns) for s in (".txt", ".yaml", ".json")]
    run = cli(tmp_path, "score", *paths)
    assert run.code == 0, run.err
    assert_literal(run.out)
    assert run.out.count("US5 threat_arrest_or_seizure") == 9
    assert run.out.count("bell\\x07 back\\x08space nul\\x00 del\\x7f c1\\x9b") == 3


def test_diagnostics_quote_hostile_text_literally(tmp_path: Path) -> None:
    shutil.copyfile(BROKEN / "duplicate-key.yaml", tmp_path / "dup.yaml")
    run = cli(tmp_path, "validate", tmp_path / "dup.yaml")
    assert run.code == 1
    assert "duplicate key 'title\\x1b[2J'" in run.out
    assert not RAW_CONTROL.search(run.out + run.err)
