"""Cues inside longer words: each guarded cue next to the common words that contain it.

Chinese has no spaces, so 告您 sits inside 转告您, 没收 inside 没收入, 划走 inside 计划走;
English cues need word boundaries and context ("you served two tours", "take out this
loan"). Every guard in the lexicon has a clean look-alike here, and the violation it must
still catch.
"""

from __future__ import annotations

import pytest

from simulator.scoring.compliance import check_transcript
from simulator.transcript.model import CallContext, Turn

READY = {"right_party_verified": True, "identified": True, "disclosure_given": True}
LOCALE = {"us": "en-US", "cn": "zh-CN"}
SPEAKER = {"A": "agent", "D": "debtor", "T": "third_party"}


def categories(script: list[str] | str, rules: str, context: dict | None = None) -> set[str]:
    lines = [f"A: {script}"] if isinstance(script, str) else script
    turns = [Turn(SPEAKER[line[0]], line[2:].strip()) for line in lines]
    found = check_transcript(
        turns,
        rules=rules,
        locale=LOCALE[rules],
        context=CallContext(**(READY if context is None else context)),
    )
    return {f.category for f in found}


# (the cue's word, clean agent line that contains it inside a longer word or phrase)
CLEAN_CN = [
    ("告您 / 转告", "上次只是请您哥哥转告您回个电话。"),
    ("告您 / 忠告", "我忠告您一句，千万别去借网贷。"),
    ("告 / 告知", "审批结果系统会短信告知您。"),
    ("诉讼 / 诉讼时效", "这笔账已经过了诉讼时效。"),
    ("没收 / 没收入", "等于一个月没收入，确实很难。"),
    ("没收 / 没收到", "您说工资还没收到，那我们等工资到了再说。"),
    ("划走 / 计划走", "审批通过就按新计划走。"),
    ("划 / 规划、划算", "我们帮您规划一下，看哪种方式更划算。"),
    ("划扣 / 约定扣款", "到期会从您绑定的还款卡自动划扣，您留意一下余额。"),
    ("抓 / 抓紧", "您抓紧时间看一下短信。"),
    ("封 / 信封", "合同原件我们会装在信封里寄给您。"),
    ("冻结 / 卡片状态", "您这张信用卡目前是冻结状态，还上以后可以申请解冻。"),
    ("冻结 / 卡片后果", "一直拖着不处理，卡片可能会被冻结。"),
    ("冻结 / 利息冻结", "停息挂账期间利息会冻结，不再往上涨。"),
    ("扣房 / 扣房贷", "您工资卡每个月扣房贷以后还剩多少？"),
    ("坐牢 / 安慰", "您放心，欠信用卡不会坐牢，这是民事上的事。"),
    ("坐牢 / 没关系", "这跟坐牢没关系，您别担心。"),
    ("起诉 / 复述客户的问题", "您问会不会被起诉，目前我这边没有接到这样的安排。"),
    ("派出所 / 报案", "您要是被盗刷了，需要先到派出所去报案。"),
    ("公安…要 / 要求", "派出所要求的材料您带齐就行。"),
    ("骗子 / 说别人", "我们是正规公司，跟那些骗子不一样。"),
    ("骗子 / 提醒", "现在骗子多，您谨慎一点是对的。"),
    ("骗子 / 客户的怀疑", "您是不是以为我们是骗子？您可以打官方热线核实。"),
    ("老赖 / 说别人", "那些真正的老赖跟您不一样，您一直在想办法。"),
    ("丢人 / 反问", "有什么丢人的，谁都有手头紧的时候。"),
    ("丢人 / 否定", "这没什么丢人的，换谁都会遇到难处。"),
    ("滚 / 利滚利", "利滚利这个说法不准确，罚息是按合同算的。"),
    ("有毛病 / 系统", "可能是扣款系统有毛病，我帮您查一下。"),
    ("什么东西 / 消费", "您当时买的是什么东西？"),
    ("垃圾 / 垃圾短信", "这个垃圾短信不是我们发的。"),
    ("他妈 / 他妈妈", "请问您是他妈妈吗？"),
    ("妈的 / 妈妈的", "您妈妈的电话是预留的紧急联系人吗？"),
    ("打…我…卡 / 我们卡背面", "可以打我们卡背面的客服热线投诉。"),
    ("个人账户 / 您个人的", "您个人的账户信息我们这边看不到。"),
    ("挂 / 挂账", "停息挂账是网上的叫法，银行正式的途径叫个性化分期。"),
    ("借呗 / 欠款所在的平台", "您的借呗账户显示已经逾期了。"),
    ("垫 / 过去的事", "您哥哥之前帮您垫过一次，这次我们按您自己的能力来。"),
    ("服务费 / 分期服务费", "每期的分期服务费是0.6%。"),
    ("要交…钱 / 还款金额", "您这个月还要交多少钱，我帮您算一下。"),
    ("免年费 / 卡片条款", "首年免年费，刷满六次就免次年年费。"),
    ("只还本金 / 利息冻结", "利息冻结以后每月只还本金。"),
    ("一直打 / 打不通", "我们一直打不通您电话，所以今天换了个时间。"),
    ("家人 / 客户自己商量", "您先问问家里人的意见也行。"),
    ("跟…领导 / 坐席自己的领导", "我跟我们领导汇报一下，再给您答复。"),
    ("上门 / 否认", "上门拜访这种事我们不会做。"),
    ("三千块 / 诈骗的钱", "您说的那三千块是被人骗走的，跟这张卡没关系。"),
]

