"""Every file reader refuses hostile documents with its own positioned error (issue 8).

The scenario loader's own fuzzing is in tests/unit/scenario/test_yaml_safety.py and the
transcript parser's garbage test in tests/unit/transcript/test_parse.py; this file adds
the hostile shapes (tags, alias bombs, deep nesting, bad bytes, sizes) for every reader
that takes a user's file: scenarios, transcripts (score), scripts (play) and golden tests.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.diagnostics import Diagnostic, DiagnosticError
from simulator.scenario.loader import load_scenario
from simulator.session.golden import load_golden
from simulator.session.script import read_script
from simulator.transcript.model import MAX_TURN_CHARS
from simulator.transcript.parse import MAX_TURNS, read_transcript
from simulator.yamlsource import MAX_BYTES, MAX_DEPTH, MAX_EXPANDED_NODES
from tests.fixtures.hostile import BROKEN, EXPECTED, HOSTILE, SCENARIO, write_transcript
from tests.functional.conftest import ROOT

TRANSCRIPTS = ROOT / "tests" / "data" / "transcripts"

Reader = Callable[[Path], Any]
READERS: dict[str, Reader] = {
    "scenario": load_scenario,
    "transcript": read_transcript,
    "script": read_script,
    "golden": load_golden,
}
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def refused(reader: Reader, path: Path) -> list[Diagnostic]:
    with pytest.raises(DiagnosticError) as info:
        reader(path)
    assert info.value.diagnostics
    return info.value.diagnostics


def read_or_refuse(reader: Reader, path: Path) -> list[Diagnostic]:
    """The reader's diagnostics, or [] when it accepted the file; anything else fails."""
    try:
        reader(path)
    except DiagnosticError as exc:
        assert exc.diagnostics
        return exc.diagnostics
    return []


def assert_inside(diagnostics: list[Diagnostic], data: bytes) -> None:
    """Each position names a real place in the file (or just past its end)."""
    lines = data.decode("utf-8", "replace").split("\n")
    for d in diagnostics:
        assert 1 <= d.line <= len(lines) + 1, d.format()
        width = len(lines[d.line - 1]) if d.line <= len(lines) else 0
        assert 1 <= d.col <= width + 2, d.format()


def position_of(data: bytes, index: int) -> tuple[int, int]:
    """1-based line and character column of byte ``index`` (valid UTF-8 before it)."""
    start = data.rfind(b"\n", 0, index) + 1
    return data.count(b"\n", 0, index) + 1, len(data[start:index].decode("utf-8")) + 1


# --- the committed broken documents, through every reader ---------------------------------


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_broken_document_gets_the_same_positioned_error_from_every_reader(
    tmp_path: Path, name: str, reader: str
) -> None:
    path = tmp_path / name  # .yaml, so the transcript and script readers read YAML too
    path.write_bytes((BROKEN / name).read_bytes())
    began = time.perf_counter()
    first = refused(READERS[reader], path)[0]
    assert time.perf_counter() - began < 2.0
    assert (first.code, first.line, first.col) == EXPECTED[name], first.format()
    assert first.file == str(path)


def test_the_broken_documents_cover_every_yaml_refusal() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.yaml")) == sorted(EXPECTED)
    assert {code for code, _, _ in EXPECTED.values()} == {
        "Y000", "Y002", "Y004", "Y005", "Y006", "Y007", "Y008", "Y010",
    }  # fmt: skip


def test_the_hostile_scenario_carries_the_hostile_text_exactly() -> None:
    scenario = load_scenario(SCENARIO).scenario
    assert scenario.briefing.notes == [HOSTILE["ansi"], HOSTILE["rtl"]]
    assert scenario.briefing.objectives == [HOSTILE["control"]]
    assert scenario.facts.reason == HOSTILE["mixed"]
    assert scenario.briefing.debtor_name == "Sam " + HOSTILE["rich_markup"]


# --- tags, alias bombs, deep nesting: generated around valid transcripts --------------------

TAGS = [
    "!!python/object/apply:os.system",
    "!!python/object/new:subprocess.Popen",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/tuple",
    "!<tag:yaml.org,2002:python/object:x.Y>",
    "!!binary",
    "!!set",
    "!!omap",
    "!local",
]


