"""Pressing on after the debtor's signals: what presses, what is good handling, how often
it is reported. Phrasings come from scenario authors playing real calls."""

from __future__ import annotations

import pytest

from simulator.scoring.compliance import check_transcript
from simulator.transcript.model import CallContext, Turn

READY = {"right_party_verified": True, "identified": True, "disclosure_given": True}
SPEAKER = {"A": "agent", "D": "debtor", "T": "third_party"}
LOCALE = {"us": "en-US", "cn": "zh-CN"}


def findings(script: list[str], rules: str = "us", **context: bool) -> list[tuple[int, str]]:
    turns = [Turn(SPEAKER[line[0]], line[2:].strip()) for line in script]
    context = {**READY, **context}
    found = check_transcript(
        turns, rules=rules, locale=LOCALE[rules], context=CallContext(**context)
    )
    return [(f.turn, f.category) for f in found]


def categories(script: list[str], rules: str = "us", **context: bool) -> set[str]:
    return {category for _, category in findings(script, rules, **context)}


ATTORNEY_EN = "D: My attorney is handling this now."
CEASE_EN = "D: I want you to stop calling me."
DISPUTE_EN = "D: That's not my debt, I never opened that account."
ATTORNEY_ZH = "D: 这事我已经委托律师了。"
CEASE_ZH = "D: 别再给我打电话了。"
DISPUTE_ZH = "D: 那个钱我已经还了啊，上礼拜就打过去了。"


@pytest.mark.parametrize(
    ("rules", "signal", "line", "category"),
    [
        ("us", ATTORNEY_EN, "A: Before you get lawyers involved, Northgate is willing to settle "
         "for 45%. That's $5,339 and this all goes away.", "ignored_attorney"),
        ("us", ATTORNEY_EN, "A: Northgate's 45% settlement is open until November 20th, so you "
         "might want to mention it to her.", "ignored_attorney"),
        ("us", ATTORNEY_EN, "A: I understand, but the settlement is only available until the "
         "20th.", "ignored_attorney"),
        ("us", ATTORNEY_EN, "A: When would be a good time to call you back?", "ignored_attorney"),
        ("us", CEASE_EN, "A: Would there be a better time for me to call you back about this?",
         "ignored_cease"),
        ("us", CEASE_EN, "A: Honestly, the only way it really stops is to settle it. Cobalt "
         "would take $927.", "ignored_cease"),
        ("us", CEASE_EN, "A: If we can't resolve it, the account stays open and the calls will "
         "keep coming.", "ignored_cease"),
        ("us", DISPUTE_EN, "A: I need the $562.50 past due paid today.", "ignored_dispute"),
        ("us", DISPUTE_EN, "A: To protect your credit, I'd keep making the $187.50 payments "
         "until it's sorted out.", "ignored_dispute"),
        ("us", "D: I can't do this right now.", "A: I understand, but if we can just agree on "
         "an amount today, I'll let you go.", "ignored_inconvenience"),
        ("cn", ATTORNEY_ZH, "A: 今天一次性结清的话可以减免利息，优惠只到月底。", "ignored_attorney"),
        ("cn", ATTORNEY_ZH, "A: 律师归律师，我们改天再联系您。", "ignored_attorney"),
        ("cn", CEASE_ZH, "A: 那您看什么时候方便，我再打给您？", "ignored_cease"),
        ("cn", DISPUTE_ZH, "A: 那您先继续按月还就行。", "ignored_dispute"),
    ],
)  # fmt: skip
def test_pressing_after_a_signal_is_found(rules, signal, line, category):
    assert category in categories([signal, line], rules, settlement_authorized=True)


@pytest.mark.parametrize(
    ("rules", "signal", "line"),
    [
        ("us", ATTORNEY_EN, "A: It's so that from now on we contact her office instead of "
         "calling you."),
        ("us", ATTORNEY_EN, "A: Could I get her name and number so we contact her office from "
         "now on?"),
        ("us", ATTORNEY_EN, "A: It's so we call her office instead of you from now on."),
        ("us", ATTORNEY_EN, "A: Thank you. We'll send everything to her office."),
        ("us", CEASE_EN, "A: Understood. We won't call you again, and I've noted your request."),
        ("us", CEASE_EN, "A: I'll send you one letter confirming we've stopped."),
        ("us", DISPUTE_EN, "A: I've recorded the dispute. We'll send verification and call you "
         "back once it's done."),
        ("us", DISPUTE_EN, "A: You don't need to keep making payments while we verify it."),
        ("us", "D: I'm driving right now.", "A: It sounds like you're driving. When would be a "
         "better time for me to call you back?"),
        ("cn", ATTORNEY_ZH, "A: 好的，麻烦提供一下律师的联系方式，以后我们直接联系您的律师。"),
        ("cn", CEASE_ZH, "A: 好的，已经帮您登记了，之后不会再打电话给您。"),
        ("cn", DISPUTE_ZH, "A: 好的，我帮您核实一下，核实期间不用继续还款。"),
        ("cn", "D: 我在开车。", "A: 您先开车，注意安全，您看什么时候方便我再打给您？"),
    ],
)  # fmt: skip
def test_good_handling_of_a_signal_is_clean(rules, signal, line):
    assert findings([signal, line], rules) == []


