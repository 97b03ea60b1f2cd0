from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.engine import Call, CallEnded
from simulator.engine.state import StateError
from simulator.transcript.model import Turn


def start(mini, understander, **kwargs):
    return Call.start(mini.scenario, understander=understander, **kwargs)


def test_opening_line_and_transcript(mini, understander):
    call = start(mini, understander)
    assert [ln.text for ln in call.opening()] == ["Hello?"]
    assert call.transcript == [Turn("debtor", "Hello?", node="opening", line_id="opening.1")]
    assert call.node == "opening"


def test_good_path_reaches_plan_with_captured_amount(mini, understander):
    call = start(mini, understander)
    call.respond("identify_self")
    reply = call.respond("verify_identity")
    assert reply.node == "discovery"
    assert [ln.text for ln in reply.lines] == ["Yes, this is Sam.", "Fine. What do you want?"]
    assert reply.state_changes["verified"] == (False, True)
    call.respond("ask_reason")
    reply = call.respond("offer_plan | money=75")
    assert reply.ended
    assert reply.outcome.outcome == "payment_plan"
    assert reply.outcome.plan.amount == 75
    assert reply.outcome.plan.instalments == 12
    assert reply.lines[-1].text == "Okay, 75 a month it is."
    assert [t.speaker for t in call.transcript] == ["debtor"] + ["agent", "debtor"] * 4


def test_guard_sees_captured_value_and_rejects_unaffordable_offer(mini, understander):
    call = start(mini, understander, start_node="negotiate")
    reply = call.respond("offer_plan | money=200")
    assert reply.node == "negotiate"
    assert reply.branch == "negotiate:1"
    assert reply.lines[0].text == "I can't afford 200 a month."
    assert reply.state_changes["anger"] == (20, 35)


def test_line_variants_follow_state(mini, understander):
    trusting = start(mini, understander, start_node="verify_ask", overrides={"trust": 80})
    reply = trusting.respond("verify_identity")
    assert (reply.lines[-1].line_id, reply.lines[-1].text) == (
        "discovery.2",
        "Okay, thanks for checking. How can I help?",
    )
    wary = start(mini, understander, start_node="verify_ask", overrides={"trust": 10})
    reply = wary.respond("verify_identity")
    assert (reply.lines[-1].line_id, reply.lines[-1].text) == (
        "discovery.1",
        "Fine. What do you want?",
    )


def test_once_branch_only_taken_once(mini, understander):
    call = start(mini, understander, start_node="negotiate")
    first = call.respond("offer_hardship")
    second = call.respond("offer_hardship")
    assert first.branch == "negotiate:2"
    assert second.fallback and second.branch is None


def test_fallback_costs_patience_and_repeated_confusion_ends_call(mini, understander):
    call = start(mini, understander)
    reply = call.respond("mumble")
    assert reply.fallback
    assert reply.state_changes["patience"] == (60, 50)
    reply = call.respond("mumble")
    assert reply.ended and reply.outcome.outcome == "no_resolution"
    with pytest.raises(CallEnded):
        call.respond("hello")


def test_angry_debtor_hangs_up(mini, understander):
    call = start(mini, understander, overrides={"anger": 70})
    reply = call.respond("request_payment")
    assert reply.ended and reply.outcome.outcome == "hung_up"
    assert reply.lines[-1].text == "I'm done. *click*"


def test_anywhere_response_applies_at_any_node(mini, understander):
    call = start(mini, understander, start_node="negotiate")
    reply = call.respond("close_call")
    assert reply.outcome.outcome == "refused"


@dataclass(frozen=True)
class _Found:
    category: str
    severity: str = "critical"


class _Monitor:
    def __init__(self, categories: dict[str, str]) -> None:
        self.categories = categories
        self.seen: list[Turn] = []

    def observe(self, turn: Turn):
        self.seen.append(turn)
        category = self.categories.get(turn.text) if turn.speaker == "agent" else None
        return [_Found(category)] if category else []


def test_reactions_fire_on_monitor_findings(mini, understander):
    monitor = _Monitor({"request_payment": "threat_legal_action", "close_call": "abusive_language"})
    call = start(mini, understander, monitor=monitor)
    reply = call.respond("request_payment")
    assert reply.reactions == (0,)
    assert reply.lines[0].text == "Are you threatening me?"
    assert reply.state_changes["anger"][1] == 80
    reply = call.respond("close_call")
    assert reply.ended and reply.outcome.outcome == "hung_up"
    assert reply.lines[-1].text == "Don't talk to me like that. *click*"
    assert [t.speaker for t in monitor.seen] == ["debtor", "agent", "debtor", "agent", "debtor"]


def test_choices_only_in_practice_mode(mini, understander):
    practice = start(mini, understander, mode="practice")
    assert [(c.number, c.quality) for c in practice.choices()] == [(1, "good"), (2, "bad")]
    assert start(mini, understander, mode="test").choices() == []


def test_overrides_and_start_node_are_checked(mini, understander):
    with pytest.raises(StateError):
        start(mini, understander, overrides={"nonsense": 1})
    with pytest.raises(StateError):
        start(mini, understander, start_node="nowhere")


