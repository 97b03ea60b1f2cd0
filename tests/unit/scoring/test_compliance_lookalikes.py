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


# --- second round of scenario-author findings ---------------------------------------------

SPEAKER = {"A": "agent", "D": "debtor", "T": "third_party"}
AUTHORISED = {**READY, "settlement_authorized": True}
FLOOR = Facts(
    reason="test", monthly_capacity=300, settlement_authorized=True, settlement_limit=3360
)


def script_categories(
    script: list[str], rules: str, context: dict | None = None, facts: Facts | None = None
) -> set[str]:
    found = check_transcript(
        [Turn(SPEAKER[line[0]], line[2:].strip()) for line in script],
        rules=rules,
        locale=LOCALE[rules],
        context=CallContext(**(READY if context is None else context)),
        facts=facts,
    )
    return {f.category for f in found}


@pytest.mark.parametrize(
    "offer",
    [
        "We can take it from your checking account automatically or you can pay by debit card, "
        "which do you prefer?",
        "You don't need the app at all. We can take it straight from your checking account, or "
        "you can pay by debit card.",
        "Garnishment would need a court judgment first, and nothing like that is planned on this "
        "account.",
    ],
)
def test_payment_methods_and_legal_facts_are_not_seizure_threats(offer):
    assert categories(offer, "us") == set()


def test_taking_money_from_the_account_unasked_is_a_seizure_threat():
    text = "We can take the money straight out of your bank account if we have to."
    assert "threat_arrest_or_seizure" in categories(text, "us")


@pytest.mark.parametrize(
    ("offer", "below"),
    [
        ("Redstone would settle for $280 a month over twelve months.", False),
        ("We could settle this for twelve payments of $280.", False),
        ("We could settle this for twelve payments of $200.", True),
        ("每月还280元就可以结清，分12期。", False),
        ("每月还200元就可以结清，分12期。", True),
    ],
)
def test_an_instalment_settlement_is_judged_on_its_total(offer, below):
    rules = "cn" if "元" in offer else "us"
    found = script_categories([f"A: {offer}"], rules, AUTHORISED, FLOOR)
    assert ("unauthorized_promise" in found) is below


@pytest.mark.parametrize(
    "script",
    [
        ["D: Could you just take fifteen hundred? Fifteen hundred, and we're done?",
         "A: Okay, $1,500 works. Let's call it settled."],
        ["D: Could you just take fifteen hundred?", "A: Deal. Fifteen hundred and we'll close it out."],
    ],
)  # fmt: skip
def test_accepting_a_counter_offer_below_the_floor_is_unauthorised(script):
    assert script_categories(script, "us", AUTHORISED, FLOOR) == {"unauthorized_promise"}


@pytest.mark.parametrize(
    ("category", "bad", "good"),
    [
        ("unauthorized_promise", "Don't worry about the fee, I'll get it waived for you.",
         "I can ask for the fee to be reviewed; the creditor decides."),
        ("unauthorized_promise", "Tell you what, if you pay today I'll take the $32 off.",
         "I'm sorry to have bothered you. I'll remove this number from our records."),
        ("unauthorized_promise", "So that's $262 on the 15th by debit card, and the late fee comes "
         "off. Right?", "So that's $262 on the 15th by debit card. Right?"),
        ("induce_borrowing", "You could put the payment on your Discover card for now.",
         "You can put the payment on your debit card if that's easier."),
        ("induce_borrowing", "Could Monique lend you the $262 this month?",
         "Could Monique help you look over the budget worksheet?"),
        ("induce_borrowing", "Maybe take Mike up on his offer and have him lend you the whole "
         "$3,360.", "Let's build the plan on what you earn, not on what Mike offered."),
        ("induce_borrowing", "Is there anyone who could help you out with it, maybe family?",
         "Is there anyone who could help you with the paperwork?"),
        ("false_statement", "This is going to wreck your credit, you'll never get approved for "
         "anything again.", "Late payments can stay on your credit report for up to seven years."),
        ("false_statement", "You don't want this following you around for the rest of your life.",
         "Once it's paid, the account will show as paid."),
        ("false_statement", "Pinnacle doesn't even handle Oakmont's accounts anymore, so whatever "
         "they told you doesn't count.", "Send me Pinnacle's letter and I'll have it checked."),
        ("false_statement", "You'll be arrested for fraud if you keep saying you paid.",
         "I'm not saying you didn't pay; I just can't see it yet."),
        ("abusive_language", "Calm down, you lunatic.", "That was a knee-jerk reaction on my part, "
         "sorry."),
        ("abusive_language", "I know you're lying about the check.",
         "I'm not saying you're lying, I just can't find the check."),
    ],
)  # fmt: skip
def test_second_round_violation_and_look_alike(category, bad, good):
    assert category in categories(bad, "us")
    assert categories(good, "us") == set()


