"""Snapshots: the random draws replay to the same generator, and other shapes are refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.engine import Call
from simulator.engine.state import MAX_DRAW_SIZE, MAX_DRAWS, DebtorState, StateError
from simulator.scenario.model import LineGroup

draws = st.lists(st.tuples(st.sampled_from(["pick", "shuffle"]), st.integers(1, 12)), max_size=30)


def draw(state: DebtorState, kind: str, count: int) -> int | list[int]:
    if kind == "pick":
        return state.pick(count)
    items = list(range(count))
    state.shuffle(items)
    return items


def through_json(data: dict[str, Any]) -> dict[str, Any]:
    """What the store keeps and gives back."""
    return json.loads(json.dumps(data))


@given(seed=st.integers(0, 2**32), before=draws, after=draws)
@settings(max_examples=80, deadline=None)
def test_restored_state_draws_what_the_saved_one_would(mini, seed, before, after):
    whole = DebtorState.initial(mini.scenario, seed)
    for kind, count in before:
        draw(whole, kind, count)
    saved = through_json(whole.snapshot())
    resumed = DebtorState.restore(mini.scenario, saved)
    assert resumed.snapshot() == saved
    assert [draw(resumed, *d) for d in after] == [draw(whole, *d) for d in after]
    assert resumed.rng.getstate() == whole.rng.getstate()


def test_snapshot_keeps_draws_not_the_generator(mini):
    state = DebtorState.initial(mini.scenario, 7)
    state.pick(3)
    state.shuffle([0, 1, 2, 3])
    assert state.snapshot()["rng"] == {"draws": [["pick", 3], ["shuffle", 4]]}


def noisy(mini, mode: str):
    """mini with a four-variant refusal at ``negotiate``, chosen by ``mode``."""
    texts = ["No.", "I can't.", "Too much.", "Not ${offered}."]
    lines = LineGroup.model_validate({"mode": mode, "lines": [{"text": t} for t in texts]})
    nodes = []
    for node in mini.scenario.nodes:
        if node.id == "negotiate":
            refusal = node.responses[1].model_copy(update={"say": lines})
            node = node.model_copy(update={"responses": [node.responses[0], refusal]})
        nodes.append(node)
    return mini.scenario.model_copy(update={"nodes": nodes})


@pytest.mark.parametrize("mode", ["random", "shuffle"])
@given(seed=st.integers(0, 2**32), cut=st.integers(1, 5))
@settings(max_examples=25, deadline=None)
def test_call_resumed_from_stored_snapshot_says_the_same_lines(mini, understander, mode, seed, cut):
    scenario = noisy(mini, mode)
    script = ["offer_plan | money=500"] * 6

    def start() -> Call:
        return Call.start(
            scenario,
            understander=understander,
            seed=seed,
            start_node="negotiate",
            overrides={"anger": 0},
        )

    whole = start()
    for text in script:
        whole.respond(text)
    half = start()
    for text in script[:cut]:
        half.respond(text)
    resumed = Call.restore(scenario, through_json(half.snapshot()), understander=understander)
    for text in script[cut:]:
        resumed.respond(text)
    assert resumed.transcript == whole.transcript
    assert len({t.text for t in whole.transcript if t.speaker == "debtor"}) > 1


def saved(mini) -> dict[str, Any]:
    state = DebtorState.initial(mini.scenario, 5)
    state.pick(4)
    return through_json(state.snapshot())


def changed(data: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """``data`` with the value at ``path`` replaced, or removed where ``value`` is ...."""
    *parents, last = path
    inner = data
    for step in parents:
        inner = inner[step]
    if value is ...:
        del inner[last]
    else:
        inner[last] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        # a generator state saved whole, as a list or next to the draws: no longer read
        (("rng",), [3, list(range(625)), None], "saved random draws is a list, not a mapping"),
        (("rng", "state"), [3, [0] * 625, None], r"saved random draws .*unknown 'state'"),
        (("rng", "draws"), ..., r"saved random draws .*missing 'draws'"),
        (("rng_base",), None, r"saved call state .*unknown 'rng_base'"),
        (("turn",), ..., r"saved call state .*missing 'turn'"),
        (("seed",), "soon", "does not fit this scenario"),
        (("meters", "nonsense"), 1, "'nonsense' is not declared"),
        (("rng", "draws"), [["roll", 6]], "unknown random draw 'roll'"),
        (("rng", "draws"), [["pick", MAX_DRAW_SIZE + 1]], "a random draw over"),
        (("rng", "draws"), [["pick", 2]] * (MAX_DRAWS + 1), "random draws; at most"),
        (("rng", "draws"), 5, "does not fit this scenario"),
    ],
)
def test_other_snapshots_are_refused_by_name(mini, path, value, message):
    with pytest.raises(StateError, match=message):
        DebtorState.restore(mini.scenario, changed(saved(mini), path, value))


def test_a_call_snapshot_of_another_form_is_a_clear_error(mini, understander):
    call = Call.start(mini.scenario, understander=understander, seed=2)
    call.respond("identify_self")
    snapshot = through_json(call.snapshot())
    snapshot["state"]["rng"]["state"] = [3, [0] * 625, None]
    with pytest.raises(StateError, match="cannot be resumed"):
        Call.restore(mini.scenario, snapshot, understander=understander)
    snapshot["state"] = "old"
    with pytest.raises(StateError, match="saved call state is a str"):
        Call.restore(mini.scenario, snapshot, understander=understander)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"future_part": 1}, r"unknown parts \(future_part\)"),
        ({"outcome": {"node": "end"}}, "incomplete"),
        ({"outcome": "ended"}, "incomplete"),
        ({"transcript": [{"speaker": "agent"}]}, "incomplete"),
    ],
)
def test_a_call_snapshot_with_unknown_or_broken_parts_is_refused(
    mini, understander, change, message
):
    call = Call.start(mini.scenario, understander=understander, seed=2)
    call.respond("identify_self")
    snapshot = {**through_json(call.snapshot()), **change}
    with pytest.raises(StateError, match=message):
        Call.restore(mini.scenario, snapshot, understander=understander)
