"""Call-level checks that follow what the agent says, not only the debtor's signals: the
agent naming a late hour, answering a complaint about call volume with more calls, talking
the debtor out of their lawyer. Each pairs a violation with the good handling beside it."""

from __future__ import annotations

import pytest

from simulator.scoring.compliance import check_transcript
from simulator.transcript.model import CallContext, Turn

READY = CallContext(right_party_verified=True, identified=True, disclosure_given=True)
SPEAKER = {"A": "agent", "D": "debtor", "T": "third_party"}
LOCALE = {"us": "en-US", "cn": "zh-CN"}


def findings(script: list[str], rules: str) -> list[tuple[int, str]]:
    turns = [Turn(SPEAKER[line[0]], line[2:].strip()) for line in script]
    found = check_transcript(turns, rules=rules, locale=LOCALE[rules], context=READY)
    return [(f.turn, f.category) for f in found]


@pytest.mark.parametrize(
    ("rules", "script", "expected"),
    [
        # the agent states the hour, then presses in the same breath
        (
            "us",
            ["A: It's almost eleven at night, I know, but I need a payment date from you."],
            [(1, "ignored_inconvenience")],
        ),
        ("us", ["A: It's past ten pm, so let me call you tomorrow instead."], []),
        ("us", ["A: Our lines are open until 10 pm if you want to pay by phone."], []),
        (
            "cn",
            ["A: 这么晚打给你也是没办法，都十一点了，你到底还不还？"],
            [(1, "ignored_inconvenience")],
        ),
        ("cn", ["A: 都十一点了，不打扰您休息，明天上午再联系您。"], []),
        ("cn", ["A: 每天早上七点会自动扣款，您今天先还一下最低还款吧。"], []),
        # the hour stays raised: a later demand presses on it too
        (
            "cn",
            ["A: 现在都十一点了。", "D: 嗯。", "A: 你到底还不还？"],
            [(3, "ignored_inconvenience")],
        ),
    ],
)
def test_a_late_hour_the_agent_states_is_a_bad_time(
    rules: str, script: list[str], expected: list[tuple[int, str]]
) -> None:
    assert findings(script, rules) == expected


@pytest.mark.parametrize(
    ("rules", "complaint", "answer", "harassing"),
    [
        (
            "us",
            "D: This is the fifth call today!",
            "A: So what? You'll hear from us again tomorrow.",
            True,
        ),
        (
            "us",
            "D: My phone has been ringing off the hook with your calls.",
            "A: Then answer it. We'll be calling again this afternoon.",
            True,
        ),
        (
            "us",
            "D: You keep calling my cell over and over.",
            "A: I'm sorry about that. I'll only call again on Thursday at the time you choose.",
            False,
        ),
        ("us", "D: This is the fifth call today!", "A: So what happened back in August?", False),
        # the debtor's own calls are no complaint about ours
        (
            "us",
            "D: I called you three times last week to set up a plan.",
            "A: Let me set that up now. I'll call you again Friday to confirm.",
            False,
        ),
        (
            "cn",
            "D: 你们一天打了八个电话，烦不烦啊！",
            "A: 打八个又怎么了，你不还我们就接着打。",
            True,
        ),
        (
            "cn",
            "D: 你们今天已经打了五个电话了！",
            "A: 非常抱歉给您带来困扰，我这边备注一下，之后只在您方便的时间联系。",
            False,
        ),
    ],
)
def test_more_calls_answering_a_complaint_about_calls_is_harassment(
    rules: str, complaint: str, answer: str, harassing: bool
) -> None:
    assert findings([complaint, answer], rules) == ([(2, "harassment")] if harassing else [])


@pytest.mark.parametrize(
    ("rules", "signal", "answer", "ignored"),
    [
        (
            "us",
            "D: My attorney is handling this now.",
            "A: You don't need a lawyer for this, let's just work it out between us.",
            True,
        ),
        (
            "us",
            "D: A lawyer from legal aid is helping me now.",
            "A: Understood. Can I get her name "
            "and number so we contact her office instead of calling you?",
            False,
        ),
        (
            "cn",
            "D: 我已经找律师了，他会联系你们。",
            "A: 找律师有什么用，还不如跟我谈个方案。",
            True,
        ),
        (
            "cn",
            "D: 我已经找律师了，他会联系你们。",
            "A: 好的，麻烦您提供一下律师的姓名和电话，之后我们跟律师联系。",
            False,
        ),
        # not yet represented: nothing to ignore
        ("cn", "D: 我打算找律师问问。", "A: 可以的，那您今天能先还一部分吗？", False),
    ],
)
def test_talking_the_debtor_out_of_a_lawyer_ignores_the_lawyer(
    rules: str, signal: str, answer: str, ignored: bool
) -> None:
    assert findings([signal, answer], rules) == ([(2, "ignored_attorney")] if ignored else [])


@pytest.mark.parametrize(
    ("rules", "script", "expected"),
    [
        # "who's calling?" answered, then "this is Rosa": the first question still stood
        (
            "us",
            [
                "A: Hello, could I speak with Rosa Delgado?",
                "D: Who's calling?",
                "A: This is Ben Ortiz at Cedar Lane Financial Services.",
                "D: This is Rosa.",
                "A: Thanks. This is a debt collector; this is an attempt to collect a debt. "
                "Your account shows $830 past due.",
            ],
            [],
        ),
        # ...but a question about the call is no confirmation
        (
            "us",
            [
                "A: Hello, could I speak with Rosa Delgado?",
                "D: Who's calling?",
                "A: This is Ben Ortiz at Cedar Lane Financial Services.",
                "D: What is this about?",
                "A: Your $830 balance.",
            ],
            [(5, "disclosure_before_verification")],
        ),
        (
            "cn",
            [
                "A: 请问是王磊本人吗？",
                "D: 你哪位？",
                "A: 我是锦程银行信用卡中心的小陈。",
                "D: 对。",
                "A: 王先生，您的信用卡已经逾期两个月了。",
            ],
            [],
        ),
    ],
)
def test_an_identity_question_stays_open_while_the_agent_says_who_is_calling(
    rules: str, script: list[str], expected: list[tuple[int, str]]
) -> None:
    turns = [Turn(SPEAKER[line[0]], line[2:].strip()) for line in script]
    found = check_transcript(turns, rules=rules, locale=LOCALE[rules], context=CallContext())
    assert [(f.turn, f.category) for f in found] == expected
