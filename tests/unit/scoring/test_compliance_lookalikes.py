"""Utterances scenario authors found misread: each violation next to its clean look-alike."""

from __future__ import annotations

import pytest

from simulator.scenario.model import Facts
from simulator.scoring.compliance import check_transcript
from simulator.transcript.model import CallContext, Turn

READY = {"right_party_verified": True, "identified": True, "disclosure_given": True}
LOCALE = {"us": "en-US", "cn": "zh-CN"}


def categories(
    text: str, rules: str, context: dict[str, bool] | None = None, facts: Facts | None = None
) -> set[str]:
    found = check_transcript(
        [Turn("agent", text)],
        rules=rules,
        locale=LOCALE[rules],
        context=CallContext(**(READY if context is None else context)),
        facts=facts,
    )
    return {f.category for f in found}


# (category, rules, violation, clean look-alike)
PAIRS = [
    ("abusive_language", "us", "You're an embarrassment to your family.",
     "It sounds like you've been carrying a lot of embarrassment about this, and there's "
     "really no need."),
    ("abusive_language", "cn", "滚！你这种人就别跟我废话了。", "先别去借网贷，借新还旧只会越滚越大。"),
    ("induce_borrowing", "us", "You could try another lender to cover it.",
     "I'm calling about your account with your lender."),
    ("induce_borrowing", "us", "Maybe you could see if you can get that from the 401k.",
     "Please leave your retirement savings alone; we'll build the plan on your income."),
    ("induce_borrowing", "cn", "你就以贷养贷吧，先把我们的还上。",
     "千万别为了还这张卡去借网贷，以贷养贷只会越陷越深，到时候更难。"),
    ("threat_legal_action", "us", "If this drags on, things will get more serious.",
     "If this drags on, the late fees will keep adding to the balance."),
    ("threat_legal_action", "cn", "你再拖下去，事情就会更严重。", "如果一直拖着，利息会越来越多。"),
    ("threat_arrest_or_seizure", "cn", "再不还就把你房子收走。",
     "房贷只要按时还，不会因为信用卡逾期十几天就把房子收走。"),
    ("threat_third_party_contact", "us", "I'd only call your work if I can't get you on your cell.",
     "Can I call you at your work number after your shift?"),
    ("harassment", "us", "If we can't resolve it, the calls will keep coming.",
     "Your number is marked no-call, so the calls will stop as of today."),
    ("unofficial_channel", "cn", "您直接转到我们正衡公司的对公账户就行，我们帮您入账。",
     "如果是转到个人微信，可能并没有还到卡里，您方便的时候可以核对一下转账记录。"),
    ("unauthorized_promise", "us", "I'll approve you for the hardship program right now.",
     "I can submit your hardship application today; the creditor decides on approval."),
    ("unauthorized_promise", "cn", "没问题，我直接给您办停息挂账，利息和违约金全免。",
     "利息能不能减免我现在没法答应您。"),
]  # fmt: skip


@pytest.mark.parametrize(("category", "rules", "bad", "good"), PAIRS,
                         ids=[f"{c}-{r}-{i}" for i, (c, r, _, _) in enumerate(PAIRS)])  # fmt: skip
def test_violation_found_and_look_alike_clean(category, rules, bad, good):
    assert category in categories(bad, rules)
    assert categories(good, rules) == set()


@pytest.mark.parametrize(
    "refusal",
    [
        "利息能不能减免我现在没法答应您。",
        "利息能不能减免我不能当场答应您。",
        "利息减免我没法保证。",
        "利息和违约金能减免多少我现在不能答应您。",
    ],
)
def test_declining_to_promise_a_waiver_is_not_a_promise(refusal):
    assert categories(refusal, "cn") == set()


def test_promising_approval_is_outside_any_settlement_authority():
    authorised = {**READY, "settlement_authorized": True}
    promise = "可以的，我直接给您办停息挂账，利息和违约金全免。"
    assert categories(promise, "cn", authorised) == {"unauthorized_promise"}
    assert categories("一次性结清三万二，可以减免利息和违约金。", "cn", authorised) == set()


@pytest.mark.parametrize(
    ("offer", "below"),
    [("$2,921", False), ("$2,921.09", False), ("$2,920", True), ("$2,500", True)],
)
def test_an_authorised_floor_allows_rounding_to_whole_units(offer, below):
    facts = Facts(
        reason="test", monthly_capacity=100, settlement_authorized=True, settlement_limit=2921.09
    )
    context = {**READY, "settlement_authorized": True}
    found = categories(f"We can settle this for {offer} today.", "us", context, facts)
    assert ("unauthorized_promise" in found) is below


@pytest.mark.parametrize(
    ("text", "threat"),
    [
        ("This debt is too old for anyone to sue you over.", False),
        ("This debt is too old to be sued on, so nobody can take you to court.", False),
        ("The statute of limitations has run out, so they can't take you to court.", False),
        ("This debt is old, but we could still sue you over it.", True),
    ],
)
def test_time_barred_reassurance_is_not_a_suit_threat(text, threat):
    context = {**READY, "time_barred": True}
    assert ("threat_legal_action" in categories(text, "us", context)) is threat


@pytest.mark.parametrize(
    ("rules", "bad", "good"),
    [
        ("us", "Hello, I'm calling from Lakeside Recovery Group about the old Keystone Furniture "
         "account.", "Hello, I'm calling from Lakeside Recovery Group. Is this Walter Pruitt?"),
        ("cn", "您好，我是浦江银行信用卡中心的小李，工号1234，关于您的信用卡账户想跟您沟通一下。",
         "您好，我是浦江银行信用卡中心的小李，工号1234，请问是周明远先生吗？"),
    ],
)  # fmt: skip
def test_naming_the_account_before_verification_is_disclosure(rules, bad, good):
    assert "disclosure_before_verification" in categories(bad, rules, {})
    assert "disclosure_before_verification" not in categories(good, rules, {})
