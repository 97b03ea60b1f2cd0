"""Turn.to_json: what snapshots, recovery files and play --json hold for each line."""

from __future__ import annotations

from dataclasses import asdict

from hypothesis import given
from hypothesis import strategies as st

from simulator.transcript.model import TURN_FIELDS, Turn

turns = st.builds(
    Turn,
    speaker=st.sampled_from(["agent", "debtor", "third_party"]),
    text=st.text(max_size=40),
    node=st.none() | st.text(max_size=10),
    line_id=st.none() | st.text(max_size=10),
)


@given(turn=turns)
def test_to_json_holds_the_set_fields_in_declaration_order(turn: Turn) -> None:
    data = turn.to_json()
    expected = {k: v for k, v in asdict(turn).items() if v is not None}
    assert list(data.items()) == list(expected.items())
    assert Turn(**data) == turn


def test_the_field_list_is_the_dataclass_fields() -> None:
    assert TURN_FIELDS == ("speaker", "text", "node", "line_id")
    assert Turn("agent", "hi").to_json() == {"speaker": "agent", "text": "hi"}