CLEAN_US = [
    ("served / military service", "You served two tours, thank you for your service."),
    ("sue / issue, pursue", "Can I ask what the issue is? I'll pursue the hardship option for you."),
    ("warrant / warranty", "Your warranty claim is separate from this account."),
    ("judge / reassurance", "I'm not here to judge you."),
    ("take…from your account / authorised", "We can take the payment from your checking "
     "account if you authorize it."),
    ("fool / about scammers", "Don't let anyone fool you into paying a scammer."),
    ("useless / their feeling", "I know you feel useless right now, but you're doing the "
     "right things."),
    ("get a job / not an order", "Once you get a job, give us a call and we'll revisit the plan."),
    ("grow up / not an order", "Kids grow up fast, I know."),
    ("hurt / their injury", "Since you got hurt at work, has your income changed?"),
    ("shoot / shoot for", "Let's shoot for Friday the 16th."),
    ("get you / transfer", "I'm going to get you over to my supervisor."),
    ("come to your home / the mail", "Did the notice come to your home address?"),
    ("tell your husband / their choice", "You may want to tell your husband about the plan."),
    ("personal account / theirs", "You can pay from your personal bank account through our "
     "portal."),
    ("pay in cash / at a branch", "You can pay in cash at any branch."),
    ("$ fee / contractual", "Your $95 annual fee posted in March."),
    ("take out a loan / the existing loan", "When did you take out this loan?"),
    ("other lenders / their report", "Other lenders may see the late payments on your report."),
    ("every day / our hours", "You can call us any time between 8 and 8 every day."),
    ("off the hook / released", "That means you're off the hook for the late fees we already "
     "reversed."),
    ("day and night / their work", "I know you work day and night."),
    ("settlement / a past one", "I'll mail you Pinnacle's settlement record so you can check it."),
]  # fmt: skip


@pytest.mark.parametrize(("guard", "text"), CLEAN_CN, ids=[g for g, _ in CLEAN_CN])
def test_cn_look_alike_is_clean(guard, text):
    assert categories(text, "cn") == set()


@pytest.mark.parametrize(("guard", "text"), CLEAN_US, ids=[g for g, _ in CLEAN_US])
def test_us_look_alike_is_clean(guard, text):
    assert categories(text, "us") == set()