@st.composite
def tagged_transcript(draw: st.DrawFn) -> tuple[bytes, tuple[int, int]]:
    """A valid transcript with one tag placed in a key, a value or a flow item."""
    turns = draw(st.integers(1, 6))
    lines = ["locale: en-US", "turns:"]
    for i in range(turns):
        lines += [f"  - speaker: {'agent' if i % 2 == 0 else 'debtor'}", "    text: hello there"]
    tag = draw(st.sampled_from(TAGS))
    where = draw(st.sampled_from(["value", "key", "flow", "top"]))
    row = 2 + 2 * draw(st.integers(0, turns - 1)) + 1  # a "text:" line, 0-based
    if where == "value":
        lines[row] = f"    text: {tag} x"
    elif where == "key":
        lines[row] = f"    {tag} text: x"
    elif where == "flow":
        lines[row - 1 : row + 1] = [f"  - {{speaker: agent, text: [{tag} x]}}"]
        row -= 1
    else:
        lines.insert(0, f"title: {tag} x")
        row = 0
    return ("\n".join(lines) + "\n").encode(), (row + 1, lines[row].index(tag) + 1)


@FUZZ
@given(case=tagged_transcript(), reader=st.sampled_from(["transcript", "script", "golden"]))
def test_any_tag_is_refused_where_it_stands(
    tmp_path: Path, case: tuple[bytes, tuple[int, int]], reader: str
) -> None:
    data, at = case
    path = tmp_path / "t.yaml"
    path.write_bytes(data)
    first = refused(READERS[reader], path)[0]
    assert (first.code, first.line, first.col) == ("Y004", *at), first.format()


def _bomb_size(width: int, levels: int) -> int:
    size = 1 + width  # the innermost list and its scalars
    for _ in range(levels):
        size = 1 + width * size
    return size


@FUZZ
@given(width=st.integers(2, 12), levels=st.integers(1, 9), suffix=st.sampled_from(["yaml", "json"]))
def test_alias_bombs_are_refused_quickly(
    tmp_path: Path, width: int, levels: int, suffix: str
) -> None:
    rows = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    rows += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    rows = ["locale: en-US", *rows, f"turns: *a{levels - 1}"]
    path = tmp_path / f"bomb.{suffix}"  # JSON files are read as YAML, aliases included
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    began = time.perf_counter()
    diagnostics = refused(read_transcript, path)
    assert time.perf_counter() - began < 1.0
    codes = {d.code for d in diagnostics}
    top = _bomb_size(width, levels - 1)  # what the last anchor alone expands to
    if top > MAX_EXPANDED_NODES:
        assert codes == {"Y005"}
    elif 3 * top < MAX_EXPANDED_NODES:  # every anchor plus the alias stays under the limit
        assert "Y005" not in codes  # so it is read, then refused for its shape
    assert_inside(diagnostics, path.read_bytes())


@FUZZ
@given(
    depth=st.integers(1, 3000),
    shape=st.sampled_from(["flow_list", "flow_map", "json", "block"]),
    reader=st.sampled_from(sorted(READERS)),
)
def test_deep_nesting_is_refused_at_the_level_past_the_limit(
    tmp_path: Path, depth: int, shape: str, reader: str
) -> None:
    if shape == "block":
        depth = min(depth, 200)  # indentation grows with depth: keep the file small
        body = "".join(f"\n{'  ' * (i + 1)}a:" for i in range(depth)) + " x"
        # level n (the top mapping is level 1) opens on line n + 1 at column 2n - 1
        text, at = "locale: en-US\nturns:" + body + "\n", (MAX_DEPTH + 2, 2 * MAX_DEPTH + 1)
    else:
        opener, closer = {
            "flow_list": ("[", "]"),
            "flow_map": ("{a: ", "}"),
            "json": ('{"a": ', "}"),
        }[shape]
        text = "locale: en-US\nturns: " + opener * depth + "x" + closer * depth + "\n"
        at = (2, len("turns: ") + len(opener) * (MAX_DEPTH - 1) + 1)
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    diagnostics = read_or_refuse(READERS[reader], path)
    if depth + 1 > MAX_DEPTH:  # the top mapping is the first level
        first = diagnostics[0]
        assert (first.code, first.line, first.col) == ("Y008", *at), first.format()
    else:
        assert diagnostics and "Y008" not in {d.code for d in diagnostics}
        assert_inside(diagnostics, text.encode())


# --- bytes: non-UTF-8 anywhere, random bytes, sizes -----------------------------------------

SEEDS = [
    TRANSCRIPTS / "en_good.yaml",
    TRANSCRIPTS / "en_context.json",
    TRANSCRIPTS / "zh_call.txt",
    TRANSCRIPTS / "en_threat.txt",
    SCENARIO,
]
BAD_BYTES = [b"\x80", b"\xbf", b"\xc0\xaf", b"\xe4\xbd", b"\xf5", b"\xff", b"\xed\xa0\x80"]


