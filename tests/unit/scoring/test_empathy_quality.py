"""Held-out quality floors for the empathy markers (the split the cues never saw).

Floors sit a little under the measured figures (``benchmarks/empathy_quality.py``)
so a cue change that loses real ground fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator import vocabulary
from simulator.scoring.empathy.evaluate import (
    DISTRESS,
    HELDOUT,
    TUNED_SPLITS,
    Tally,
    evaluate,
    load_items,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "empathy"

F1_FLOORS = {
    "en-US": {
        "name_emotion": 0.88, "reflect": 0.75, "open_question": 0.85, "validate": 0.82,
        "collaborate": 0.75, "affirm": 0.60, "blame": 0.52, "dismiss_distress": 0.78,
        "sarcasm": 0.85, DISTRESS: 0.82,
    },
    "zh-CN": {
        "name_emotion": 0.72, "reflect": 0.47, "open_question": 0.85, "validate": 0.70,
        "collaborate": 0.80, "affirm": 0.75, "blame": 0.52, "dismiss_distress": 0.92,
        "sarcasm": 0.55, DISTRESS: 0.95,
    },
}  # fmt: skip
# False alarms matter most: a good agent must not be marked down for nothing.
NEGATIVE_PRECISION_FLOOR = 0.75


@pytest.fixture(scope="module", params=vocabulary.LOCALES)
def heldout(request: pytest.FixtureRequest) -> tuple[str, dict[str, Tally]]:
    locale = request.param
    return locale, evaluate(load_items(DATA / f"{locale}.{HELDOUT}.yaml"), locale)


def test_heldout_f1_floors(heldout: tuple[str, dict[str, Tally]]) -> None:
    locale, tallies = heldout
    below = {
        name: round(tallies[name].f1, 2)
        for name, floor in F1_FLOORS[locale].items()
        if tallies[name].f1 < floor
    }
    assert below == {}


def test_negative_markers_rarely_fire_on_good_agents(heldout: tuple[str, dict[str, Tally]]) -> None:
    _, tallies = heldout
    for name in vocabulary.EMPATHY_NEGATIVE:
        assert tallies[name].precision >= NEGATIVE_PRECISION_FLOOR, name


@pytest.mark.parametrize("locale", vocabulary.LOCALES)
def test_labelled_set_is_large_enough(locale: str) -> None:
    dev = [item for split in TUNED_SPLITS for item in load_items(DATA / f"{locale}.{split}.yaml")]
    held = load_items(DATA / f"{locale}.{HELDOUT}.yaml")
    assert len(dev) + len(held) >= 150
    assert len(held) >= 75
    labels = {m for item in held for m in item.markers}
    assert labels == set(vocabulary.EMPATHY_POSITIVE + vocabulary.EMPATHY_NEGATIVE)
    assert any(not item.markers for item in held)
