"""The monitor's contract: live per-turn findings, call state, context and facts."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.scenario.model import Facts
from simulator.scoring.compliance import ComplianceMonitor, check_transcript
from simulator.transcript.model import CallContext, Turn

READY = CallContext(right_party_verified=True, identified=True, disclosure_given=True)


def agent(text: str) -> Turn:
    return Turn("agent", text)


def categories(turns: list[Turn], rules: str = "us", locale: str = "en-US", **kw) -> set[str]:
    return {f.category for f in check_transcript(turns, rules=rules, locale=locale, **kw)}


def facts(**kw) -> Facts:
    return Facts(reason="test", monthly_capacity=100, **kw)


def test_findings_arrive_on_the_turn_and_count_every_turn():
    monitor = ComplianceMonitor("us", "en-US", READY)
    assert monitor.observe(Turn("debtor", "You people are crooks!")) == []
    assert monitor.observe(agent("Thanks for explaining.")) == []
    found = monitor.observe(agent("Pay today or you'll be arrested."))
    assert [(f.turn, f.category, f.rule, f.severity) for f in found] == [
        (3, "threat_arrest_or_seizure", "US5", "critical")
    ]
    assert found[0].source.startswith("15 USC 1692e(4)")


def test_debtor_and_third_party_turns_never_produce_findings():
    monitor = ComplianceMonitor("us", "en-US", READY)
    assert monitor.observe(Turn("debtor", "I'll have you arrested, you idiot!")) == []
    assert monitor.observe(Turn("third_party", "We'll sue you, damn it.")) == []


def test_finish_is_idempotent_and_reports_a_missing_introduction():
    monitor = ComplianceMonitor("us", "en-US", CallContext())
    monitor.observe(agent("Hello, is this Maria?"))
    monitor.observe(Turn("debtor", "Yes, but I'm driving."))
    monitor.observe(agent("No problem, I'll call back later."))
    first = monitor.finish()
    assert [(f.turn, f.category, f.rule) for f in first] == [(1, "missing_identification", "US8")]
    assert monitor.finish() == first


def test_transcript_findings_are_sorted_deterministic_and_json_ready():
    turns = [
        agent("Hi, is this Sam?"),
        Turn("debtor", "Yes."),
        agent("You owe $500, you deadbeat, and we'll sue you tomorrow."),
    ]
    first = check_transcript(turns, rules="us", locale="en-US")
    assert first == check_transcript(turns, rules="us", locale="en-US")
    assert [(f.turn, f.category) for f in first] == sorted((f.turn, f.category) for f in first)
    assert {"abusive_language", "threat_legal_action", "missing_identification"} <= {
        f.category for f in first
    }
    json.dumps([f.to_json() for f in first])


def test_messages_follow_the_monitor_locale():
    zh = check_transcript([agent("你这个老赖。")], rules="cn", locale="zh-CN", context=READY)
    en = check_transcript([agent("你这个老赖。")], rules="cn", locale="en-US", context=READY)
    assert zh[0].message != en[0].message and "侮辱" in zh[0].message


def test_evidence_is_quoted_verbatim_from_the_original_text():
    text = "Ｈｉ there.  We WON’T wait:   you’ll be ARRESTED on Monday!"
    found = check_transcript([agent(text)], rules="us", locale="en-US", context=READY)
    assert found[0].evidence in text and "ARRESTED" in found[0].evidence


def test_long_sentences_are_quoted_around_the_violation():
    text = "Well " * 120 + "you will be arrested " + "and so on " * 120
    (finding,) = check_transcript([agent(text)], rules="us", locale="en-US", context=READY)
    assert "arrested" in finding.evidence and finding.evidence in text
    assert len(finding.evidence) <= 200


# --- context and facts -----------------------------------------------------------------


def test_authorised_legal_action_may_be_stated():
    turns = [agent("The creditor has authorized a lawsuit if we can't agree on a plan.")]
    assert categories(turns, context=READY) == {"threat_legal_action"}
    authorised = replace(READY, legal_action_authorized=True)
    assert categories(turns, context=authorised) == set()


def test_any_suit_talk_on_a_time_barred_debt_is_critical():
    barred = CallContext(
        right_party_verified=True, identified=True, disclosure_given=True,
        legal_action_authorized=True, time_barred=True,
    )  # fmt: skip
    found = check_transcript(
        [agent("This could be referred for legal review.")], rules="us", locale="en-US",
        context=barred,
    )  # fmt: skip
    assert [(f.rule, f.severity) for f in found] == [("US16", "critical")]
    assert categories([agent("We will not sue you for this debt.")], context=barred) == set()


def test_settlement_within_authority_is_clean_and_below_the_limit_is_not():
    ctx = replace(READY, settlement_authorized=True)
    limit = facts(settlement_authorized=True, settlement_limit=900)
    assert categories([agent("I can settle it for $950 today.")], context=ctx, facts=limit) == set()
    assert categories([agent("I can settle it for $600 today.")], context=ctx, facts=limit) == {
        "unauthorized_promise"
    }
    assert categories([agent("我可以帮你减免一半，还三千就结清。")], "cn", "zh-CN",
                      context=ctx, facts=facts(settlement_limit=6000)) == {"unauthorized_promise"}  # fmt: skip
    assert categories([agent("I can settle it for $600 today.")], context=READY) == {
        "unauthorized_promise"
    }


def test_a_call_answered_by_a_third_party_starts_with_the_third_party_on_the_line():
    turns = [agent("Hi, this is Lee. Please tell John his loan is overdue.")]
    answered = facts(answered_by="third_party", third_party_relation="roommate")
    assert categories(turns, facts=answered) == {"third_party_disclosure"}
    assert categories(turns) == {"disclosure_before_verification", "missing_identification"}


def test_us_spouse_counts_as_the_consumer_but_not_under_cn_rules():
    turns = [
        agent("Hi, this is Lee from Orion Recovery. Is John there?"),
        Turn("third_party", "This is his wife."),
        agent("I'm a debt collector; this is an attempt to collect a debt. His balance is $900."),
    ]
    assert categories(turns) == set()
    assert "third_party_disclosure" in categories(turns, "cn")
    spouse = facts(answered_by="third_party", third_party_relation="wife")
    assert categories(turns[2:], context=CallContext(identified=True), facts=spouse) == set()


# --- call state ------------------------------------------------------------------------


def test_third_party_on_the_line_until_the_debtor_speaks():
    base = [
        agent("Hi, this is Lee from Orion Recovery. Is Ana there?"),
        Turn("third_party", "Hold on."),
    ]
    leak = [*base, agent("Sure. She's behind on her payments, by the way.")]
    assert categories(leak) == {"third_party_disclosure"}
    handed = [*base, Turn("debtor", "Hi, this is Ana."),
              agent("Thanks, Ana. I'm a debt collector and this is an attempt to collect a debt. "
                    "Your balance is past due.")]  # fmt: skip
    assert categories(handed) == set()


def test_verification_needs_the_debtor_to_confirm():
    ask = agent("Hi, this is Lee from Orion Recovery. Am I speaking with Ana Ruiz?")
    debt = agent("I'm a debt collector and this is an attempt to collect a debt on your card.")
    for reply, leaked in [("Yes, speaking.", False), ("Who's asking?", True), ("是我。", False),
                          ("No, wrong number.", True), ("Maybe. What's this about?", True)]:  # fmt: skip
        found = categories([ask, Turn("debtor", reply), debt])
        assert ("disclosure_before_verification" in found) is leaked, reply


def test_each_pressing_turn_is_reported_live():
    monitor = ComplianceMonitor("us", "en-US", READY)
    monitor.observe(Turn("debtor", "I dispute this debt."))
    first = monitor.observe(agent("Okay. Can you pay $50 today?"))
    second = monitor.observe(agent("Can you pay $20 then?"))
    handled = monitor.observe(agent("I've recorded your dispute and we'll send verification."))
    assert [(f.turn, f.category) for f in first + second] == [
        (2, "ignored_dispute"),
        (3, "ignored_dispute"),
    ]
    assert handled == []


def test_consent_clears_a_bad_time_signal():
    turns = [
        Turn("debtor", "I'm driving, call me later."),
        agent("Of course. When is better?"),
        Turn("debtor", "Actually I've pulled over, go ahead."),
        agent("Thanks. Can you make a payment today?"),
    ]
    assert categories(turns, context=READY) == set()


def test_threats_after_a_signal_count_as_pressing():
    turns = [Turn("debtor", "Stop calling me."), agent("Keep it up and we'll sue you.")]
    assert categories(turns, context=READY) == {"ignored_cease", "threat_legal_action"}


@pytest.mark.parametrize(("rules", "locale"), [("xx", "en-US"), ("us", "fr-FR")])
def test_bad_arguments_are_clear_errors(rules, locale):
    with pytest.raises(ValueError, match="unknown"):
        ComplianceMonitor(rules, locale, READY)


# --- properties --------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "you",
        "will",
        "not",
        "be",
        "arrested",
        "sue",
        "we",
        "call",
        "your",
        "employer",
        "boss",
        "family",
        "pay",
        "now",
        "today",
        "坐牢",
        "起诉",
        "不会",
        "联系",
        "家人",
        "单位",
        "还款",
        "老赖",
        "律师",
        "是我",
        "speaking",
        "lawyer",
        "stop",
        "calling",
        ",",
        ".",
        "?",
        "!",
        "。",
        "，",
        "$500",
        "never",
        "no",
        "不",
        "没有",
        "if",
        "if",
        "you",
        "don't",
        "garnish",
        "wages",
        "冻结",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["agent", "debtor", "third_party"]),
                          st.lists(WORDS, max_size=25).map(" ".join)), max_size=6),
       st.sampled_from(["us", "cn"]), st.sampled_from(["en-US", "zh-CN"]))  # fmt: skip
def test_any_transcript_is_scored_deterministically_with_verbatim_evidence(script, rules, locale):
    turns = [Turn(speaker, text) for speaker, text in script]
    first = check_transcript(turns, rules=rules, locale=locale)
    assert first == check_transcript(turns, rules=rules, locale=locale)
    for finding in first:
        assert 1 <= finding.turn <= len(turns)
        assert turns[finding.turn - 1].speaker == "agent"
        assert finding.evidence in turns[finding.turn - 1].text


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_breaks_the_monitor(text):
    monitor = ComplianceMonitor("cn", "zh-CN", CallContext())
    for speaker in ("agent", "debtor", "third_party"):
        for finding in monitor.observe(Turn(speaker, text)):
            assert finding.evidence in text


NEGATED = [
    ("We will not {}.", "us"),
    ("Nobody is going to {}.", "us"),
    ("我们不会{}。", "cn"),
]
THREATS_EN = ["have you arrested", "sue you", "call your employer", "garnish your wages",
              "contact your family", "send someone to your house"]  # fmt: skip
THREATS_ZH = ["起诉你", "联系你的家人", "让你坐牢", "冻结你的工资", "去你单位", "找人收拾你"]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(NEGATED), st.integers(0, 5))
def test_negated_threats_are_reassurance(template, index):
    form, rules = template
    threat = (THREATS_ZH if rules == "cn" else THREATS_EN)[index]
    locale = "zh-CN" if rules == "cn" else "en-US"
    assert categories([agent(form.format(threat))], rules, locale, context=READY) == set()
    affirmed = form.replace(" not", "").replace("Nobody is", "We are").replace("不会", "会")
    assert categories([agent(affirmed.format(threat))], rules, locale, context=READY)


def test_an_excerpt_that_starts_mid_call_says_so_in_its_context():
    mid_call = [agent("The creditor has authorized a lawsuit, so let's agree on a plan to pay.")]
    authorised = replace(READY, legal_action_authorized=True)
    assert categories(mid_call, context=authorised) == set()
    # without the flags the same words open the call: nothing is verified or introduced yet
    assert categories(mid_call, context=CallContext(legal_action_authorized=True)) == {
        "disclosure_before_verification",
        "missing_identification",
    }
    debtor_first = [
        Turn("debtor", "我已经请了律师。"),
        agent("好的，麻烦提供一下律师的联系方式，以后我们跟律师沟通。"),
    ]
    assert categories(debtor_first, "cn", "zh-CN", context=READY) == set()


def test_a_call_that_starts_with_the_debtor_answering_is_judged_from_the_opening():
    turns = [Turn("debtor", "Hello?"), agent("Yeah, you owe us $900. When will you pay?")]
    assert {"disclosure_before_verification", "missing_identification"} <= categories(turns)
    assert "disclosure_before_verification" in categories(
        [Turn("debtor", "喂？"), agent("你欠我们九百块什么时候还？")], "cn", "zh-CN"
    )
