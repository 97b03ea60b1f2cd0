"""Plan outcome against the hidden facts: fit, affordability, completeness, concession, recovery."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.nlu.model import Entity, IntentMatch, Understanding
from simulator.scenario.model import Scenario
from simulator.scoring.outcome import score_outcome, situation
from simulator.transcript.model import CallOutcome, Plan, Turn


def scenario(persona: str = "hardship", locale: str = "en-US", **facts: Any) -> Scenario:
    base_facts = {"reason": "job loss", "monthly_capacity": 100.0, **facts}
    return Scenario.model_validate(
        {
            "id": "t",
            "title": "t",
            "locale": locale,
            "persona": persona,
            "stage": "mid",
            "difficulty": 2,
            "briefing": {
                "debtor_name": "Luis",
                "creditor": "Pinecrest",
                "product": "card",
                "balance": 1200,
                "minimum_due": 80,
                "days_past_due": 45,
            },
            "facts": base_facts,
            "nodes": [{"id": "start", "phase": "opening", "say": "Hello?"}],
        }
    )


CONFIRMED_EN = [
    Turn("agent", "Could you manage something each month?"),
    Turn("debtor", "I can do $80 on the 15th by debit card."),
    Turn(
        "agent", "Just to confirm: $80 on the 15th of each month by debit card, starting October."
    ),
]
PLAN_80 = CallOutcome(
    "payment_plan", plan=Plan(amount=80, date="day 15", method="debit_card", instalments=15)
)


def reasons(result: Any) -> dict[str, Any]:
    return {r.criterion: r for r in result.reasons}


def test_raw_transcript_has_no_outcome_score() -> None:
    assert score_outcome(PLAN_80, scenario=None, turns=CONFIRMED_EN, locale="en-US") is None


def test_affordable_confirmed_plan_for_hardship_scores_full() -> None:
    result = score_outcome(PLAN_80, scenario=scenario(), turns=CONFIRMED_EN, locale="en-US")
    assert result is not None
    got = reasons(result)
    assert got["fit"].met and got["affordability"].met and got["completeness"].met
    assert got["concession"].met is True  # a plan, and no settlement offered
    assert got["recovery"].met is True  # 80 = minimum due, within capacity
    assert result.score == 100.0


def test_plan_above_capacity_is_unaffordable() -> None:
    plan = CallOutcome("payment_plan", plan=Plan(amount=250, date="day 15", method="debit_card"))
    turns = [Turn("agent", "To confirm: $250 on the 15th by debit card.")]
    got = reasons(score_outcome(plan, scenario=scenario(), turns=turns, locale="en-US"))
    assert got["affordability"].met is False and got["affordability"].points == 0
    slightly = CallOutcome("payment_plan", plan=Plan(amount=105))
    near = reasons(score_outcome(slightly, scenario=scenario(), turns=[], locale="en-US"))
    assert near["affordability"].points == near["affordability"].max_points / 2


class Scripted:
    """An understander with fixed readings, so a criterion is tested apart from the NLU."""

    def __init__(self, readings: dict[str, tuple[tuple[str, ...], tuple[Entity, ...]]]) -> None:
        self.readings = readings

    def understand(self, text: str) -> Understanding:
        intents, entities = self.readings.get(text, ((), ()))
        return Understanding(text, tuple(IntentMatch(i, 1.0, text) for i in intents), entities)


TERMS_80 = (
    Entity("money", 80, "$80"),
    Entity("date", "day 15", "the 15th"),
    Entity("method", "debit_card", "by debit card"),
)


def test_terms_mentioned_but_never_read_back_earn_half() -> None:
    said = "Okay, $80 on the 15th by debit card works."
    turns = [Turn("agent", said)]
    mentioned = Scripted({said: ((), TERMS_80)})
    got = reasons(
        score_outcome(
            PLAN_80, scenario=scenario(), turns=turns, locale="en-US", understander=mentioned
        )
    )
    assert got["completeness"].met is False
    assert got["completeness"].points == pytest.approx(got["completeness"].max_points / 2)


def test_reading_back_a_different_amount_does_not_confirm_it() -> None:
    turns = [Turn("agent", "Just to confirm: $90 on the 15th by debit card.")]
    got = reasons(score_outcome(PLAN_80, scenario=scenario(), turns=turns, locale="en-US"))
    assert "missing: amount" in got["completeness"].detail


@pytest.mark.parametrize(
    ("persona", "outcome", "points"),
    [
        ("dispute", "dispute_recorded", 30),
        ("dispute", "payment_plan", 0),
        ("attorney", "attorney_referral", 30),
        ("attorney", "promise_to_pay", 0),
        ("cease", "cease_honoured", 30),
        ("hardship", "hardship_referral", 30),
        ("hardship", "callback_scheduled", 15),
        ("hostile", "promise_to_pay", 30),
        ("hostile", "hung_up", 0),
        ("inconvenient", "callback_scheduled", 30),
    ],
)
def test_fit(persona: str, outcome: str, points: float) -> None:
    plan = Plan(amount=80) if outcome in ("promise_to_pay", "payment_plan") else None
    result = score_outcome(
        CallOutcome(outcome, plan=plan), scenario=scenario(persona), turns=[], locale="en-US"
    )
    assert result is not None
    assert reasons(result)["fit"].points == points


def test_third_party_answering_wins_over_the_persona() -> None:
    s = scenario("hostile", answered_by="third_party")
    assert situation(s) == "third_party"
    assert situation(s, debtor_verified=True) == "payment"
    assert situation(scenario("third_party", hardship_eligible=True), debtor_verified=True) == (
        "hardship"
    )
    result = score_outcome(CallOutcome("promise_to_pay"), scenario=s, turns=[], locale="en-US")
    assert result is not None and reasons(result)["fit"].points == 0
    assert reasons(result)["recovery"].met is None  # never collect from a third party


THIRD_PARTY_EN = [
    Turn("third_party", "Hello?"),
    Turn("agent", "Hi, this is Chris. Could I speak with Devon Hartley, please?"),
    Turn("third_party", "Hang on. ...Devon! Phone!"),
    Turn("debtor", "Yes, speaking. What's this about?"),
    Turn("agent", "Hi Devon, before I go any further, can you confirm your date of birth?"),
]
THIRD_PARTY_ZH = [
    Turn("third_party", "喂？他在里屋呢，你等一下。"),
    Turn("agent", "好的，谢谢您，我等一下。"),
    Turn("debtor", "喂，我是周明远。"),
    Turn("agent", "周先生您好，为了保护您的账户安全，麻烦您报一下身份证号码后四位。"),
]


@pytest.mark.parametrize(
    ("locale", "opening", "answer"),
    [
        ("en-US", THIRD_PARTY_EN, "Sure, it's February 2nd, 2003."),
        ("en-US", THIRD_PARTY_EN, "It's four four seven one."),
        ("zh-CN", THIRD_PARTY_ZH, "后四位是0917。"),
        ("zh-CN", THIRD_PARTY_ZH, "后四位是零九一七。"),
    ],
)
def test_a_promise_from_the_verified_debtor_fits_a_third_party_call(
    locale: str, opening: list[Turn], answer: str
) -> None:
    s = scenario("third_party", locale=locale, answered_by="third_party", hardship_eligible=False)
    turns = [*opening, Turn("debtor", answer)]
    promise = CallOutcome("promise_to_pay", plan=Plan(amount=80))
    result = score_outcome(promise, scenario=s, turns=turns, locale=locale)
    assert result is not None and result.situation == "payment"
    got = reasons(result)
    assert got["fit"].points == got["fit"].max_points
    assert got["recovery"].met is True  # the debtor is on the line: recovery counts again
    hung_up = score_outcome(CallOutcome("no_resolution"), scenario=s, turns=turns, locale=locale)
    assert hung_up is not None and reasons(hung_up)["fit"].points == 0


@pytest.mark.parametrize(
    ("locale", "opening", "answer"),
    [
        ("en-US", THIRD_PARTY_EN, "Sorry, I don't give that out to people who call me."),
        ("en-US", THIRD_PARTY_EN, "Who is this? Tell me first."),
        ("zh-CN", THIRD_PARTY_ZH, "我不报，你先说你是哪里的。"),
    ],
)
def test_until_the_debtor_answers_the_identity_check_it_stays_a_third_party_call(
    locale: str, opening: list[Turn], answer: str
) -> None:
    s = scenario("hostile", locale=locale, answered_by="third_party")
    turns = [*opening, Turn("debtor", answer)]
    callback = score_outcome(
        CallOutcome("callback_scheduled"), scenario=s, turns=turns, locale=locale
    )
    assert callback is not None and callback.situation == "third_party"
    assert reasons(callback)["fit"].points == 30
    promise = score_outcome(CallOutcome("promise_to_pay"), scenario=s, turns=turns, locale=locale)
    assert promise is not None and reasons(promise)["fit"].points == 0


def test_a_promise_taken_from_the_third_party_never_fits() -> None:
    s = scenario("third_party", answered_by="third_party")
    turns = [
        Turn("agent", "Is this Devon Hartley? Can you confirm your date of birth?"),
        Turn("third_party", "No, I'm his mother. It's March 3rd, 1975, if that helps."),
    ]
    result = score_outcome(CallOutcome("promise_to_pay"), scenario=s, turns=turns, locale="en-US")
    assert result is not None and result.situation == "third_party"
    assert reasons(result)["fit"].points == 0


def test_unauthorised_settlement_breaks_concession_discipline() -> None:
    turns = [Turn("agent", "I can offer you a settlement: pay $600 and we'll close the account.")]
    plan = CallOutcome("promise_to_pay", plan=Plan(amount=600))
    got = reasons(
        score_outcome(
            plan, scenario=scenario("hostile", monthly_capacity=700), turns=turns, locale="en-US"
        )
    )
    assert got["concession"].met is False


def test_settlement_below_the_authorised_floor() -> None:
    turns = [Turn("agent", "I can offer you a settlement: pay $600 and we'll close the account.")]
    plan = CallOutcome("promise_to_pay", plan=Plan(amount=600))
    low = scenario(
        "hostile", monthly_capacity=700, settlement_authorized=True, settlement_limit=800
    )
    ok = scenario("hostile", monthly_capacity=700, settlement_authorized=True, settlement_limit=500)
    assert (
        reasons(score_outcome(plan, scenario=low, turns=turns, locale="en-US"))["concession"].met
        is False
    )
    assert (
        reasons(score_outcome(plan, scenario=ok, turns=turns, locale="en-US"))["concession"].met
        is True
    )


def test_recovery_against_what_was_realistic() -> None:
    small = CallOutcome("payment_plan", plan=Plan(amount=40))
    got = reasons(score_outcome(small, scenario=scenario(), turns=[], locale="en-US"))
    assert got["recovery"].points == pytest.approx(15 * 40 / 80)
    refused = reasons(
        score_outcome(CallOutcome("refused"), scenario=scenario(), turns=[], locale="en-US")
    )
    assert refused["recovery"].met is False and refused["recovery"].points == 0
    broke = scenario(monthly_capacity=0)
    referral = score_outcome(
        CallOutcome("hardship_referral"), scenario=broke, turns=[], locale="en-US"
    )
    assert referral is not None and referral.score == 100.0  # only fit applies, and it fits


def test_missing_outcome_is_no_resolution() -> None:
    result = score_outcome(None, scenario=scenario("hostile"), turns=[], locale="en-US")
    assert result is not None and result.outcome == "no_resolution" and result.score == 0.0


def test_chinese_plan_confirmed() -> None:
    turns = [
        Turn("debtor", "我每个月十五号还八十块，用银行卡。"),
        Turn("agent", "跟您确认一下：每月15号还款80元，通过银行卡自动扣款，共十五期。"),
    ]
    result = score_outcome(PLAN_80, scenario=scenario(locale="zh-CN"), turns=turns, locale="zh-CN")
    assert result is not None
    got = reasons(result)
    assert got["completeness"].met is True, got["completeness"].detail
    assert "已复核" in got["completeness"].detail
    assert result.score == 100.0


@pytest.mark.parametrize(
    ("locale", "close"),
    [
        ("en-US", "Okay, next week works. Thanks, Tyler, have a good one."),
        ("zh-CN", "行，那您下周还上就行，谢谢。"),
    ],
)
def test_a_promise_with_no_amount_and_a_vague_date_commits_to_nothing(
    locale: str, close: str
) -> None:
    vague = CallOutcome("promise_to_pay", plan=Plan(date="next week"))
    got = reasons(
        score_outcome(
            vague,
            scenario=scenario("evasive", locale=locale),
            turns=[Turn("agent", close)],
            locale=locale,
        )
    )
    assert got["fit"].points == 0
    assert got["completeness"].points == 0  # "next week" names no day: no date term
    assert got["recovery"].met is False


def test_an_interim_payment_on_a_hardship_route_is_judged_like_a_plan() -> None:
    turns = [Turn("agent", "我跟您确认一下：审批期间每月3000元，11月30日前通过App还到卡上。")]
    interim = CallOutcome(
        "hardship_referral", plan=Plan(amount=3000, date="november 30", method="app")
    )
    s = scenario("hardship", locale="zh-CN", monthly_capacity=3000)
    got = reasons(score_outcome(interim, scenario=s, turns=turns, locale="zh-CN"))
    assert got["fit"].met is True
    assert got["affordability"].met is True and got["completeness"].met is not None
    assert got["recovery"].met is not None
    bare = reasons(
        score_outcome(CallOutcome("hardship_referral"), scenario=s, turns=turns, locale="zh-CN")
    )
    assert bare["affordability"].met is None and bare["completeness"].met is None


def test_a_recorded_dispute_fits_whatever_the_persona() -> None:
    for persona in ("evasive", "hostile", "hardship"):
        result = score_outcome(
            CallOutcome("dispute_recorded"), scenario=scenario(persona), turns=[], locale="en-US"
        )
        assert result is not None and result.situation == "dispute"
        assert reasons(result)["fit"].met is True
        assert reasons(result)["recovery"].met is None  # collection is on hold


@pytest.mark.parametrize(
    ("locale", "turns"),
    [
        (
            "zh-CN",
            [
                Turn("third_party", "喂？这是许卓然的手机，他在开会。你哪位？"),
                Turn("agent", "您好，我姓王，找他有点个人的事。"),
                Turn("third_party", "那我让他回你吧。"),
                Turn("agent", "那麻烦您转告他，开完会给我回个电话，找工号S2186就行，谢谢。"),
            ],
        ),
        (
            "en-US",
            [
                Turn("third_party", "He's not in. Who's calling?"),
                Turn("agent", "It's Taylor. Could you ask him to call me back at 800-555-0142?"),
            ],
        ),
    ],
)
def test_a_message_left_with_a_third_party_fits_when_only_they_were_reached(
    locale: str, turns: list[Turn]
) -> None:
    s = scenario("evasive", locale=locale)  # the facts say the debtor answers
    result = score_outcome(CallOutcome("no_resolution"), scenario=s, turns=turns, locale=locale)
    assert result is not None and result.situation == "third_party"
    assert reasons(result)["fit"].met is True
