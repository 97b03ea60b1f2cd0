"""Reading transcript files: YAML, JSON, plain text, and clear errors for anything else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.diagnostics import DiagnosticError
from simulator.transcript.model import MAX_TURN_CHARS, CallContext
from simulator.transcript.parse import read_transcript

DATA = Path(__file__).resolve().parents[2] / "data" / "transcripts"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> tuple[int, int, str]:
    with pytest.raises(DiagnosticError) as caught:
        read_transcript(path)
    first = caught.value.diagnostics[0]
    assert first.file == str(path)
    return first.line, first.col, first.message


def test_yaml_file() -> None:
    t = read_transcript(DATA / "en_good.yaml")
    assert (t.locale, t.rules, t.source) == ("en-US", "us", str(DATA / "en_good.yaml"))
    assert len(t.turns) == 11
    assert t.turns[0].speaker == "agent" and t.turns[1].text == "Yes, this is Luis."
    assert t.context == CallContext()


def test_json_file_with_context() -> None:
    t = read_transcript(DATA / "en_context.json")
    assert t.context == CallContext(
        right_party_verified=True, identified=True, disclosure_given=True
    )
    assert [turn.speaker for turn in t.turns] == ["debtor", "agent"]


def test_plain_text_english() -> None:
    t = read_transcript(DATA / "en_threat.txt")
    assert (t.locale, t.rules) == ("en-US", "us")
    assert [turn.speaker for turn in t.turns] == ["agent", "debtor", "agent", "debtor", "agent"]
    assert t.turns[2].text.startswith("You owe $1,200")


def test_plain_text_chinese_prefixes_set_the_locale() -> None:
    t = read_transcript(DATA / "zh_call.txt")
    assert (t.locale, t.rules) == ("zh-CN", "cn")
    assert t.turns[0].speaker == "agent" and t.turns[1].speaker == "debtor"
    assert t.turns[1].text == "是我。"


def test_plain_text_variants(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "mixed.txt",
        "AGENT : Hello?\n\n# comment\nthird-party:  He is out.\nThird party: Who is it?\n"
        "坐席:您好\n第三方：他不在。\n",
    )
    t = read_transcript(path)
    assert [turn.speaker for turn in t.turns] == [
        "agent", "third_party", "third_party", "agent", "third_party",
    ]  # fmt: skip
    assert t.locale == "zh-CN"  # Chinese prefixes were used


def test_english_prefixes_with_chinese_text_are_chinese(tmp_path: Path) -> None:
    t = read_transcript(write(tmp_path, "c.txt", "Agent: 您好，请问是王丽吗？\nDebtor: 是我。\n"))
    assert t.locale == "zh-CN"


def test_unknown_suffix_is_sniffed(tmp_path: Path) -> None:
    assert read_transcript(write(tmp_path, "call", "Agent: Hi\nDebtor: Hello\n")).locale == "en-US"
    structured = write(
        tmp_path, "call.log", "locale: zh-CN\nturns:\n  - {speaker: agent, text: 你好}\n"
    )
    assert read_transcript(structured).rules == "cn"


@pytest.mark.parametrize(
    ("name", "text", "line", "col", "message"),
    [
        ("a.txt", "Agent: Hi\nHello there\n", 2, 1, "no speaker prefix"),
        ("b.txt", "Agent: Hi\nDebtor:   \n", 2, 8, "no text"),
        ("c.txt", "\n\n# only comments\n", 1, 1, "no turns"),
        ("d.yaml", "locale: fr-FR\nturns: []\n", 1, 9, "'locale' must be one of"),
        ("e.yaml", "locale: en-US\nturns:\n  - speaker: agent\n    text: ''\n", 4, 11, "non-empty"),
        ("f.yaml", "locale: en-US\nrules: eu\nturns:\n  - {speaker: agent, text: hi}\n", 2, 8, "'rules'"),
        ("g.yaml", "locale: en-US\nturns: [\n", 3, 1, "YAML syntax error"),
        ("h.json", '{"locale": "en-US", "turns": [{"speaker": "agent", "text": 3}]}', 1, 60, "text"),
        ("i.yaml", "- just\n- a list\n", 1, 1, "is a mapping"),
        ("j.yaml", "locale: en-US\ncontext:\n  verified: true\nturns: [{speaker: agent, text: hi}]\n", 3, 3,
         "unknown context flag"),
        ("k.yaml", "locale: en-US\ncontext: {identified: yes please}\nturns: [{speaker: agent, text: hi}]\n",
         2, 23, "true or false"),
    ],
)  # fmt: skip
def test_malformed_files_point_at_the_problem(
    tmp_path: Path, name: str, text: str, line: int, col: int, message: str
) -> None:
    got_line, got_col, got_message = error_of(write(tmp_path, name, text))
    assert (got_line, got_col) == (line, col)
    assert message in got_message


def test_broken_example_file() -> None:
    line, _, message = error_of(DATA / "broken.yaml")
    assert line == 5 and "'speaker' must be one of" in message


def test_missing_file_and_bad_encoding(tmp_path: Path) -> None:
    assert "cannot read file" in error_of(tmp_path / "nope.txt")[2]
    bad = tmp_path / "latin.txt"
    bad.write_bytes(b"Agent: caf\xe9\n")
    assert error_of(bad)[:2] == (1, 11)


_GARBAGE = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.lists(
        st.sampled_from(
            ["locale: en-US", "turns:", "  - speaker: agent", "    text: hi", "context: [", "Agent: x",
             "坐席：你好", "{", "}", "- ", "rules: cn", "  text: !!python/object:os.system ls", "&a [*a]",
             "\t", ":", "'", '"', "turns: {a: 1}", "locale: [1]", "turns: [{speaker: [1], text: {}}]"]
        ),
        max_size=12,
    ).map(lambda rows: "\n".join(rows).encode()),
)  # fmt: skip


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=_GARBAGE, suffix=st.sampled_from([".yaml", ".json", ".txt", ""]))
def test_garbage_never_raises_anything_but_a_diagnostic(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = tmp_path / f"garbage{suffix}"
    path.write_bytes(data)
    try:
        t = read_transcript(path)
    except DiagnosticError as exc:
        assert exc.diagnostics and all(d.line >= 1 and d.col >= 1 for d in exc.diagnostics)
    else:
        assert t.turns and t.locale in ("en-US", "zh-CN")


def test_an_endless_file_is_refused_after_the_size_limit() -> None:
    """`score /dev/zero` used to read forever: the reader stops one byte past the limit."""
    with pytest.raises(DiagnosticError) as caught:
        read_transcript(Path("/dev/zero"))
    first = caught.value.diagnostics[0]
    assert (first.code, first.line, first.col) == ("Y003", 1, 1)


def test_a_turn_at_the_limit_is_read_and_one_past_it_is_refused(tmp_path: Path) -> None:
    at_limit = "y" * MAX_TURN_CHARS
    path = write(tmp_path, "long.txt", f"Agent: hi\nDebtor: {at_limit}\nDebtor: {at_limit}z\n")
    with pytest.raises(DiagnosticError) as caught:
        read_transcript(path)
    (only,) = caught.value.diagnostics
    assert (only.code, only.line, only.col) == ("T012", 3, 9)
    path.write_text(f"Agent: hi\nDebtor: {at_limit}\n", encoding="utf-8")
    assert read_transcript(path).turns[1].text == at_limit


def recovery(**extra: object) -> dict[str, object]:
    """A recovery file as PlaySession writes it when the database fails mid-call."""
    return {
        "session_id": 7,
        "trainee": "Kim",
        "scenario": "test-mini",
        "scenario_hash": "abc",
        "notes": "",
        "locale": "zh-CN",
        "rules": "cn",
        "context": {"right_party_verified": True, "identified": True},
        "turns": [
            {"speaker": "debtor", "text": "喂？", "node": "opening", "line_id": "opening.1"},
            {"speaker": "agent", "text": "您好，我是招商银行信用卡中心的。"},
        ],
        "snapshot": {"node": "opening", "transcript": []},
        **extra,
    }


def test_a_recovery_file_is_a_transcript(tmp_path: Path) -> None:
    path = write(tmp_path, "session-7.json", json.dumps(recovery(), ensure_ascii=False))
    t = read_transcript(path)
    assert (t.locale, t.rules) == ("zh-CN", "cn")
    assert t.context == CallContext(right_party_verified=True, identified=True)
    assert [(x.speaker, x.text, x.node) for x in t.turns] == [
        ("debtor", "喂？", "opening"),
        ("agent", "您好，我是招商银行信用卡中心的。", None),
    ]


def test_recovery_keys_are_only_allowed_in_a_recovery_file(tmp_path: Path) -> None:
    data = recovery()
    del data["snapshot"]
    path = write(tmp_path, "not-recovery.json", json.dumps(data, ensure_ascii=False, indent=1))
    with pytest.raises(DiagnosticError) as caught:
        read_transcript(path)
    assert {d.code for d in caught.value.diagnostics} == {"T021"}
    assert "unknown key 'session_id'" in caught.value.diagnostics[0].message
    bad = write(tmp_path, "odd.json", json.dumps(recovery(surprise=1), indent=1))
    assert "unknown key 'surprise'" in error_of(bad)[2]
