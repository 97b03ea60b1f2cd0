"""The reader refuses dangerous or broken input with its own error, quickly."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.diagnostics import DiagnosticError
from simulator.scenario.loader import load_scenario
from simulator.yamlsource import MAX_BYTES, Loader, parse, read_file

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "scenarios" / "mini.yaml"


def codes(text: str) -> list[str]:
    with pytest.raises(DiagnosticError) as info:
        parse(text, "x.yaml")
    return [f"{d.line}:{d.col} {d.code}" for d in info.value.diagnostics]


def test_uses_libyaml_when_available():
    assert Loader is getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def test_python_tags_are_refused():
    assert codes("a: !!python/object/apply:os.system ['echo pwned']\n") == ["1:4 Y004"]


def test_billion_laughs_is_refused_quickly():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    began = time.perf_counter()
    assert codes("\n".join(lines))[0].endswith("Y005")
    assert time.perf_counter() - began < 1.0


def test_deep_nesting_is_refused():
    assert codes("[" * 5000 + "]" * 5000)[0].endswith("Y008")


def test_duplicate_keys_are_refused():
    assert codes("a: 1\nb: 2\na: 3\n") == ["3:1 Y010"]


def test_huge_file_is_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (MAX_BYTES + 1))
    with pytest.raises(DiagnosticError) as info:
        read_file(big)
    assert info.value.diagnostics[0].code == "Y003"


def test_non_utf8_reports_position(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"id: ok\ntitle: caf\xe9\n")
    with pytest.raises(DiagnosticError) as info:
        read_file(bad)
    d = info.value.diagnostics[0]
    assert (d.line, d.col, d.code) == (2, 11, "Y002")


def test_multiple_documents_are_refused():
    assert codes("a: 1\n---\nb: 2\n") == ["2:1 Y006"]


def test_values_and_positions():
    data, marks = parse("a:\n  - b: 1\n    c: [x, 2.5, true, null, 2026-01-02]\n")
    assert data == {"a": [{"b": 1, "c": ["x", 2.5, True, None, "2026-01-02"]}]}
    assert marks.locate(("a", 0, "c", 1)).line == 3
    assert marks.locate(("a", 0, "c", 1)).col == 12


VALID = FIXTURE.read_text(encoding="utf-8")


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = VALID.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "dup", "indent", "junk", "cut"]))
        if action == "drop":
            lines.pop(i)
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "indent":
            lines[i] = " " * draw(st.integers(1, 3)) + lines[i]
        elif action == "junk":
            lines[i] = draw(st.text(max_size=30))
        else:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        if not lines:
            break
    return "\n".join(lines)


@given(text=st.one_of(mutated(), st.text(max_size=400)))
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_mutated_and_garbage_yaml_only_raise_the_loader_error(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "s.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_scenario(path)
    except DiagnosticError as exc:
        assert exc.diagnostics
        assert all(d.line >= 1 and d.col >= 1 for d in exc.diagnostics)


@given(data=st.binary(max_size=300))
@settings(max_examples=150, deadline=None)
def test_random_bytes_only_raise_the_loader_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "s.yaml"
    path.write_bytes(data)
    try:
        load_scenario(path)
    except DiagnosticError as exc:
        assert exc.diagnostics