def test_snapshot_restore_continues_identically(mini, understander):
    script = [
        "identify_self",
        "verify_identity",
        "ask_reason",
        "offer_plan | money=300",
        "offer_hardship",
        "offer_plan | money=60",
    ]
    whole = start(mini, understander, seed=3)
    replies = [whole.respond(t) for t in script]
    half = start(mini, understander, seed=3)
    for text in script[:3]:
        half.respond(text)
    resumed = Call.restore(mini.scenario, half.snapshot(), understander=understander)
    rest = [resumed.respond(t) for t in script[3:]]
    assert [r.to_json() for r in rest] == [r.to_json() for r in replies[3:]]
    assert resumed.transcript == whole.transcript


scripts = st.lists(
    st.sampled_from(
        [
            "identify_self",
            "verify_identity",
            "ask_reason",
            "offer_plan | money=60",
            "offer_plan | money=500",
            "offer_hardship",
            "request_payment",
            "mumble",
        ]
    ),
    max_size=12,
)


@given(script=scripts, seed=st.integers(0, 2**32))
@settings(max_examples=60, deadline=None)
def test_same_inputs_and_seed_give_the_same_call(mini, understander, script, seed):
    def play():
        call = start(mini, understander, seed=seed)
        for text in script:
            if call.ended:
                break
            call.respond(text)
        return call.transcript, call.outcome, call.state.values()

    assert play() == play()


def test_choices_see_what_their_own_text_captures(mini, understander):
    """A choice guarded on the amount it offers is shown only when that amount passes."""

    def with_choice(amount: int) -> list[str]:
        nodes = []
        for n in mini.scenario.nodes:
            if n.id == "negotiate":
                first = n.responses[0].model_copy(update={"choice": f"offer_plan | money={amount}"})
                n = n.model_copy(update={"responses": [first, *n.responses[1:]]})
            nodes.append(n)
        scenario = mini.scenario.model_copy(update={"nodes": nodes})
        call = Call.start(scenario, understander=understander, start_node="negotiate")
        return [c.branch for c in call.choices()]

    assert with_choice(60) == ["negotiate:0"]
    assert with_choice(500) == []


def test_reaction_when_guard(mini, understander):
    reactions = [
        mini.scenario.reactions[0].model_copy(update={"when": "anger >= 50"}),
        *mini.scenario.reactions[1:],
    ]
    scenario = mini.scenario.model_copy(update={"reactions": reactions})
    monitor = _Monitor({"greet": "threat_legal_action"})
    calm = Call.start(scenario, understander=understander, monitor=monitor)
    assert calm.respond("greet").reactions == ()
    angry = Call.start(
        scenario, understander=understander, monitor=monitor, overrides={"anger": 60}
    )
    assert angry.respond("greet").reactions == (0,)


def test_choice_text_interpolates_state(mini, understander):
    nodes = [
        n.model_copy(
            update={
                "responses": [
                    n.responses[0].model_copy(
                        update={"choice": "Hi ${briefing.debtor_name}, Alex here."}
                    ),
                    *n.responses[1:],
                ]
            }
        )
        if n.id == "opening"
        else n
        for n in mini.scenario.nodes
    ]
    scenario = mini.scenario.model_copy(update={"nodes": nodes})
    call = Call.start(scenario, understander=understander)
    assert call.choices()[0].text == "Hi Sam Doe, Alex here."


def test_interpolated_numbers_read_like_money(mini, understander):
    call = Call.start(mini.scenario, understander=understander, start_node="negotiate")
    assert call.respond("offer_plan | money=3360").lines[0].text == "I can't afford 3,360 a month."
    call = Call.start(mini.scenario, understander=understander, start_node="negotiate")
    assert call.respond("offer_plan | money=99.5").lines[0].text == "I can't afford 99.50 a month."


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("trust", "abc", "'abc' is not a number"),
        ("trust", "nan", "'nan' is not a finite number"),
        ("verified", "no", "'no' is not true or false"),
    ],
)
def test_bad_overrides_are_refused(mini, understander, name, value, message):
    with pytest.raises(StateError, match=message):
        start(mini, understander, overrides={name: value})


def test_flag_override_accepts_true_false(mini, understander):
    call = start(mini, understander, overrides={"verified": "false", "trust": "12"})
    assert call.state.flags["verified"] is False and call.state.meters["trust"] == 12


def test_chinese_lines_of_one_reply_join_without_a_space(mini, understander):
    nodes = [
        n.model_copy(
            update={
                "say": n.say.model_copy(
                    update={"lines": [n.say.lines[0].model_copy(update={"text": "对，我是。"})]}
                )
            }
        )
        if n.id == "discovery"
        else n
        for n in mini.scenario.nodes
    ]
    scenario = mini.scenario.model_copy(update={"nodes": nodes, "locale": "zh-CN"})
    call = Call.start(
        scenario, understander=understander, start_node="verify_ask", overrides={"trust": 10}
    )
    call.respond("verify_identity")
    assert call.transcript[-1].text == "Yes, this is Sam.对，我是。"
