"""The context contract and identification: what an excerpt owes depends on where it starts.

``context`` is the state at the start of the excerpt and every flag defaults to false, so
an excerpt with no flags starts at the beginning of the call and its opening is judged.
"""

from __future__ import annotations

import pytest

from simulator.scoring.compliance import check_transcript
from simulator.transcript.model import CallContext, Turn

SPEAKER = {"A": "agent", "D": "debtor", "T": "third_party"}
LOCALE = {"us": "en-US", "cn": "zh-CN"}


def findings(script: list[str], rules: str = "us", **context: bool) -> list[tuple[int, str]]:
    turns = [Turn(SPEAKER[line[0]], line[2:].strip()) for line in script]
    found = check_transcript(
        turns, rules=rules, locale=LOCALE[rules], context=CallContext(**context)
    )
    return [(f.turn, f.category) for f in found]


def categories(script: list[str], rules: str = "us", **context: bool) -> set[str]:
    return {category for _, category in findings(script, rules, **context)}


@pytest.mark.parametrize(
    ("rules", "line"),
    [
        ("us", "A: You owe us $500, pay now."),
        ("us", "A: You owe us money, pay now."),
        ("cn", "A: 你欠我们五百块，赶紧还。"),
    ],
)
def test_no_flags_means_the_excerpt_starts_the_call(rules, line):
    assert findings([line], rules) == [
        (1, "disclosure_before_verification"),
        (1, "missing_identification"),
    ]


@pytest.mark.parametrize(
    ("rules", "script"),
    [
        ("us", ["D: (Quietly.) Hello?", "A: Hi, you owe $400 on your card."]),
        ("us", ["D: I already told you, my attorney handles this.", "A: You still owe $800."]),
        ("cn", ["D: （小声）喂？", "A: 你的信用卡欠了四百块。"]),
    ],
)
def test_a_debtor_first_excerpt_is_still_judged_from_the_opening(rules, script):
    assert "disclosure_before_verification" in categories(script, rules)


@pytest.mark.parametrize(
    ("rules", "line"),
    [
        ("us", "A: So, you owe $3,400. Let's talk about how you're going to pay it."),
        ("cn", "A: 您这笔欠款三千四，我们商量一下怎么还。"),
    ],
)
def test_an_excerpt_after_verification_does_not_owe_the_opening(rules, line):
    assert categories([line], rules, right_party_verified=True) == set()
    assert categories([line], rules) == {
        "disclosure_before_verification",
        "missing_identification",
    }


def test_each_flag_covers_only_its_own_step():
    debt = "A: So, you owe $3,400. Let's talk about how you're going to pay it."
    # identification done, verification not: discussing the debt is still disclosure
    assert categories([debt], identified=True) == {"disclosure_before_verification"}
    # identification done and verified, disclosure explicitly not given: it is still owed
    owed = categories([debt], right_party_verified=True, identified=True)
    assert owed == {"missing_mini_miranda"}
    full = {"right_party_verified": True, "identified": True, "disclosure_given": True}
    assert categories([debt], **full) == set()


def test_evasion_is_judged_even_after_verification():
    script = [
        "D: Wait, what company did you say you're with?",
        "A: That doesn't matter right now. Let's talk about your balance.",
    ]
    assert categories(script, right_party_verified=True) == {"missing_identification"}
    answered = ["D: Wait, what company did you say you're with?", "A: I'm with Horizon Credit."]
    assert categories(answered, right_party_verified=True) == set()


@pytest.mark.parametrize(
    ("rules", "script"),
    [
        ("us", ["D: Hello?", "A: Hi, is this Maria Lopez?", "D: Not interested. (Hangs up.)"]),
        ("us", ["A: Hi, may I speak with Maria?", "D: Who is this? (Hangs up.)"]),
        ("cn", ["D: 喂？", "A: 请问是李强先生吗？", "D: 不需要，挂了。"]),
    ],
)
def test_a_call_that_ends_before_the_agent_had_a_chance_is_not_missing_identification(
    rules, script
):
    assert categories(script, rules) == set()


@pytest.mark.parametrize(
    ("rules", "script"),
    [
        (
            "us",
            ["A: Hi, is this Maria Lopez?", "D: Yes.", "A: Can you confirm your date of birth?",
             "D: Why? (Hangs up.)"],
        ),
        ("cn", ["A: 请问是李强先生吗？", "D: 是我。", "A: 麻烦报一下身份证后四位。", "D: 不报。（挂断）"]),
    ],
)  # fmt: skip
def test_a_real_conversation_without_an_introduction_is_missing_identification(rules, script):
    assert findings(script, rules) == [(1, "missing_identification")]


VERIFY_AND_DISCUSS_EN = [
    "D: Yes, speaking.",
    "A: Thanks. Can you confirm your date of birth?",
    "D: March 3rd, 1970.",
    "A: Thank you. This is an attempt to collect a debt and any information obtained will be "
    "used for that purpose. Your balance is $400.",
]
VERIFY_AND_DISCUSS_ZH = [
    "D: 是我。",
    "A: 麻烦您报一下身份证后四位。",
    "D: 后四位是3517。",
    "A: 谢谢您。联系您是关于您信用卡逾期还款的事情。",
]


@pytest.mark.parametrize(
    "opening",
    [
        "A: Chris Dalton, Meridian Recovery Partners. Is this Denise Whitaker?",
        "A: Hello, Alex Moreau with Granite Bay Recovery here. Is this Denise Whitaker?",
        "A: Hi there, Sam from Lakeside Recovery Group calling. Is this Denise Whitaker?",
        "A: Sam Ortiz, Harbor Point Collections. Am I speaking with Ray Kowalski?",
    ],
)
def test_self_introductions_without_this_is_count_as_identification(opening):
    assert categories([opening, *VERIFY_AND_DISCUSS_EN]) == set()


@pytest.mark.parametrize(
    "opening",
    [
        "A: 您好，我是浦江银行信用卡中心的小李，工号1234，请问是周明远先生吗？",
        "A: 您好，我是小李，浦江银行信用卡中心的。请问是周明远先生吗？",
        "A: 您好，华岭消费金融，工号HL2093，请问是林秀芬女士吗？",
        "A: 您好，华诚信息咨询公司工号A1027，请问是刘建军先生吗？",
    ],
)
def test_chinese_introductions_with_staff_numbers_count_as_identification(opening):
    assert categories([opening, *VERIFY_AND_DISCUSS_ZH], "cn") == set()


@pytest.mark.parametrize(
    ("rules", "opening", "rest"),
    [
        ("us", "A: Hi, this is Chris. Is this Denise Whitaker?", VERIFY_AND_DISCUSS_EN),
        ("us", "A: Maria, the credit union is closed today. Is this Maria Lopez?",
         VERIFY_AND_DISCUSS_EN),
        ("cn", "A: 您好，我姓王，请问是周明远先生吗？", VERIFY_AND_DISCUSS_ZH),
    ],
)  # fmt: skip
def test_a_name_without_the_company_is_not_identification(rules, opening, rest):
    assert findings([opening, *rest], rules) == [(5, "missing_identification")]