@FUZZ
@given(
    seed=st.sampled_from(SEEDS),
    where=st.floats(0, 1),
    bad=st.sampled_from(BAD_BYTES),
    reader=st.sampled_from(["scenario", "transcript", "script"]),
)
def test_a_bad_byte_anywhere_is_reported_at_its_line_and_column(
    tmp_path: Path, seed: Path, where: float, bad: bytes, reader: str
) -> None:
    text = seed.read_text(encoding="utf-8")
    cut = int(where * len(text))
    head = text[:cut].encode()
    data = head + bad + text[cut:].encode()
    path = tmp_path / f"bad{seed.suffix}"
    path.write_bytes(data)
    first = refused(READERS[reader], path)[0]
    assert (first.code, first.line, first.col) == ("Y002", *position_of(data, len(head)))


@FUZZ
@given(data=st.binary(max_size=400), reader=st.sampled_from(["script", "golden"]))
def test_random_bytes_are_refused_or_read(tmp_path: Path, data: bytes, reader: str) -> None:
    path = tmp_path / "random.yaml"
    path.write_bytes(data)
    assert_inside(read_or_refuse(READERS[reader], path), data)


@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(
    tmp_path: Path, reader: str
) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"turns:\n" + b"  - {speaker: agent, text: hello}\n" * (MAX_BYTES // 32))
    began = time.perf_counter()
    first = refused(READERS[reader], path)[0]
    assert time.perf_counter() - began < 1.0
    assert (first.code, first.line, first.col) == ("Y003", 1, 1)


@pytest.mark.parametrize("reader", sorted(READERS))
def test_an_endless_file_is_refused_without_reading_it_all(reader: str) -> None:
    first = refused(READERS[reader], Path("/dev/zero"))[0]
    assert first.code == "Y003"


@pytest.mark.parametrize("suffix", [".txt", ".yaml", ".json"])
def test_too_many_turns_and_too_long_a_turn(tmp_path: Path, suffix: str) -> None:
    many = write_transcript(tmp_path / f"many{suffix}", [("agent", "hi")] * (MAX_TURNS + 1))
    assert refused(read_transcript, many)[0].code == "T014"
    long = [("agent", "hi"), ("debtor", "x" * (MAX_TURN_CHARS + 1))]
    path = write_transcript(tmp_path / f"long{suffix}", long)
    first = refused(read_transcript, path)[0]
    rows = path.read_text(encoding="utf-8").split("\n")
    assert first.code == "T012"
    assert first.line == next(i for i, row in enumerate(rows, 1) if "xxxx" in row)


# --- mutated valid files ----------------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn) -> tuple[Path, bytes]:
    seed = draw(st.sampled_from(SEEDS))
    lines = seed.read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "dup", "indent", "hostile", "junk", "cut", "swap"]))
        if action == "drop" and len(lines) > 1:
            lines.pop(i)
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "indent":
            lines[i] = draw(st.sampled_from([" ", "\t", "   "])) + lines[i]
        elif action == "hostile":
            lines[i] += draw(st.sampled_from(sorted(HOSTILE.values())))
        elif action == "junk":
            lines[i] = draw(
                st.text(alphabet=st.sampled_from("-:[]{}&*!|>'\"#%@` ab\t"), max_size=20)
            )
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    return seed, "\n".join(lines).encode("utf-8")


@settings(FUZZ, max_examples=150)
@given(case=mutated(), reader=st.sampled_from(sorted(READERS)))
def test_mutated_valid_files_are_read_or_refused_with_positions(
    tmp_path: Path, case: tuple[Path, bytes], reader: str
) -> None:
    seed, data = case
    path = tmp_path / f"mutant{seed.suffix}"
    path.write_bytes(data)
    assert_inside(read_or_refuse(READERS[reader], path), data)


# --- JSON from any writer reads back exactly --------------------------------------------------


@FUZZ
@given(
    texts=st.lists(st.text(min_size=1, max_size=40).map(str.strip).filter(bool), max_size=5),
    ascii_only=st.booleans(),
)
def test_json_transcripts_read_back_exactly_however_they_were_written(
    tmp_path: Path, texts: list[str], ascii_only: bool
) -> None:
    """json.dumps escapes emoji as surrogate pairs and leaves DEL, C1 and NEL raw; libyaml
    refuses or misreads all three, so the reader must not hand them to it as they are."""
    turns = [{"speaker": "agent", "text": t} for t in [*texts, "😀 \x85 \x7f \x9b 你好"]]
    path = tmp_path / "call.json"
    path.write_text(
        json.dumps({"locale": "en-US", "turns": turns}, ensure_ascii=ascii_only), encoding="utf-8"
    )
    assert [t.text for t in read_transcript(path).turns] == [t["text"] for t in turns]
