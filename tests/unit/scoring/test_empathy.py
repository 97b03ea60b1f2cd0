"""Empathy markers, distress, call-level metrics and the N/A rule, in both locales."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator import vocabulary
from simulator.diagnostics import DiagnosticError
from simulator.scoring.empathy import distress_evidence, score_empathy, turn_markers
from simulator.scoring.empathy.lexicon import cue_file, load_lexicon
from simulator.scoring.empathy.score import MIN_DEBTOR_TURNS
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
    assert (m.questions, m.open_questions) == (2, 1)
    assert m.open_question_share == 0.5
    assert m.reflections == 1 and m.reflections_per_question == 0.5
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


def test_chinese_call() -> None:
    turns = call(
        ("agent", "您好，我是招联消费金融的客服，请问是张伟先生吗？"),
        ("debtor", "是我。我失业了，现在压力特别大。"),
        (
            "agent",
            "听到您失业了真的很抱歉，这段时间您压力一定很大。能跟我说说现在家里是什么情况吗？",
        ),
        ("debtor", "老婆也没工作，孩子还要上学。"),
        ("agent", "也就是说家里现在没有稳定收入，孩子上学也要花钱。咱们一起看看怎么安排。"),
    )
    result = score_empathy(turns, "zh-CN")
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