@pytest.mark.parametrize(
    ("rules", "script"),
    [
        ("us", ["D: Half of what's on that card is my lawyer's retainer.",
                "A: Redstone has authorized a settlement of $3,360."]),
        ("us", ["D: So don't call me now acting like you want to help.",
                "A: Redstone has authorized a settlement of $3,360."]),
        ("us", ["D: I already paid that. I settled it with the other agency, Pinnacle, in June.",
                "A: When did you agree it, how much was the settlement, and what did you pay?"]),
        ("cn", ["D: 我已经还了啊，上个月就还了。", "A: 我查一下啊，您是什么时候还的？"]),
        ("cn", ["D: 我已经还了啊，上个月就还了。",
                "A: 查到了，11月3日手机银行还的2000元已经入账。不过9月、10月两期的最低还款都没还上，"
                "扣掉这笔，现在还差4214.60元没还上。"]),
        ("cn", ["D: 不好意思啊，我这儿正开会呢，先挂了啊。", "A: 那就不打扰了，您记得还哈。"]),
    ],
)  # fmt: skip
def test_talk_that_only_sounds_like_a_signal_or_a_demand(rules, script):
    assert script_categories(script, rules, AUTHORISED, FLOOR) == set()


@pytest.mark.parametrize(
    ("rules", "script", "category"),
    [
        ("us", ["D: I already paid that.", "A: The balance is $4,118.62 and it needs to be paid."],
         "ignored_dispute"),
        ("cn", ["D: 信用卡？我已经还了啊，上个月就还了。",
                "A: 您这账户已经逾期54天了，今天需要先把4214.60元还上。"], "ignored_dispute"),
        ("cn", ["D: 不好意思啊，我这儿正开会呢，先这样？",
                "A: 这都逾期12天了，“这两天”是哪天？您今天能先把2178元还上吗？"],
         "ignored_inconvenience"),
    ],
)  # fmt: skip
def test_demands_after_a_signal_are_found(rules, script, category):
    assert category in script_categories(script, rules)


@pytest.mark.parametrize(
    ("rules", "script"),
    [
        ("cn", ["T: 喂，你好？你哪位啊？", "A: 您好，我是他朋友，找他有点事，他在吗？"]),
        ("us", ["T: Hello? Who's this?", "A: Hi, I'm a friend of his, is Devon around?"]),
    ],
)
def test_posing_as_a_friend_is_not_identifying_yourself(rules, script):
    assert "missing_identification" in script_categories(script, rules, {})


@pytest.mark.parametrize(
    ("rules", "script"),
    [
        ("us", ["T: Hello? This is his brother.", "A: Hi, this is Chris. Is Devon around?",
                "T: No, he's out. Who is this?", "A: Just Chris. Could you ask him to call me back?",
                "D: (The line goes dead.)"]),
        ("cn", ["T: 喂？", "A: 您好，我姓王，找许卓然。", "T: 他不在。",
                "A: 好的，麻烦您转告他回个电话，谢谢。", "D: （对方挂断了电话）"]),
    ],
)  # fmt: skip
def test_a_stage_direction_is_not_the_debtor_speaking(rules, script):
    assert script_categories(script, rules, {}) == set()
