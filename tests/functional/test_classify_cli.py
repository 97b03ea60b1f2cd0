"""collector-sim classify: the public contract of the understanding layer."""

from __future__ import annotations

import json
import subprocess
import sys

from simulator.vocabulary import CANONICAL_INTENTS


def test_one_text_prints_one_object(cli):
    done = cli("classify", "--locale", "en-US", "Hi, this is Marco from Pinecrest, is this Sarah?")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert list(data) == ["text", "intents"]
    assert data["text"] == "Hi, this is Marco from Pinecrest, is this Sarah?"
    found = [m["intent"] for m in data["intents"]]
    assert {"identify_self", "verify_identity"} <= set(found)
    scores = [m["score"] for m in data["intents"]]
    assert scores == sorted(scores, reverse=True)
    for match in data["intents"]:
        assert set(match) == {"intent", "score", "evidence"}
        assert 0 <= match["score"] <= 1 and match["evidence"]


def test_stdin_lines_give_json_lines_in_order(cli):
    lines = ["您好，请问是王先生吗？", "", "我们可以帮您办理分期。", "今天天气挺好的。"]
    done = cli("classify", "--locale", "zh-CN", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["text"] for o in out] == lines
    assert "verify_identity" in {m["intent"] for m in out[0]["intents"]}
    assert out[1]["intents"] == []
    assert [m["intent"] for m in out[2]["intents"]] == ["offer_plan"]
    assert out[3]["intents"] == []
    assert "您好" in done.stdout  # ensure_ascii=False


def test_only_known_ids_and_no_negated_intent(cli):
    done = cli("classify", "--locale", "en-US", "I'm not asking you to pay today.")
    assert done.returncode == 0
    intents = [m["intent"] for m in json.loads(done.stdout)["intents"]]
    assert "request_payment" not in intents
    assert all(
        i in CANONICAL_INTENTS or i in ("agree", "decline", "thank", "apologize") for i in intents
    )


def test_unknown_locale_is_exit_2_without_traceback(cli):
    done = cli("classify", "--locale", "fr-FR", "bonjour")
    assert done.returncode == 2
    assert "unknown locale 'fr-FR'" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_crlf_bom_and_invalid_utf8_on_stdin():
    raw = "\ufeffCan you pay today?\r\n".encode() + b"bad \xff byte\n"
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "classify"],
        input=raw,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line) for line in done.stdout.decode().splitlines())
    assert first["text"] == "Can you pay today?"
    assert [m["intent"] for m in first["intents"]] == ["request_payment"]
    assert second["text"] == "bad \ufffd byte"
