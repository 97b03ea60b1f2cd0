"""A scenario's own intents on top of the built-ins: negation opt-in and similarity."""

import pytest

from simulator.nlu import Understander
from simulator.scenario.model import IntentDef

REASSURE = ["They can not take you to court over this.", "Your Social Security is safe."]
REASSURE_PATTERNS = [r"\b(nobody|no one) (is going to|can|will) sue you\b"]


def ids(understander: Understander, text: str) -> frozenset[str]:
    return understander.understand(text).intent_ids


@pytest.fixture(scope="module")
def strict() -> Understander:
    custom = {"reassure": IntentDef(examples=REASSURE, patterns=REASSURE_PATTERNS)}
    return Understander.for_locale("en-US", custom)


@pytest.fixture(scope="module")
def loose() -> Understander:
    custom = {
        "reassure": IntentDef(examples=REASSURE, patterns=REASSURE_PATTERNS, allow_negation=True)
    }
    return Understander.for_locale("en-US", custom)


def test_patterns_are_blocked_by_negation_unless_allowed(strict, loose):
    text = "Nobody is going to sue you."
    assert "reassure" not in ids(strict, text)
    match = next(m for m in loose.understand(text).intents if m.intent == "reassure")
    assert "scenario reassure pattern 1" in match.evidence


def test_positive_example_matches_inside_a_negation_only_when_allowed(strict, loose):
    text = "No one disputes that your Social Security is safe."
    assert "reassure" not in ids(strict, text)
    assert "reassure" in ids(loose, text)


def test_an_example_said_the_other_way_round_is_contradicted(strict):
    assert "reassure" in ids(strict, "Your Social Security is safe, ma'am.")
    assert "reassure" not in ids(strict, "Your Social Security is not safe.")


def test_a_negated_example_never_matches_its_positive_opposite(strict, loose):
    threat = "They can take you to court over this."
    assert "reassure" not in ids(strict, threat)
    assert "reassure" not in ids(loose, threat)
    assert "reassure" in ids(loose, "They can't take you to court over this one.")


def test_allow_negation_changes_only_its_own_intent(strict, loose):
    text = "We won't report this to the credit bureaus."
    assert ids(loose, text) - {"reassure"} == ids(strict, text) - {"reassure"}
    assert Understander.for_locale("en-US").understand(text).intents == tuple(
        m for m in loose.understand(text).intents if m.intent != "reassure"
    )


def test_allow_negation_is_part_of_the_cache_key(strict, loose):
    assert strict is not loose
    custom = {"reassure": IntentDef(examples=REASSURE, patterns=REASSURE_PATTERNS)}
    assert Understander.for_locale("en-US", custom) is strict


def test_close_paraphrase_of_a_scenario_example_is_understood():
    custom = {
        "explain_channel": IntentDef(
            examples=[
                "我们这边系统目前没有看到入账记录，您可以核对一下转账记录。",
                "只有通过银行官方渠道还到卡上的钱才算入账。",
            ]
        )
    }
    understander = Understander.for_locale("zh-CN", custom)
    match = next(
        m
        for m in understander.understand("我们这边系统目前没有看到您的还款入账记录。").intents
        if m.intent == "explain_channel"
    )
    assert "like example" in match.evidence
    assert "explain_channel" not in ids(understander, "您今天能先还一部分吗？")


def test_english_paraphrase_of_a_scenario_example_is_understood():
    custom = {
        "personal_matter": IntentDef(
            examples=["It's a personal business matter.", "I'd rather discuss it with him."]
        )
    }
    understander = Understander.for_locale("en-US", custom)
    assert "personal_matter" in ids(understander, "It's a personal matter, I'm afraid.")
    assert "personal_matter" not in ids(understander, "Can you pay the balance today?")