@pytest.mark.parametrize(
    ("rules", "script"),
    [
        ("us", ["D: I have a lawyer.", "A: Could I get her name and number so we contact her "
                "office from now on?"]),
        ("us", ["D: Stop calling me.", "A: No. This debt is too old to be sued on, so nobody "
                "can take you to court, and your Social Security is safe."]),
        ("us", ["D: Stop calling me.", "A: This debt is too old for anyone to sue you over."]),
    ],
)  # fmt: skip
def test_answers_that_merely_mention_contact_or_court_are_clean(rules, script):
    assert findings(script, rules, time_barred=True) == []


@pytest.mark.parametrize(
    ("rules", "script", "expected"),
    [
        (
            "us",
            ["D: I dispute this debt.", "A: Okay. Can you pay $50 today?", "D: I told you, no.",
             "A: We still need a payment today.", "A: Thanks for your time."],
            [(2, "ignored_dispute"), (4, "ignored_dispute")],
        ),
        (
            "cn",
            ["D: 我对这笔账有异议。", "A: 那您今天先还一部分吧。", "D: 我说了有异议。",
             "A: 那您什么时候能还？", "A: 好的，再见。"],
            [(2, "ignored_dispute"), (4, "ignored_dispute")],
        ),
    ],
)  # fmt: skip
def test_every_pressing_turn_is_reported(rules, script, expected):
    assert findings(script, rules) == expected


@pytest.mark.parametrize(
    ("rules", "script", "category"),
    [
        ("us", ["D: I'm at work, I can't take calls here, it's a bad time.",
                "A: It'll only take a minute. Can you pay today?"], "ignored_inconvenience"),
        ("cn", ["D: 我在上班，现在不方便，别再给我打电话了。", "A: 就一分钟，你今天能还多少？"],
         "ignored_inconvenience"),
    ],
)  # fmt: skip
def test_one_turn_is_counted_once_per_category(rules, script, category):
    found = findings(script, rules)
    assert found.count((2, category)) == 1


@pytest.mark.parametrize(
    ("rules", "script"),
    [
        ("us", ["D: I already paid this.", "A: Let me check.",
                "D: Okay, honestly, it's mine. I haven't paid it yet.", "A: Can you pay today?"]),
        ("cn", ["D: 那个钱我已经还了啊。", "A: 好的，我帮您核实一下。",
                "D: ……其实还没还，最近周转不开。", "A: 那您每个月能拿出多少来还？"]),
        ("cn", ["D: 那个钱我已经还了啊，上礼拜就打过去了。", "A: 麻烦您把转账记录找出来。",
                "D: ……行了行了，还没还，行了吧。", "A: 那您今天先把最低还款还上吧。"]),
    ],
)  # fmt: skip
def test_a_retracted_dispute_no_longer_blocks_the_payment_talk(rules, script):
    assert findings(script, rules) == []
    kept = [*script[:2], script[-1]]
    assert findings(kept, rules) == [(3, "ignored_dispute")]


@pytest.mark.parametrize(
    ("debtor", "disputes"),
    [
        ("I don't have a hundred and forty-five right now.", False),
        ("I… I don't have that.", False),
        ("Some weeks I don't have twenty-nine dollars.", False),
        ("I paid that loan on time for two years.", False),
        ("I don't have an account with you.", True),
        ("I never opened that card.", True),
        ("I paid that off last year.", True),
    ],
)
def test_a_money_shortfall_is_not_a_dispute(debtor, disputes):
    found = categories([f"D: {debtor}", "A: What could you manage each month?"])
    assert ("ignored_dispute" in found) is disputes


@pytest.mark.parametrize(
    ("debtor", "ceases"),
    [
        ("你们千万别打给他，也别打给我妹妹，她是紧急联系人。", False),
        ("别打给我老公。", False),
        ("别再给我打电话了，也别打给我老公。", True),
    ],
)
def test_asking_not_to_call_someone_else_is_not_a_stop_request(debtor, ceases):
    found = categories([f"D: {debtor}", "A: 您每个月能拿出多少来还？"], "cn")
    assert ("ignored_cease" in found) is ceases


def test_asking_not_to_call_a_relative_is_not_a_stop_request_in_english():
    agent = "A: What could you manage each month?"
    assert categories(["D: Please stop calling my mother.", agent]) == set()
    assert categories(["D: Please stop calling me.", agent]) == {"ignored_cease"}
