import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.nlu import THRESHOLD, Understander
from simulator.scenario.model import IntentDef


@pytest.fixture(scope="module")
def en() -> Understander:
    return Understander.for_locale("en-US")


@pytest.fixture(scope="module")
def zh() -> Understander:
    return Understander.for_locale("zh-CN")


def ids(understander: Understander, text: str) -> frozenset[str]:
    return understander.understand(text).intent_ids


def test_multi_intent_opening(en, zh):
    assert {"greet", "identify_self", "verify_identity"} <= ids(
        en, "Hi, this is Marco from Pinecrest, is this Sarah?"
    )
    assert {"greet", "identify_self", "verify_identity"} <= ids(
        zh, "您好，我是浦发银行信用卡中心的小赵，请问是陈明先生吗？"
    )


def test_multi_intent_across_clauses(en, zh):
    assert ids(en, "I'm so sorry to hear that. How much could you afford each month?") == {
        "express_empathy",
        "ask_capacity",
    }
    assert ids(zh, "理解您的难处，那您每个月大概能还多少呢？") == {
        "express_empathy",
        "ask_capacity",
    }


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("I won't call your employer.", None),
        ("I'm not asking you to pay today.", "request_payment"),
        ("We can't do a payment plan on this account.", "offer_plan"),
        ("Nobody is going to report this to the credit bureaus.", "explain_consequences"),
        ("We won't stop calling until this is paid.", "acknowledge_cease"),
    ],
)
def test_english_negation(en, text, absent):
    found = ids(en, text)
    assert (found == frozenset()) if absent is None else absent not in found


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("我们不会联系您的家人和单位。", None),
        ("我不是让您今天就全部还清。", "request_payment"),
        ("这个账户没办法申请分期。", "offer_plan"),
        ("我们今天不会上报征信。", "explain_consequences"),
    ],
)
def test_chinese_negation(zh, text, absent):
    found = ids(zh, text)
    assert (found == frozenset()) if absent is None else absent not in found


def test_negation_that_is_the_point_still_counts(en, zh):
    assert ids(en, "Okay, we won't call you again.") == {"acknowledge_cease"}
    assert "request_payment" in ids(en, "Can't you pay something today?")
    assert "offer_plan" in ids(en, "Why don't we set up a payment plan?")
    assert "acknowledge_cease" in ids(zh, "好的，以后不会再给您打电话了。")
    assert "request_payment" in ids(zh, "您看今天能不能先还一部分？")


def test_typos_case_and_punctuation(en):
    assert ids(en, "we can defintely setup a paymnet arrangment") == {"offer_plan"}
    assert ids(en, "HI THIS IS CARL WITH APEX RECOVERY") == {"greet", "identify_self"}
    assert ids(en, "wen can u pay") == {"ask_payment_date"}


def test_typo_evidence_says_what_was_read(en):
    (match,) = en.understand("this is an atempt to collect a debt").intents
    assert match.intent == "mini_miranda"
    assert '"atempt" as "attempt"' in match.evidence


def test_full_width_and_contractions(en, zh):
    assert ids(en, "ＣＡＮ ＹＯＵ ＰＡＹ ＴＯＤＡＹ？") == {"request_payment"}
    assert ids(en, "I’ve noted your dispute and we’ll investigate.") == {"handle_dispute"}
    assert ids(zh, "我跟您确认下，１５号还５００元，对吧？") == {"confirm_terms"}
    assert ids(zh, "您好 我是 招商银行 的") == {"greet", "identify_self"}


def test_no_intent_lines(en, zh):
    assert ids(en, "I lost my job in March.") == frozenset()
    assert ids(en, "Let me pull up your file.") == frozenset()
    assert ids(zh, "我现在真的没钱，你们别再打了。") == frozenset()
    assert ids(zh, "稍等一下，我查一下系统。") == frozenset()


def test_extras_for_scenario_authors(en, zh):
    assert ids(en, "Yes, that works.") == {"agree"}
    assert "apologize" in ids(en, "Sorry, can you repeat that?")
    assert "apologize" not in ids(en, "I'm sorry to hear about your mom.")
    assert "thank" in ids(zh, "谢谢您")


def test_matches_are_scored_sorted_and_explained(en):
    result = en.understand("Hi, this is Marco from Pinecrest, is this Sarah?")
    scores = [m.score for m in result.intents]
    assert scores == sorted(scores, reverse=True)
    for match in result.intents:
        assert THRESHOLD <= match.score <= 1
        assert "pattern" in match.evidence or "example" in match.evidence
    data = result.to_json()
    assert list(data) == ["text", "intents"]
    assert all(set(m) == {"intent", "score", "evidence"} for m in data["intents"])
    assert all(round(m["score"], 3) == m["score"] for m in data["intents"])


def test_ties_are_broken_by_id(en):
    result = en.understand("Goodbye and thank you for your time")
    pairs = [(-m.score, m.intent) for m in result.intents]
    assert pairs == sorted(pairs)


