"""Empathy markers, distress, call-level metrics and the N/A rule, in both locales."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator import vocabulary
from simulator.diagnostics import DiagnosticError
from simulator.scoring.empathy import (
    counts_as_question,
    distress_evidence,
    score_empathy,
    turn_markers,
)
from simulator.scoring.empathy.lexicon import cue_file, load_lexicon
from simulator.scoring.empathy.score import MIN_DEBTOR_TURNS, MIN_QUESTIONS
from simulator.transcript.model import Turn


def markers(agent: str, debtor: str | None, locale: str) -> set[str]:
    return {name for name, _ in turn_markers(agent, debtor, locale)}


def call(*pairs: tuple[str, str]) -> list[Turn]:
    return [Turn(speaker, text) for speaker, text in pairs]  # type: ignore[arg-type]


# --- turn markers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "debtor", "agent", "expected"),
    [
        (
            "en-US",
            "I lost my job and I'm scared.",
            "That sounds really frightening.",
            {"name_emotion"},
        ),
        (
            "en-US",
            "My hours got cut.",
            "So the shorter hours have left you short each month.",
            {"reflect"},
        ),
        ("en-US", "I forgot.", "What's been going on for you lately?", {"open_question"}),
        ("en-US", "I forgot.", "That's completely understandable.", {"validate"}),
        ("en-US", "I can't pay it all.", "Let's work out a plan together.", {"collaborate"}),
        ("en-US", "I want to fix this.", "Thank you for being honest with me.", {"affirm"}),
        ("en-US", "I forgot.", "You should have set a reminder.", {"blame"}),
        ("en-US", "The check is in the mail.", "Oh sure, how convenient.", {"sarcasm"}),
        ("zh-CN", "我失业了，压力特别大。", "这段时间您压力一定很大。", {"name_emotion"}),
        ("zh-CN", "我工资降了一半。", "也就是说您现在收入少了一半。", {"reflect"}),
        ("zh-CN", "我忘了。", "能跟我说说最近是什么情况吗？", {"open_question"}),
        ("zh-CN", "我忘了。", "这种情况很常见，可以理解。", {"validate"}),
        ("zh-CN", "我还不了全部。", "咱们一起商量一个方案。", {"collaborate"}),
        ("zh-CN", "说实话我拿去干别的了。", "谢谢您跟我说实话。", {"affirm"}),
        ("zh-CN", "我忘了。", "早干嘛去了？", {"blame"}),
        ("zh-CN", "钱在路上了。", "呵呵，您可真行。", {"sarcasm"}),
    ],
)
def test_each_marker_fires_on_a_plain_example(
    locale: str, debtor: str, agent: str, expected: set[str]
) -> None:
    assert markers(agent, debtor, locale) == expected


@pytest.mark.parametrize(
    ("locale", "debtor", "agent"),
    [
        ("en-US", "I lost my job and I'm terrified.", "When can you pay the $200?"),
        ("en-US", "My husband passed away last month.", "The account is 60 days past due."),
        ("zh-CN", "我失业了，真的快崩溃了。", "那您今天能还多少？"),
        ("zh-CN", "我妈住院了，钱都花在医院了。", "您的欠款是八千元，什么时候处理？"),
    ],
)
def test_ignoring_distress_is_dismissive(locale: str, debtor: str, agent: str) -> None:
    assert markers(agent, debtor, locale) == {"dismiss_distress"}


@pytest.mark.parametrize(
    ("locale", "agent"),
    [
        ("en-US", "I understand, but we need the payment today or it goes to legal."),
        ("en-US", "I hear you, however the balance is still due by Friday."),
        ("zh-CN", "我理解您的情况，但是今天必须还款。"),
        ("zh-CN", "明白，不过逾期还是要处理的。"),
    ],
)
def test_hollow_understanding_counts_as_dismissal_even_without_distress(
    locale: str, agent: str
) -> None:
    # The "but" takes the acknowledgement back: no validate, one dismiss_distress.
    assert markers(
        agent, "I'll pay next month." if locale == "en-US" else "下个月再还。", locale
    ) == {"dismiss_distress"}


@pytest.mark.parametrize(
    ("locale", "debtor", "agent", "absent"),
    [
        ("en-US", "I feel awful.", "It's not your fault, these things happen.", "blame"),
        ("en-US", "I can pay Friday.", "Great, I'll note Friday.", "sarcasm"),
        (
            "en-US",
            "So $50 on the 1st?",
            "Yes, $50 on the 1st of each month by debit card.",
            "reflect",
        ),
        ("zh-CN", "这不是我的错吧？", "这不是您的错，很多客户都遇到过。", "blame"),
        ("zh-CN", "那就每月一千？", "对的，每月一千元，十月一号开始。", "reflect"),
        ("zh-CN", "我有点着急。", "您先别着急，我们一起想办法。", "name_emotion"),
    ],
)
def test_clean_look_alikes_do_not_fire(locale: str, debtor: str, agent: str, absent: str) -> None:
    assert absent not in markers(agent, debtor, locale)


def test_acknowledging_distress_in_any_positive_way_is_not_dismissal() -> None:
    debtor = "I'm so stressed, I can't pay all of it."
    assert "dismiss_distress" not in markers(
        "Let's look at what you could manage.", debtor, "en-US"
    )
    assert "dismiss_distress" not in markers("What's been happening?", debtor, "en-US")


@pytest.mark.parametrize(
    ("locale", "text", "distressed"),
    [
        ("en-US", "I'm terrified I'll lose the house.", True),
        ("en-US", "I'm not worried about it, I'll pay Friday.", False),
        ("en-US", "I can pay on the 15th.", False),
        ("zh-CN", "我现在压力特别大，晚上睡不着。", True),
        ("zh-CN", "我觉得特别丢人。", True),
        ("zh-CN", "我十五号还四百。", False),
        ("zh-CN", "我没什么压力，月底还。", False),
    ],
)
def test_debtor_distress(locale: str, text: str, distressed: bool) -> None:
    assert (distress_evidence(text, locale) is not None) is distressed


@pytest.mark.parametrize(
    ("locale", "text", "distressed"),
    [
        # Lost sleep, exhaustion, fear said of the thing itself, a death told in passing.
        ("en-US", "I haven't slept right since Sunday.", True),
        ("en-US", "It's been keeping me up at night.", True),
        ("en-US", "I haven't had a good night's sleep in weeks.", True),
        ("en-US", "I'm just worn out.", True),
        ("en-US", "Honestly it scares me.", True),
        ("en-US", "The letters terrify me.", True),
        ("en-US", "I've been dreading this call.", True),
        ("en-US", "Joan was dying when I bought that.", True),
        ("en-US", "My dad was in hospice all spring.", True),
        ("en-US", "You people called me four times last week.", True),
        # Anger and exasperation are distress as much as fear is.
        ("en-US", "You slap a late fee on me inside two weeks? Are you kidding me?", True),
        ("en-US", "Unbelievable. I'm writing a review about you leeches.", True),
        ("en-US", "You people are all the same. Go ahead, sue me.", True),
        ("en-US", "Please tell me this doesn't go to them.", True),
        ("en-US", "It's been a hard year.", True),
        ("en-US", "No work, no pay.", True),
        ("en-US", "I work nights, so I sleep during the day.", False),
        ("en-US", "It doesn't scare me, I just want it sorted.", False),
        ("en-US", "I'm not that tired of it, honestly.", False),
        # 周转不开, fear for the children, dreading the calls, wages held back.
        ("zh-CN", "这几个月实在周转不开。", True),
        ("zh-CN", "你就跟我说实话：这个会不会影响我孩子？", True),
        ("zh-CN", "说实话，我最怕的是上征信。", True),
        ("zh-CN", "之前看到你们的电话我都不敢接。", True),
        ("zh-CN", "老板已经拖了我三个月工资了。", True),
        ("zh-CN", "我工资还没发，发了就还。", False),
        ("zh-CN", "失业登记我已经办了。", False),
        ("zh-CN", "我一般都是拆东墙补西墙。", False),
    ],
)
def test_distress_families_from_real_calls(locale: str, text: str, distressed: bool) -> None:
    assert (distress_evidence(text, locale) is not None) is distressed


@pytest.mark.parametrize(
    ("locale", "debtor", "agent", "expected"),
    [
        (
            "en-US",
            "I found out from a letter.",
            "That must have been a horrible way to find out.",
            {"name_emotion"},
        ),
        (
            "en-US",
            "Three notices at once.",
            "What a terrible shock that must have been.",
            {"name_emotion"},
        ),
        (
            "en-US",
            "I'm just worn out.",
            "It's a lot to deal with, and you're doing the right things.",
            {"validate", "affirm"},
        ),
        ("en-US", "I'm just worn out.", "That's a lot on your plate.", {"validate"}),
        ("en-US", "I'm so stressed.", "I know this isn't easy.", {"validate"}),
        ("zh-CN", "这几个月实在周转不开。", "这几个月压力应该挺大的吧？", {"name_emotion"}),
        (
            "zh-CN",
            "我失业了，压力特别大。",
            "您之前一直按时还，这次肯定是遇到难处了。",
            {"affirm", "validate"},
        ),
    ],
)
def test_acknowledgements_authors_found_missing(
    locale: str, debtor: str, agent: str, expected: set[str]
) -> None:
    assert markers(agent, debtor, locale) == expected


@pytest.mark.parametrize(
    ("locale", "debtor", "agent"),
    [
        ("en-US", "Who is this?", "Sure, it's Chris with Lakeshore Associates."),
        ("en-US", "Who did you say?", "Of course, it's Chris, calling from Lakeshore Associates."),
        ("en-US", "Can I use my debit card?", "Sure, you can pay by debit card, there's no fee."),
        ("en-US", "I can do Friday.", "Oh great, Friday works."),
        ("en-US", "I'll pick up shifts and pay fifty.", "That's a great plan."),
        ("en-US", "I got the job!", "Congratulations on the new job!"),
        ("en-US", "Can I set it up myself?", "If you would like, we can set it up together now."),
        ("en-US", "Do I sign something?", "Once you've signed the form, mail it back."),
        ("en-US", "I forgot in September.", "You didn't pay in September, what happened?"),
        ("zh-CN", "我想想怎么说……", "不急不急，您慢慢说。"),
        ("zh-CN", "每月一千行吗？", "那可太好了，咱们就按每月一千来。"),
        ("zh-CN", "我真的不是不想还。", "很多客户都这么说，这很正常。"),
        ("zh-CN", "要我提供什么？", "说白了，就是需要您提供一份收入证明。"),
        ("zh-CN", "别跟我家里人说。", "这是您自己的事，我们不会告诉您家人。"),
        ("zh-CN", "能办分期吗？", "真巧，我们这边刚好能办。"),
    ],
)
def test_plain_answers_are_not_sarcasm_or_blame(locale: str, debtor: str, agent: str) -> None:
    assert not markers(agent, debtor, locale) & {"sarcasm", "blame", "dismiss_distress"}


@pytest.mark.parametrize(
    ("locale", "debtor", "agent"),
    [
        (
            "en-US",
            "Don't call me at work. Call my cell, after six.",
            "I'll call your cell after six.",
        ),
        (
            "en-US",
            "I can't take calls at work, they wrote a guy up.",
            "I'd only call your work if I can't get you on your cell.",
        ),
        ("en-US", "Use my cell, not the house phone.", "Absolutely, we'll only use your cell."),
        (
            "en-US",
            "Call me at six fifteen on this number.",
            "So that's this number at 6:15 tonight.",
        ),
        ("en-US", "Call after four, I sleep days.", "After four works."),
        (
            "en-US",
            "And until they get my letter, you'll stop calling me?",
            "Yes. Marked no-call today. Your letter stops all contact.",
        ),
        (
            "zh-CN",
            "那你们收到我的信以后就不会再联系我了吧？",
            "对。您的信寄到之后就不会再联系您了。",
        ),
        ("zh-CN", "别打我单位电话，打我手机就行。", "好的，我只打您手机，不打单位电话。"),
        ("zh-CN", "以后直接找我本人，别找我家里人。", "我这边给您备注一下，以后只联系您本人。"),
    ],
)
def test_the_agents_own_next_step_or_answer_is_not_a_reflection(
    locale: str, debtor: str, agent: str
) -> None:
    assert "reflect" not in markers(agent, debtor, locale)


@pytest.mark.parametrize(
    ("locale", "debtor", "agent"),
    [
        (
            "en-US",
            "My hours got cut and then my rent went up.",
            "Your hours got cut just as the rent went up, is that right?",
        ),
        (
            "zh-CN",
            "这几个月生意不好，周转不开，我担心影响孩子。",
            "您是说这几个月生意周转不开，担心影响孩子，对吧？",
        ),
        (
            "zh-CN",
            "店里一直周转不过来，我想先缓一缓。",
            "嗯，您的意思是店里周转不过来，想先缓一缓再还。",
        ),
        (
            "zh-CN",
            "工资被拖了好几个月，网贷每个月还得还三千。",
            "工资一直拖着，网贷每个月还得还，两头压着，是吧？",
        ),
    ],
)
def test_restating_then_checking_is_a_reflection(locale: str, debtor: str, agent: str) -> None:
    assert "reflect" in markers(agent, debtor, locale)


@pytest.mark.parametrize(
    ("locale", "debtor", "agent", "dismissed"),
    [
        (
            "en-US",
            "Are they going to take my house? I lie awake thinking about it.",
            "I can answer that honestly: nobody is going to take your house over this.",
            False,
        ),
        (
            "en-US",
            "I'm terrified they'll garnish my wages.",
            "Your wages can't be garnished without a court judgment.",
            False,
        ),
        (
            "en-US",
            "Will this hurt my credit? I can't sleep over it.",
            "Your credit will keep getting hit unless you pay today.",
            True,
        ),
        (
            "en-US",
            "I'm scared they'll take my car. Can I pay next week?",
            "No, next week won't work.",
            True,
        ),
        (
            "zh-CN",
            "你就跟我说实话：这个会不会影响我孩子？",
            "征信是您个人的记录，不会记到孩子名下。",
            False,
        ),
        (
            "zh-CN",
            "你们会不会起诉我？我这几天吓坏了。",
            "目前您这个账户没有起诉，也不会有人上门。",
            False,
        ),
        ("zh-CN", "会不会影响我孩子？我都睡不好。", "这个您自己去问，今天必须还上。", True),
        (
            "en-US",
            "Are they going to come after the house? I lie awake thinking about it.",
            "Honestly, I can't promise anything about the house. "
            "If the account stays unpaid, Northfield could decide to take legal action.",
            True,
        ),
        (
            "zh-CN",
            "会不会影响我孩子？我都睡不好。",
            "孩子的事不好说，以后可能会影响孩子政审。",
            True,
        ),
    ],
)
def test_answering_the_feared_consequence_is_not_dismissal(
    locale: str, debtor: str, agent: str, dismissed: bool
) -> None:
    assert distress_evidence(debtor, locale) is not None
    assert ("dismiss_distress" in markers(agent, debtor, locale)) is dismissed


def test_ruling_the_feared_consequence_out_earns_half_credit() -> None:
    turns = call(
        ("agent", "Thanks. This is about your Redstone card."),
        (
            "debtor",
            "My ex's lawyer said you people can just garnish my wages. "
            "If my boss gets a letter about this... I don't sleep, man.",
        ),
        (
            "agent",
            "I'll be straight with you: Redstone hasn't authorized any legal action on this "
            "account, and nothing has been filed.",
        ),
        ("debtor", "Okay."),
    )
    result = score_empathy(turns, "en-US")
    assert result.count("dismiss_distress") == 0
    distress = next(r for r in result.reasons if r.criterion == "distress_response")
    assert distress.points == distress.max_points / 2


_NOUNS = st.sampled_from(["cell", "work", "phone", "office", "email", "home", "address", "number"])


@settings(max_examples=40, deadline=None)
@given(_NOUNS, _NOUNS, st.sampled_from(["I'll call", "I'd only call", "We'll use", "Let me note"]))
def test_an_agent_commitment_never_counts_as_reflecting(first: str, second: str, lead: str) -> None:
    debtor = f"Use my {first} for this, not my {second}."
    agent = f"{lead} your {first}, never your {second}."
    assert "reflect" not in markers(agent, debtor, "en-US")


def test_evidence_quotes_the_sentence_that_earned_the_marker() -> None:
    found = dict(
        turn_markers("Okay. That sounds exhausting. When is payday?", "I'm tired.", "en-US")
    )
    assert found["name_emotion"] == "That sounds exhausting."


# --- call level ----------------------------------------------------------------------------

GOOD_EN = call(
    ("agent", "Hi, this is Dana from Harbor Recovery. Am I speaking with Luis?"),
    ("debtor", "Yes. I lost my job last month and I'm really scared."),
    ("agent", "I'm sorry to hear that, it sounds frightening. What's been happening since?"),
    ("debtor", "I've been looking for work but nothing yet."),
    ("agent", "So you're actively looking but money is very tight right now."),
    ("debtor", "Yes, maybe I can do fifty a month."),
    ("agent", "Thank you for suggesting that. Let's build the plan around fifty a month."),
)
BAD_EN = call(
    ("agent", "Is this Luis?"),
    ("debtor", "Yes. I lost my job last month and I'm really scared."),
    ("agent", "I need the full $400 today."),
    ("debtor", "I can't, I'm desperate here."),
    ("agent", "You should have thought of that before you spent it."),
    ("debtor", "Please."),
    ("agent", "Oh sure, how convenient."),
)


def test_good_call_scores_higher_than_bad_call() -> None:
    good, bad = score_empathy(GOOD_EN, "en-US"), score_empathy(BAD_EN, "en-US")
    assert good.score is not None and bad.score is not None
    assert good.score >= 80
    assert bad.score <= 10
    assert bad.count("dismiss_distress") >= 1 and bad.count("blame") == 1


def test_metrics() -> None:
    result = score_empathy(GOOD_EN, "en-US")
    m = result.metrics
    # "Am I speaking with Luis?" is the identity check every call needs: not counted.
    assert (m.questions, m.open_questions) == (1, 1)
    assert m.open_question_share == 1.0
    assert m.reflections == 1 and m.reflections_per_question == 1.0
    assert (m.distress_turns, m.distress_answered) == (1, 1)
    assert m.distress_response_rate == 1.0
    assert result.distress_turns == (2,)


def test_distress_response_counts_only_naming_or_reflection() -> None:
    turns = call(
        ("agent", "Is this Luis?"),
        ("debtor", "I'm so stressed about this."),
        ("agent", "Let's work on a plan together."),
        ("debtor", "I'm scared I'll lose the car."),
        ("agent", "You're worried about losing the car you need."),
    )
    m = score_empathy(turns, "en-US").metrics
    assert (m.distress_turns, m.distress_answered, m.distress_response_rate) == (2, 1, 0.5)


def test_no_opportunity_is_not_applicable() -> None:
    short = call(
        ("agent", "Hi, may I speak with James?"),
        ("third_party", "He's not here."),
        ("agent", "Could you ask him to call Marco at 555-0100? Thanks."),
    )
    result = score_empathy(short, "en-US")
    assert result.score is None
    assert [(r.criterion, r.met) for r in result.reasons] == [("opportunity", None)]
    two_flat_replies = call(
        ("agent", "Is this Sarah?"),
        ("debtor", "Yes."),
        ("agent", "Can you pay today?"),
        ("debtor", "No."),
    )
    assert score_empathy(two_flat_replies, "en-US").score is None


def test_distress_alone_is_an_opportunity() -> None:
    turns = call(
        ("agent", "Is this Sarah?"), ("debtor", "Yes, and I'm desperate."), ("agent", "Pay now.")
    )
    result = score_empathy(turns, "en-US")
    assert result.score is not None and result.score < 20


def test_enough_conversation_without_distress_is_an_opportunity_and_rescales() -> None:
    turns = [turn for _ in range(MIN_DEBTOR_TURNS) for turn in GOOD_EN[3:5]]
    result = score_empathy(turns, "en-US")
    assert result.score is not None
    distress = next(r for r in result.reasons if r.criterion == "distress_response")
    assert distress.met is None  # dropped out, the rest rescaled to 100


DRIVING = call(
    ("debtor", "Yeah, hello? You're on speaker, I'm driving."),
    ("agent", "Hi, this is Alex Chen with Keystone Recovery Partners. Is this Luis Ortega?"),
    ("debtor", "Yes, speaking. What's this about?"),
    ("agent", "Sounds like you're on the road. What time works best for you to talk later?"),
    ("debtor", "I'm off at five, home by six. Call my cell, not the depot."),
    ("agent", "That makes sense. Would 6:15 this evening work for you?"),
    ("debtor", "Yeah, that works."),
    ("agent", "I'll only call your cell. I appreciate you picking up, drive safe."),
)


def test_few_questions_in_a_brief_call_leave_exploration_not_applicable() -> None:
    result = score_empathy(DRIVING, "en-US")
    got = {r.criterion: r for r in result.reasons}
    assert result.metrics.questions < MIN_QUESTIONS and result.metrics.open_questions == 0
    assert got["exploration"].met is None  # not judged, so not a cap on a good short call
    assert result.score is not None and result.score >= 80


def test_few_questions_still_earn_credit_when_they_were_open() -> None:
    turns = [
        *DRIVING[:3],
        Turn("agent", "What's been going on with the loan since the summer?"),
        Turn("debtor", "The hours dried up in July."),
    ]
    result = score_empathy(turns, "en-US")
    assert (result.metrics.questions, result.metrics.open_questions) == (1, 1)
    got = {r.criterion: r for r in result.reasons}
    assert got["exploration"].met is True and got["exploration"].points == 20


def test_many_closed_questions_are_still_judged() -> None:
    closed = [("agent", "Can you pay the full $400 today?"), ("debtor", "No.")] * MIN_QUESTIONS
    result = score_empathy(call(*closed), "en-US")
    got = {r.criterion: r for r in result.reasons}
    assert got["exploration"].met is False and got["exploration"].points == 0


@pytest.mark.parametrize(
    ("locale", "question", "counted"),
    [
        ("en-US", "Can you confirm your date of birth?", False),
        ("en-US", "Am I speaking with Luis Ortega?", False),
        ("en-US", "$60 on Friday from checking. Does that sound right?", False),
        ("en-US", "Would Friday, October 30th work for you?", False),
        ("en-US", "Debit card or checking, which would you prefer?", False),
        ("en-US", "Anything else I can help with?", False),
        ("en-US", "Can you pay the full $400 today?", True),
        ("en-US", "Now that you're back, how does your pay look?", True),
        ("zh-CN", "麻烦您报一下身份证号码后四位，可以吗？", False),
        ("zh-CN", "请问您是周明远先生吗？", False),
        ("zh-CN", "第一期2000元，11月10日前手机银行还，您看对吗？", False),
        ("zh-CN", "第一笔您看定在哪天比较方便？", False),
        ("zh-CN", "您今天能把三千块全还上吗？", True),
        ("zh-CN", "方便说说最近遇到什么情况了吗？", True),
    ],
)
def test_questions_every_call_must_ask_do_not_count(
    locale: str, question: str, counted: bool
) -> None:
    assert counts_as_question(question, locale) is counted


def test_identity_and_read_back_questions_do_not_cap_exploration() -> None:
    turns = call(
        ("agent", "Hi, is this Maria Lopez?"),
        ("debtor", "Yes."),
        ("agent", "Could you confirm your date of birth for me?"),
        ("debtor", "April 12th, 1988."),
        ("agent", "What's been going on since the September payment?"),
        ("debtor", "They cut my hours."),
        ("agent", "So $60 a month from checking, first one Friday. Does that sound right?"),
        ("debtor", "Yes."),
    )
    m = score_empathy(turns, "en-US").metrics
    assert (m.questions, m.open_questions) == (1, 1)


@pytest.mark.parametrize("locale", vocabulary.LOCALES)
def test_distress_in_the_last_word_is_no_missed_response(locale: str) -> None:
    last = (
        "I was dreading this call for weeks." if locale == "en-US" else "之前你们的电话我都不敢接。"
    )
    good = GOOD_EN if locale == "en-US" else ZH_CALL
    result = score_empathy([*good, Turn("debtor", last)], locale)
    assert distress_evidence(last, locale) is not None
    assert len(good) + 1 not in result.distress_turns
    assert result.metrics.distress_response_rate == 1.0


ZH_CALL = call(
    ("agent", "您好，我是招联消费金融的客服，请问是张伟先生吗？"),
    ("debtor", "是我。我失业了，现在压力特别大。"),
    (
        "agent",
        "听到您失业了真的很抱歉，这段时间您压力一定很大。能跟我说说现在家里是什么情况吗？",
    ),
    ("debtor", "老婆也没工作，孩子还要上学。"),
    ("agent", "也就是说家里现在没有稳定收入，孩子上学也要花钱。咱们一起看看怎么安排。"),
)


def test_chinese_call() -> None:
    result = score_empathy(ZH_CALL, "zh-CN")
    got = {m.marker for m in result.markers}
    assert {"validate", "name_emotion", "open_question", "reflect", "collaborate"} <= got
    assert result.metrics.distress_response_rate == 1.0
    assert result.score is not None and result.score >= 80


def test_markers_are_turn_numbered_across_all_speakers() -> None:
    result = score_empathy(GOOD_EN, "en-US")
    assert {m.turn for m in result.markers} <= {1, 3, 5, 7}
    assert all(GOOD_EN[m.turn - 1].speaker == "agent" for m in result.markers)


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(vocabulary.SPEAKERS), _TEXT), max_size=8),
    st.sampled_from(vocabulary.LOCALES),
)
def test_any_call_gets_a_bounded_deterministic_score(
    pairs: list[tuple[str, str]], locale: str
) -> None:
    turns = call(*pairs)
    first, second = score_empathy(turns, locale), score_empathy(turns, locale)
    assert first == second
    assert first.score is None or 0 <= first.score <= 100
    ids = set(vocabulary.EMPATHY_POSITIVE + vocabulary.EMPATHY_NEGATIVE)
    assert all(m.marker in ids and turns[m.turn - 1].speaker == "agent" for m in first.markers)


@pytest.mark.parametrize(
    ("locale", "debtor", "agent"),
    [
        (
            "en-US",
            "I can't sleep, I'm panicking about this debt.",
            "I understand. Anyway, to avoid further collection activity we need $200 by Monday.",
        ),
        (
            "en-US",
            "I'm barely keeping my head above water.",
            "I hear you. Still, it's due by the 15th.",
        ),
        ("zh-CN", "我老婆住院了，我真的是焦头烂额。", "我理解。不过账单已经出了，这周必须还。"),
        ("zh-CN", "我压力好大。", "您的心情我理解。但是逾期还是要处理的。"),
    ],
)
def test_an_acknowledgement_taken_back_in_the_next_sentence_is_hollow(
    locale: str, debtor: str, agent: str
) -> None:
    assert markers(agent, debtor, locale) == {"dismiss_distress"}


@pytest.mark.parametrize(
    ("locale", "debtor", "agent", "negative"),
    [
        (
            "en-US",
            "I've had a really tough year, my wife left and I lost the house.",
            "A lot of people have tough years and they still pay their bills.",
            "blame",
        ),
        (
            "en-US",
            "I'm so stressed right now.",
            "Oh, you're stressed? Try doing my job.",
            "sarcasm",
        ),
        ("zh-CN", "我压力大得很，现在没心情谈这个。", "您压力大？我们压力不大吗？", "sarcasm"),
        ("zh-CN", "这个月真没钱。", "您弟弟的房租跟我们没关系，是您自己选择先顾他的。", "blame"),
    ],
)
def test_a_sentence_that_blames_or_mocks_earns_no_positive_marker(
    locale: str, debtor: str, agent: str, negative: str
) -> None:
    found = markers(agent, debtor, locale)
    assert negative in found
    assert not found & set(vocabulary.EMPATHY_POSITIVE)


@pytest.mark.parametrize(
    ("locale", "debtor", "agent", "reflects"),
    [
        (
            "en-US",
            "I can pay $40 every two weeks.",
            "So $40 every two weeks, by debit card?",
            False,
        ),
        ("en-US", "I'll send it Monday.", "Okay so Monday, $120 via Zelle.", False),
        ("zh-CN", "我下个月一号还。", "也就是说下个月一号还款，金额是三千，对吧？", False),
        (
            "zh-CN",
            "这个数我拿得出来。",
            "您刚才说这个数拿得出来，那本期就是2178元。",
            True,
        ),
    ],
)
def test_reading_terms_back_is_no_reflection_but_a_restated_clause_still_is(
    locale: str, debtor: str, agent: str, reflects: bool
) -> None:
    assert ("reflect" in markers(agent, debtor, locale)) is reflects


@pytest.mark.parametrize(
    ("locale", "debtor", "agent"),
    [
        ("zh-CN", "会不会影响我孩子？我都睡不好。", "孩子的事不好说，以后可能会影响孩子政审。"),
        (
            "en-US",
            "Are they going to garnish my wages? I'm terrified.",
            "They can garnish wages if there's a judgment.",
        ),
    ],
)
def test_the_words_of_a_feared_consequence_are_answered_not_restated(
    locale: str, debtor: str, agent: str
) -> None:
    assert markers(agent, debtor, locale) == {"dismiss_distress"}


@pytest.mark.parametrize(
    ("debtor", "agent"),
    [
        ("我一个人扛着这些，谁也帮不上我。", "一个人扛着这些，真的太累了。"),
        ("我四月份被裁了，后来一直打零工。", "您是四月份被裁的，后来一直在打零工。"),
        ("我也不是故意不接，白天在工地上根本听不见。", "您白天在工地干活，手机响了也听不到。"),
    ],
)
def test_chinese_restatement_counts_pairs_with_function_characters(debtor: str, agent: str) -> None:
    # "一个", "扛着", "工地" hold a stopword character but are content, not particles.
    assert "reflect" in markers(agent, debtor, "zh-CN")


@pytest.mark.parametrize(
    ("locale", "debtor", "agent", "expected"),
    [
        # blame said as advice, comparison or a rhetorical question
        (
            "en-US",
            "I forgot, sorry.",
            "You'd find it easier if you set reminders like most responsible people do.",
            {"blame"},
        ),
        ("en-US", "I didn't read the terms.", "Well, that's kind of on you, isn't it?", {"blame"}),
        (
            "en-US",
            "I took a cash advance.",
            "Frankly, that was a poor decision on your part.",
            {"blame"},
        ),
        ("zh-CN", "我真的没钱。", "给您个建议，少花点钱、量入为出，钱自然就有了。", {"blame"}),
        (
            "zh-CN",
            "我不知道利息会这么高。",
            "借款合同里都写着呢，签字之前您自己不看吗？",
            {"blame"},
        ),
        (
            "zh-CN",
            "看病的钱把我压垮了。",
            "当初要是买了保险，也不至于弄成这样。",
            {"blame", "dismiss_distress"},
        ),
        # sarcasm with praise words, echoes and scare quotes
        ("en-US", "I'll try to pay next week.", "You've been 'trying' since January.", {"sarcasm"}),
        ("en-US", "My cousin will lend it to me.", "Ah yes, the famous cousin.", {"sarcasm"}),
        ("zh-CN", "我出去旅游了。", "您这日子过得可真滋润啊。", {"sarcasm"}),
        ("zh-CN", "我朋友说下周借我。", "您这朋友可真够忙的。", {"sarcasm"}),
        ("zh-CN", "下个月一定还。", "还好意思说“一定”？", {"sarcasm"}),
        # reflection openers and validation said new ways
        (
            "zh-CN",
            "钱我有，但一下子拿不出那么多。",
            "简单说就是，钱不是没有，是一下子拿不出来。",
            {"reflect"},
        ),
        ("zh-CN", "我得先确认这笔钱是不是我借的。", "应该的，换谁都要先弄清楚。", {"validate"}),
        (
            "en-US",
            "Sorry.",
            "No need to apologize, this stuff happens to a lot of people.",
            {"validate"},
        ),
    ],
)
def test_marker_families_from_unseen_phrasing(
    locale: str, debtor: str, agent: str, expected: set[str]
) -> None:
    assert markers(agent, debtor, locale) == expected


@pytest.mark.parametrize(
    ("locale", "debtor", "agent", "absent"),
    [
        (
            "en-US",
            "I've kept up for six months.",
            "That takes real discipline, and you've shown it.",
            "blame",
        ),
        (
            "en-US",
            "Will I get a warning?",
            "Yes, we'll give you plenty of notice in writing.",
            "blame",
        ),
        (
            "en-US",
            "I'm all paid up now?",
            "Yes, no further action is needed on your part.",
            "blame",
        ),
        ("en-US", "My new job starts Monday.", "Congratulations, that's great news.", "sarcasm"),
        (
            "zh-CN",
            "还有停息的政策吗？",
            "有的，这个政策叫“个性化分期”，可以先停息半年。",
            "sarcasm",
        ),
        ("zh-CN", "我在开会，你快点说。", "谢谢您百忙之中抽空接电话，我简单说两句。", "sarcasm"),
        ("zh-CN", "我现在用的还是建行卡。", "您现在用的还是那张工商银行的卡吗？", "collaborate"),
        ("zh-CN", "我是想等年底一起还。", "您是想等年底结了工程款再一起还。", "collaborate"),
    ],
)
def test_sincere_look_alikes_of_the_new_cues_do_not_fire(
    locale: str, debtor: str, agent: str, absent: str
) -> None:
    assert absent not in markers(agent, debtor, locale)


# --- cue files ----------------------------------------------------------------------------


@pytest.mark.parametrize("locale", vocabulary.LOCALES)
def test_shipped_cue_files_load(locale: str) -> None:
    lexicon = load_lexicon(cue_file(locale), locale)
    assert set(lexicon.markers) == {*vocabulary.EMPATHY_POSITIVE, "blame", "sarcasm"}


def test_broken_cue_file_reports_file_and_line(tmp_path: Path) -> None:
    text = cue_file("en-US").read_text(encoding="utf-8")
    broken = text.replace('      - "\\\\bnice try\\\\b"', '      - "(unclosed"', 1)
    assert broken != text
    path = tmp_path / "en-US.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(DiagnosticError) as caught:
        load_lexicon(path, "en-US")
    diagnostic = caught.value.diagnostics[0]
    line = next(i for i, row in enumerate(broken.splitlines(), 1) if "(unclosed" in row)
    assert (diagnostic.file, diagnostic.line) == (str(path), line)
    assert "invalid regular expression" in diagnostic.message


def test_reflection_overlap_settings_are_checked(tmp_path: Path) -> None:
    text = cue_file("zh-CN").read_text(encoding="utf-8")
    broken = text.replace("  min_shared_naming: 2\n", "  min_shared_naming: 0\n  tags: []\n")
    assert broken != text
    path = tmp_path / "zh-CN.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(DiagnosticError) as caught:
        load_lexicon(path, "zh-CN")
    messages = sorted(d.message for d in caught.value.diagnostics)
    assert messages == ["'min_shared_naming' must be a positive integer", "unknown key 'tags'"]


@pytest.mark.parametrize(
    ("old", "new", "wanted"),
    [
        ("  particles: [", "  particles: 3\n  unused: [", "'particles' must be a list of strings"),
        ("readback:\n", "readback: [oops]\nunused:\n", "cues must be a mapping with 'patterns'"),
    ],
)
def test_particles_and_readback_settings_are_checked(
    tmp_path: Path, old: str, new: str, wanted: str
) -> None:
    text = cue_file("zh-CN").read_text(encoding="utf-8")
    broken = text.replace(old, new, 1)
    assert broken != text
    path = tmp_path / "zh-CN.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(DiagnosticError) as caught:
        load_lexicon(path, "zh-CN")
    assert wanted in {d.message for d in caught.value.diagnostics}


def test_a_confirmation_read_back_is_not_a_reflection() -> None:
    agent = "So to confirm: 60 dollars a month, first payment Friday October 16th. Is that right?"
    markers = turn_markers(agent, "I get paid this Friday, the 16th. Could it be then?", "en-US")
    assert "reflect" not in {name for name, _ in markers}


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
def test_skipping_patterns_by_their_literal_words_changes_no_marker(monkeypatch, locale) -> None:
    from simulator.scoring.empathy import markers
    from simulator.scoring.empathy.evaluate import load_items

    data = Path(__file__).resolve().parents[2] / "data" / "empathy"
    items = [i for split in ("dev", "fresh") for i in load_items(data / f"{locale}.{split}.yaml")]
    screened = [turn_markers(i.agent, i.debtor, locale) for i in items]
    monkeypatch.setattr(markers, "_screen", lambda pattern: lambda text: True)
    assert [turn_markers(i.agent, i.debtor, locale) for i in items] == screened