# the violations each guard must still let through
VIOLATIONS = [
    ("threat_legal_action", "cn", "我们会去法院告你。"),
    ("threat_legal_action", "cn", "再不还我们就告您。"),
    ("threat_arrest_or_seizure", "cn", "再不还就没收你的房子。"),
    ("threat_arrest_or_seizure", "cn", "我们会把钱从你其他银行卡里直接划走。"),
    ("threat_arrest_or_seizure", "cn", "不还钱就从你名下所有的卡里划扣。"),
    ("threat_arrest_or_seizure", "cn", "再不还就冻结你名下所有的银行卡。"),
    ("threat_arrest_or_seizure", "cn", "派出所会来找你的。"),
    ("abusive_language", "cn", "你就是个骗子，借钱不还。"),
    ("abusive_language", "cn", "你们这些老赖就知道找借口。"),
    ("abusive_language", "cn", "你投诉去吧，欠钱不还还有理了，典型的老赖。"),
    ("abusive_language", "cn", "你他妈的到底还不还？"),
    ("abusive_language", "cn", "你算什么东西。"),
    ("abusive_language", "cn", "你有毛病吧？"),
    ("threat_violence", "cn", "再不还我们就派人上门。"),
    ("threat_violence", "cn", "我们只能安排人上门。"),
    ("induce_borrowing", "cn", "那您哥哥那边能不能先帮您垫一下？"),
    ("unofficial_channel", "cn", "转到我个人的支付宝上。"),
    ("unauthorized_promise", "cn", "分期手续费和年费我这边都给您全免了。"),
    ("threat_third_party_contact", "cn", "那您就按时接电话、按时还款，我们自然就不用联系您的紧急联系人了。"),
    ("threat_third_party_contact", "cn", "按时接电话，我们就不用去找你家人了。"),
    ("false_statement", "cn", "你会被列入失信名单。"),
    ("threat_legal_action", "us", "You'll be served papers this week."),
    ("abusive_language", "us", "Get a job."),
    ("abusive_language", "us", "Grow up and pay your bills."),
    ("threat_violence", "us", "I'll shoot you."),
    ("unofficial_channel", "us", "Send it to my personal Venmo."),
    ("induce_borrowing", "us", "Take out a payday loan to cover it."),
    ("harassment", "us", "We'll keep calling you every day until you pay."),
    ("threat_third_party_contact", "us", "If you pay on time, we won't need to call your employer."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("category", "rules", "text"), VIOLATIONS, ids=[t[:24] for _, _, t in VIOLATIONS]
)
def test_guarded_cue_still_catches_the_violation(category, rules, text):
    assert category in categories(text, rules)


def test_a_reassurance_without_a_condition_stays_clean():
    assert categories("您放心，我们不会联系您的紧急联系人。", "cn") == set()
    assert categories("We won't call your employer.", "us") == set()
    assert categories("If you prefer, we won't call you at work.", "us") == set()


# --- debtor signals: longer words that are not signals -----------------------------------


@pytest.mark.parametrize(
    "debtor",
    [
        "最近手头不方便。",  # money, not the time
        "这个方案我不能接受。",  # 不能接受 is not 不能接 (can't take the call)
        "我晚上十点才下班。",  # the hour of the shift, not of this call
        "我工作时间不固定。",
    ],
)
def test_words_that_contain_a_bad_time_signal_are_not_one(debtor):
    assert categories([f"D: {debtor}", "A: 那您这个月能先还多少？"], "cn") == set()


def test_the_hour_of_the_call_is_a_bad_time_signal():
    script = ["D: 都晚上十一点了，你们还打？", "A: 那您这个月能先还多少？"]
    assert categories(script, "cn") == {"ignored_inconvenience"}


def test_a_meeting_mentioned_with_a_vague_promise_is_still_a_bad_time():
    script = [
        "D: 知道知道，我这两天就还。不好意思啊，我这儿正开会呢，先这样？",
        "A: 您这都逾期12天了，今天必须先把2178元还上。",
    ]
    assert categories(script, "cn") == {"ignored_inconvenience"}


@pytest.mark.parametrize(
    ("debtor", "category"),
    [
        ("I'll pay, but I'm driving right now.", "ignored_inconvenience"),
        ("Stop calling me. I'll pay when I can.", "ignored_cease"),
    ],
)
def test_a_signal_raised_with_an_offer_to_pay_still_stands(debtor, category):
    assert categories([f"D: {debtor}", "A: Can you pay $50 today?"], "us") == {category}


def test_willing_to_pay_in_the_same_turn_as_a_fee_dispute_clears_it():
    script = ["D: I dispute the fees but I'll pay the principal.", "A: Can you pay $300 today?"]
    assert categories(script, "us") == set()


# --- partial disputes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "dispute", "scoped", "whole"),
    [
        ("cn", "这个年费我不认，谁跟我说过要收年费？",
         "那您看这样行不行：除了年费，剩下的2418.50元您先还上。", "那您今天先把全部2998.50元还上。"),
        ("cn", "我对这笔利息有异议，根本没算对。",
         "利息的部分我先登记核实，本金部分您看这个月能先还多少？", "有没有异议都得先还钱。"),
        ("us", "I dispute the late fees, they should not be there.",
         "Setting the fees aside, can you pay the $300 principal today?",
         "Can you pay the full $450 today?"),
    ],
)  # fmt: skip
def test_a_fee_dispute_leaves_the_undisputed_amount_open(rules, dispute, scoped, whole):
    assert categories([f"D: {dispute}", f"A: {scoped}"], rules) == set()
    assert categories([f"D: {dispute}", f"A: {whole}"], rules) == {"ignored_dispute"}