def test_custom_intents_extend_and_add():
    custom = {
        "ask_method": IntentDef(
            examples=["How would you like to make the payment?", "Debit card or bank account?"],
        ),
        "offer_callback": IntentDef(patterns=[r"\bcall us (back|directly)\b"]),
    }
    understander = Understander.for_locale("en-US", custom)
    assert "ask_method" in understander.intent_ids
    assert (
        "ask_method" in understander.understand("how would you like to make the payment").intent_ids
    )
    match = next(
        m
        for m in understander.understand("Call us back on the number on your letter.").intents
        if m.intent == "offer_callback"
    )
    assert "scenario offer_callback pattern 1" in match.evidence
    assert Understander.for_locale("en-US", custom) is understander
    assert "ask_method" not in Understander.for_locale("en-US").intent_ids


def test_custom_intents_do_not_change_builtin_scores(en):
    text = "Would you be able to pay the balance today?"
    custom = {"mention_bonus": IntentDef(examples=["did you get your bonus this year"])}
    assert Understander.for_locale("en-US", custom).understand(text).intents == (
        en.understand(text).intents
    )


def test_bad_custom_pattern_is_a_clear_error():
    with pytest.raises(ValueError, match="intent 'broken' pattern 1 '\\(oops'"):
        Understander.for_locale("en-US", {"broken": IntentDef(patterns=["(oops"])})


def test_unknown_locale_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown locale 'fr-FR'"):
        Understander.for_locale("fr-FR")


def test_long_text_is_capped_and_fast(en, zh):
    for understander, unit in ((en, "can you pay the balance today? "), (zh, "您今天能还款吗？")):
        text = unit * 4000
        began = time.perf_counter()
        result = understander.understand(text)
        assert time.perf_counter() - began < 1.0
        assert result.text == text
        assert "request_payment" in result.intent_ids


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(),
            st.sampled_from("abcdefg $1,. 不没是您好还款分期\u202e\u200f\x00😀ﬁＡ"),
        ),
        max_size=400,
    ),
    st.sampled_from(["en-US", "zh-CN"]),
)
def test_never_raises_and_is_deterministic(text, locale):
    understander = Understander.for_locale(locale)
    first = understander.understand(text)
    assert understander.understand(text) == first
    assert all(THRESHOLD <= m.score <= 1 for m in first.intents)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("You can call us back on the number printed on your latest statement.", "offer_callback"),
        ("Feel free to ring our line on 0800 123 456.", "offer_callback"),
        ("You can reach me directly at extension 214.", "offer_callback"),
        ("Give us a call once you've checked.", "offer_callback"),
        ("You still need to pay the $562.50.", "request_payment"),
        ("The $300 still has to be paid this week.", "request_payment"),
        ("We'll still need the $187.50 today.", "request_payment"),
        ("It'll keep hurting your credit score.", "explain_consequences"),
        ("This keeps dragging your credit score down.", "explain_consequences"),
        ("Date of birth, please.", "verify_identity"),
        ("And the last four of your social?", "verify_identity"),
        ("Hi, this is Alex with Granite Bay, calling for Marcus Bell.", "verify_identity"),
        ("Attorney's name and phone number?", "ask_attorney"),
        ("Lawyer's name and number?", "ask_attorney"),
        ("Could I get her name and number so we contact her office from now on?", "ask_attorney"),
        ("Chris Dalton, Meridian Recovery Partners.", "identify_self"),
        ("When did you send it, and do you have the confirmation number?", "handle_dispute"),
    ],
)
def test_english_phrasing_families(en, text, intent):
    assert intent in ids(en, text)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("您核实完以后可以拨打账单背面的客服电话联系我们。", "offer_callback"),
        ("有什么问题您随时打95588找我们。", "offer_callback"),
        ("我是华诚公司的，工号A1027，找刘建军。", "verify_identity"),
        ("您好，我找一下王丽。", "verify_identity"),
        ("律师姓名和电话？", "ask_attorney"),
        ("理解您的顾虑，我们是正规机构。", "express_empathy"),
        ("您是哪天还的？还了多少？", "handle_dispute"),
        ("每月2000，11月10日第一期，手机银行还。", "confirm_terms"),
        ("您干脆把全部欠款一次性还清。", "request_payment"),
    ],
)
def test_chinese_phrasing_families(zh, text, intent):
    assert intent in ids(zh, text)


@pytest.mark.parametrize(
    ("locale", "text", "absent"),
    [
        ("en-US", "Bear with me, the screen is still loading.", "identify_self"),
        ("en-US", "I'm calling for Northgate Financial about your account.", "verify_identity"),
        ("en-US", "Our attorney's office is in Denver.", "ask_attorney"),
        ("en-US", "Can you pay $200 today by debit card?", "confirm_terms"),
        ("zh-CN", "稍等，我找一下笔。", "verify_identity"),
        ("zh-CN", "您可以去找律师咨询。", "verify_identity"),
        ("zh-CN", "谢谢您配合，我们继续。", "close_call"),
        ("zh-CN", "请问您大概还了多少钱？", "ask_capacity"),
        ("zh-CN", "有什么问题您随时打95588找我们。", "ask_reason"),
        ("zh-CN", "您干脆把全部欠款一次性还清。", "offer_settlement"),
        ("zh-CN", "11月3日您手机银行还的2000元已经入账了。", "confirm_terms"),
        (
            "en-US",
            "When did you send it, and do you have the confirmation number?",
            "ask_payment_date",
        ),
        ("en-US", "How much did you pay last time?", "ask_capacity"),
    ],
)
def test_look_alikes_stay_out(locale, text, absent):
    assert absent not in ids(Understander.for_locale(locale), text)
