"""Every compliance category, in both locales: a violation is found, a look-alike is not."""

from __future__ import annotations

import pytest

from simulator.scoring.compliance import check_transcript
from simulator.transcript.model import CallContext, Turn
from simulator.vocabulary import COMPLIANCE_CATEGORIES

READY = {"right_party_verified": True, "identified": True, "disclosure_given": True}
SPEAKER = {"A": "agent", "D": "debtor", "T": "third_party"}


def run(script: list[str], *, locale: str, rules: str, **context: bool) -> list:
    turns = [Turn(SPEAKER[line[0]], line[2:].strip()) for line in script]
    return check_transcript(turns, rules=rules, locale=locale, context=CallContext(**context))


# (category, locale, rules, context, violation script, clean look-alike script)
CASES = [
    (
        "disclosure_before_verification",
        "en-US",
        "us",
        {},
        [
            "A: Hi, this is Lee from Orion Recovery. I'm calling about the $900 you owe on your Visa."
        ],
        [
            "A: Hi, this is Lee from Orion Recovery. Am I speaking with Ana Ruiz?",
            "D: Yes, speaking.",
            "A: Thanks. I'm a debt collector; this is an attempt to collect a debt. Your Visa is past due.",
        ],
    ),
    (
        "disclosure_before_verification",
        "zh-CN",
        "cn",
        {},
        ["A: 您好，我是招商银行信用卡中心的客服，工号1234，我姓王。您的信用卡已经逾期了。"],
        [
            "A: 您好，我是招商银行信用卡中心的客服，工号1234，我姓王。请问是李强先生本人吗？",
            "D: 是我。",
            "A: 李先生您好，您的信用卡已经逾期了，想跟您沟通一下。",
        ],
    ),
    (
        "third_party_disclosure",
        "en-US",
        "us",
        {},
        [
            "A: Hi, this is Lee. Is Ana home?",
            "T: No, I'm her roommate.",
            "A: Tell her she still owes $900 on her card.",
        ],
        [
            "A: Hi, this is Lee. Is Ana home?",
            "T: No, I'm her roommate.",
            "A: Could you ask her to call Lee at 555-0100? Thanks.",
        ],
    ),
    (
        "third_party_disclosure",
        "zh-CN",
        "cn",
        {},
        [
            "A: 您好，我是招商银行信用卡中心的客服，工号1234，我姓王。请问李强在吗？",
            "T: 他不在，我是他同事。",
            "A: 麻烦转告他，他的信用卡已经逾期，让他赶紧还款。",
        ],
        [
            "A: 您好，我是招商银行信用卡中心的客服，工号1234，我姓王。请问李强在吗？",
            "T: 他不在，我是他同事。",
            "A: 好的，麻烦您转告他回个电话，谢谢。",
        ],
    ),
    (
        "threat_third_party_contact",
        "en-US",
        "us",
        READY,
        ["A: If you don't pay, I'll call your boss and tell him."],
        ["A: We won't contact your boss or your family about this."],
    ),
    (
        "threat_third_party_contact",
        "zh-CN",
        "cn",
        READY,
        ["A: 你再不还，我们就联系你单位领导。"],
        ["A: 您放心，我们不会联系您的单位和家人。"],
    ),
    (
        "threat_violence",
        "en-US",
        "us",
        READY,
        ["A: We know where you live, so you'd better pay."],
        ["A: Nobody is coming to your house; we only talk by phone."],
    ),
    (
        "threat_violence",
        "zh-CN",
        "cn",
        READY,
        ["A: 再不还钱，小心我找人收拾你。"],
        ["A: 您别担心，没有人会上门找您，我们只通过电话沟通。"],
    ),
    (
        "threat_arrest_or_seizure",
        "en-US",
        "us",
        READY,
        ["A: If you don't pay by Friday you will be arrested."],
        ["A: You will not be arrested; owing money is not a crime."],
    ),
    (
        "threat_arrest_or_seizure",
        "zh-CN",
        "cn",
        READY,
        ["A: 你再不还就等着坐牢吧。"],
        ["A: 信用卡逾期不会坐牢，您不用担心。"],
    ),
    (
        "threat_legal_action",
        "en-US",
        "us",
        READY,
        ["A: We're going to sue you next week."],
        ["A: There are no plans to sue you; let's find a plan."],
    ),
    (
        "threat_legal_action",
        "zh-CN",
        "cn",
        READY,
        ["A: 今天不还，明天我们就去法院起诉你。"],
        ["A: 目前没有起诉您的计划，我们先商量还款方案。"],
    ),
    (
        "abusive_language",
        "en-US",
        "us",
        READY,
        ["A: Pay your bills, you deadbeat."],
        ["A: I'd never call you a deadbeat; life happens."],
    ),
    (
        "abusive_language",
        "zh-CN",
        "cn",
        READY,
        ["A: 你就是个老赖。"],
        ["A: 我们不会把您当成老赖，只是想帮您解决问题。"],
    ),
    (
        "false_affiliation",
        "en-US",
        "us",
        READY,
        ["A: This is Officer Hale with the sheriff's office."],
        ["A: We're not the police or a government agency; we're a collection company."],
    ),
    (
        "false_affiliation",
        "zh-CN",
        "cn",
        READY,
        ["A: 我是区法院执行局的，通知你配合执行。"],
        ["A: 我们不是法院也不是公安，是银行委托的催收机构。"],
    ),
    (
        "false_statement",
        "en-US",
        "us",
        READY,
        ["A: This will stay on your credit report forever."],
        ["A: Late payments may be reported to the credit bureaus."],
    ),
    (
        "false_statement",
        "zh-CN",
        "cn",
        READY,
        ["A: 你已经上了黑名单，一辈子都贷不了款。"],
        ["A: 逾期可能会影响您的征信，建议尽早处理。"],
    ),
    (
        "unauthorized_promise",
        "en-US",
        "us",
        READY,
        ["A: Pay $200 today and I'll waive the rest of the balance."],
        ["A: I can't waive anything, but I can set up a plan."],
    ),
    (
        "unauthorized_promise",
        "zh-CN",
        "cn",
        READY,
        ["A: 你今天还一半，剩下的全部给你减免。"],
        ["A: 减免需要向银行申请，我没办法当场答应您。"],
    ),
    (
        "induce_borrowing",
        "en-US",
        "us",
        READY,
        ["A: Just borrow it from your parents and pay us today."],
        ["A: Please don't borrow money to pay this; let's fit it to your budget."],
    ),
    (
        "induce_borrowing",
        "zh-CN",
        "cn",
        READY,
        ["A: 你找亲戚朋友借一下先还上。"],
        ["A: 我们不建议您借钱还款，按您的收入安排就好。"],
    ),
    (
        "unofficial_channel",
        "en-US",
        "us",
        READY,
        ["A: Send it to my personal Venmo and I'll mark it paid."],
        ["A: Please never send money to a personal account; use our website."],
    ),
    (
        "unofficial_channel",
        "zh-CN",
        "cn",
        READY,
        ["A: 你直接微信转给我就行。"],
        ["A: 请通过官方App还款，不要转给任何个人账户。"],
    ),
    (
        "unauthorized_fee",
        "en-US",
        "us",
        READY,
        ["A: There's a $25 processing fee for paying by phone."],
        ["A: There's no fee for paying by phone."],
    ),
    (
        "unauthorized_fee",
        "zh-CN",
        "cn",
        READY,
        ["A: 办分期要先交500块的手续费。"],
        ["A: 办理分期不收取额外手续费。"],
    ),
    (
        "harassment",
        "en-US",
        "us",
        READY,
        ["A: We'll keep calling you every day until you pay."],
        ["A: I'll call you once next Tuesday, as we agreed."],
    ),
    (
        "harassment",
        "zh-CN",
        "cn",
        READY,
        ["A: 你不还，我们就天天给你打电话。"],
        ["A: 我们不会频繁打扰您，约好时间再联系。"],
    ),
    (
        "missing_identification",
        "en-US",
        "us",
        {},
        ["A: Is this Ana Ruiz?", "D: Yes. Who is this?", "A: Doesn't matter who I am."],
        [
            "A: Is this Ana Ruiz?",
            "D: Yes. Who is this?",
            "A: This is Lee Park from Orion Recovery.",
        ],
    ),
    (
        "missing_identification",
        "zh-CN",
        "cn",
        {},
        ["A: 是李强吗？", "D: 是我，你哪位？", "A: 你别管我是谁。"],
        [
            "A: 是李强吗？",
            "D: 是我，你哪位？",
            "A: 我是招商银行信用卡中心的客服，工号1234，我姓王。",
        ],
    ),
    (
        "missing_mini_miranda",
        "en-US",
        "us",
        {"right_party_verified": True, "identified": True},
        ["A: You owe $900. When can you pay?"],
        ["A: This is an attempt to collect a debt by a debt collector. You owe $900."],
    ),
    (
        "missing_mini_miranda",
        "zh-CN",
        "us",
        {"right_party_verified": True, "identified": True},
        ["A: 您欠我们900美元，什么时候能还？"],
        ["A: 需要告知您，我们是债务催收机构，本次通话是为了催收债务。您欠我们900美元。"],
    ),
    (
        "ignored_attorney",
        "en-US",
        "us",
        READY,
        ["D: I have a lawyer handling this.", "A: Fine, but can you pay something today?"],
        ["D: I have a lawyer handling this.", "A: Could I get your lawyer's name and number?"],
    ),
    (
        "ignored_attorney",
        "zh-CN",
        "cn",
        READY,
        ["D: 我已经请了律师。", "A: 请律师也得还钱，今天能还多少？"],
        ["D: 我已经请了律师。", "A: 好的，麻烦提供一下律师的联系方式，我们以后跟律师沟通。"],
    ),
    (
        "ignored_cease",
        "en-US",
        "us",
        READY,
        ["D: Stop calling me.", "A: I will once you make a payment today."],
        [
            "D: Stop calling me.",
            "A: Understood, I've noted it. You can also send the request in writing.",
        ],
    ),
    (
        "ignored_cease",
        "zh-CN",
        "cn",
        READY,
        ["D: 别再给我打电话了。", "A: 那你今天先还一部分。"],
        ["D: 别再给我打电话了。", "A: 好的，已为您登记，您也可以书面提出。"],
    ),
    (
        "ignored_dispute",
        "en-US",
        "us",
        READY,
        ["D: That's not my debt.", "A: It is. You need to pay it today."],
        ["D: That's not my debt.", "A: I've recorded your dispute and we'll send verification."],
    ),
    (
        "ignored_dispute",
        "zh-CN",
        "cn",
        READY,
        ["D: 这笔钱不是我借的。", "A: 系统显示是你的，你必须还。"],
        ["D: 这笔钱不是我借的。", "A: 好的，我先登记您的异议，核实期间暂停催收。"],
    ),
    (
        "ignored_inconvenience",
        "en-US",
        "us",
        READY,
        ["D: I'm driving, call me later.", "A: It'll only take a minute. Can you pay today?"],
        ["D: I'm driving, call me later.", "A: Sure, when is a better time to call back?"],
    ),
    (
        "ignored_inconvenience",
        "zh-CN",
        "cn",
        READY,
        ["D: 我在开会，不方便。", "A: 就一分钟，你今天能还多少？"],
        ["D: 我在开会，不方便。", "A: 好的，您看几点方便，我再打给您。"],
    ),
]


def test_every_category_is_covered_in_both_locales():
    covered = {(c[0], c[1]) for c in CASES}
    assert covered == {(cat, loc) for cat in COMPLIANCE_CATEGORIES for loc in ("en-US", "zh-CN")}


@pytest.mark.parametrize(("category", "locale", "rules", "context", "bad", "good"), CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in CASES])  # fmt: skip
def test_violation_found_and_look_alike_clean(category, locale, rules, context, bad, good):
    violation = run(bad, locale=locale, rules=rules, **context)
    assert category in {f.category for f in violation}
    flagged = next(f for f in violation if f.category == category)
    assert flagged.rule.startswith(rules.upper())
    assert flagged.turn == len(bad)
    assert flagged.evidence and flagged.evidence in bad[-1]
    assert run(good, locale=locale, rules=rules, **context) == []