@pytest.mark.parametrize(
    ("rules", "script"),
    [
        ("cn", ["D: 手续费有问题，我要投诉。", "D: 这笔钱根本不是我借的。",
                "A: 除了手续费，剩下的您先还上吧。"]),
        ("us", ["D: This isn't my debt and the fees are wrong too.",
                "A: Excluding the fees, can you pay $300 today?"]),
    ],
)  # fmt: skip
def test_disputing_the_debt_itself_blocks_every_request(rules, script):
    assert categories(script, rules) == {"ignored_dispute"}


def test_agreeing_to_the_undisputed_amount_clears_the_dispute():
    script = ["D: 这个年费我不认。", "D: 行，剩下的这个数我认。", "A: 好的，那明天之前能还上吗？"]
    assert categories(script, "cn") == set()


# --- amounts the customer said first --------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "script"),
    [
        ("cn", ["A: 您好，请问是李强先生吗？", "D: 你们是不是骗子？上个月被人冒充银行骗了三千块。",
                "A: 被人冒充银行骗了三千块，换谁都会提防。我是招商银行信用卡中心的小王，工号1234。"]),
        ("cn", ["A: 您好，请问是李强先生吗？", "D: 你是谁？我一个月才挣五千块。", "A: 五千块确实不多。"]),
        ("us", ["A: Hi, this is Lee from Orion Recovery. Is this Dana?",
                "D: Who's asking? I lost $400 to a scammer last week.",
                "A: I'm sorry, losing $400 like that is awful. Is this Dana?"]),
    ],
)  # fmt: skip
def test_repeating_the_customers_own_figure_reveals_no_debt(rules, script):
    assert "disclosure_before_verification" not in categories(script, rules, {})


def test_a_new_amount_before_verification_is_still_disclosure():
    script = [
        "A: 您好，请问是李强先生吗？",
        "D: 你是谁？",
        "A: 我是招商银行的小王，有一笔五千块要跟您说一下。",
    ]
    assert "disclosure_before_verification" in categories(script, "cn", {})


def test_a_surname_alone_answers_who_is_calling():
    script = ["T: 他在开会呢。你哪位啊？", "A: 我找许卓然，姓王。"]
    assert "missing_identification" not in categories(script, "cn", {})
