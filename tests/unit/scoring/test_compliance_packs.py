"""The rule packs: complete for the primer's rules, valid, and loaded once."""

from __future__ import annotations

import pytest

from simulator.scoring.compliance import RulePackError, load_rule_pack
from simulator.scoring.compliance.pack import _parse_pack
from simulator.vocabulary import COMPLIANCE_CATEGORIES

# The primer's tables: rule id -> severity (C/H/M)
PRIMER = {
    "us": {"US1": "high", "US2": "critical", "US3": "critical", "US4": "critical",
           "US5": "critical", "US6": "high", "US7": "critical", "US8": "high",
           "US9": "critical", "US10": "high", "US11": "high", "US12": "high",
           "US15": "high", "US16": "critical", "US17": "high", "US18": "medium"},
    "cn": {"CN1": "high", "CN2": "critical", "CN3": "critical", "CN4": "critical",
           "CN5": "critical", "CN6": "high", "CN7": "high", "CN8": "medium", "CN9": "high",
           "CN10": "medium", "CN12": "high", "CN13": "medium", "CN14": "critical"},
}  # fmt: skip


@pytest.mark.parametrize("pack_id", ["us", "cn"])
def test_pack_has_the_primer_rules_with_their_severity(pack_id):
    pack = load_rule_pack(pack_id)
    assert {rule.id: rule.severity for rule in pack.rules} == PRIMER[pack_id]


@pytest.mark.parametrize("pack_id", ["us", "cn"])
def test_pack_covers_every_category(pack_id):
    expected = set(COMPLIANCE_CATEGORIES)
    if pack_id == "cn":
        expected.discard("missing_mini_miranda")
    assert set(load_rule_pack(pack_id).categories) == expected


@pytest.mark.parametrize("pack_id", ["us", "cn"])
def test_every_rule_is_explained_in_both_locales(pack_id):
    for rule in load_rule_pack(pack_id).rules:
        assert rule.source and rule.name
        for check in rule.checks:
            for locale in ("en-US", "zh-CN"):
                assert rule.message_for(locale, check)
                assert rule.tip_for(locale, check)
    assert any(
        "\u4e00" <= ch <= "\u9fff" for ch in load_rule_pack(pack_id).rules[0].message["zh-CN"]
    )


def test_rules_name_the_context_they_depend_on():
    us = load_rule_pack("us")
    assert "legal_action_authorized" in us.rule("US6").depends_on
    assert "time_barred" in us.rule("US16").depends_on
    assert "settlement_limit" in us.rule("US8").depends_on
    assert "disclosure_given" in us.rule("US1").depends_on


def test_packs_are_loaded_once():
    assert load_rule_pack("us") is load_rule_pack("us")


def test_unknown_pack_is_a_clear_error():
    with pytest.raises(RulePackError, match="unknown rule pack 'uk'"):
        load_rule_pack("uk")


def _pack(check: dict) -> dict:
    return {
        "pack": "us",
        "call": {"identify_debtor": ["name"], "identify_third_party": ["name"]},
        "rules": [{"id": "X1", "name": "x", "severity": "high", "source": "s",
                   "message": {"en-US": "m", "zh-CN": "m"}, "tip": {"en-US": "t", "zh-CN": "t"},
                   "checks": [check]}],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("check", "error"),
    [
        ({"category": "nope", "cues": ["abuse"]}, "unknown category 'nope'"),
        ({"category": "abusive_language", "cues": ["nope"]}, "unknown cue 'nope'"),
        ({"category": "abusive_language"}, "either 'cues' or 'call'"),
        ({"category": "abusive_language", "cues": ["abuse"], "call": "not_identified"}, "either"),
        ({"category": "abusive_language", "call": "nope"}, "unknown call check 'nope'"),
        ({"category": "abusive_language", "cues": ["abuse"], "unless": ["rich"]}, "context flag"),
        ({"category": "abusive_language", "cues": ["abuse"], "floor": "x"}, "floor must be"),
        ({"category": "abusive_language", "cues": ["abuse"], "typo": 1}, "unknown key"),
    ],
)
def test_malformed_pack_names_the_entry(check, error):
    with pytest.raises(RulePackError, match=error) as info:
        _parse_pack(_pack(check), "us.yaml", "us")
    assert "us.yaml: rules[0] (X1)" in str(info.value)


def test_pack_id_must_match_its_file():
    with pytest.raises(RulePackError, match="'pack' must be 'cn'"):
        _parse_pack(_pack({"category": "abusive_language", "cues": ["abuse"]}), "cn.yaml", "cn")
