"""Rule packs as data: load, validate and describe ``simulator/scoring/rules/<id>.yaml``.

A pack maps each rule of a jurisdiction (id, severity, source, message, tip) to checks:
lexicon cues with the context that makes them lawful, or call-state checks. Validation
names the file and the entry, so a broken edit fails loudly at load time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources
from typing import Any

import yaml

from simulator.scoring.compliance.lexicon import LOCALES, load_lexicon
from simulator.scoring.compliance.state import CALL_CHECKS, IDENTITY_PARTS
from simulator.scoring.findings import Severity
from simulator.transcript.model import CallContext
from simulator.vocabulary import COMPLIANCE_CATEGORIES, RULE_PACKS

_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SEVERITIES: tuple[Severity, ...] = ("critical", "high", "medium")
CONTEXT_FLAGS = tuple(f.name for f in fields(CallContext))
FLOORS = ("settlement_limit",)
# call checks read these context flags; reported as what a rule depends on
_CALL_CONTEXT = {
    "debt_before_verification": ("right_party_verified",),
    "debt_to_third_party": ("right_party_verified",),
    "debt_before_disclosure": ("right_party_verified", "disclosure_given"),
    "not_identified": ("identified", "right_party_verified"),
    "evaded_identity": ("identified",),
}


class RulePackError(ValueError):
    """A rule pack file is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Check:
    """One way a rule is broken, reported under one canonical category."""

    category: str
    cues: tuple[str, ...] = ()
    call: str | None = None
    when: tuple[str, ...] = ()  # context flags that must all be true for the check to apply
    unless: tuple[str, ...] = ()  # context flags any of which makes the utterance lawful
    floor: str | None = None  # when lawful, still a violation below this fact (an amount)
    message: Mapping[str, str] | None = None
    tip: Mapping[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    severity: Severity
    source: str
    message: Mapping[str, str]
    tip: Mapping[str, str]
    checks: tuple[Check, ...]

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(check.category for check in self.checks))

    @property
    def depends_on(self) -> tuple[str, ...]:
        """Context flags (and facts) this rule reads, for docs and the scorecard."""
        found: list[str] = []
        for check in self.checks:
            found += [*check.when, *check.unless, *_CALL_CONTEXT.get(check.call or "", ())]
            if check.floor:
                found.append(check.floor)
        return tuple(dict.fromkeys(found))

    def message_for(self, locale: str, check: Check | None = None) -> str:
        source = check.message if check is not None and check.message else self.message
        return source.get(locale) or source["en-US"]

    def tip_for(self, locale: str, check: Check | None = None) -> str:
        source = check.tip if check is not None and check.tip else self.tip
        return source.get(locale) or source["en-US"]


@dataclass(frozen=True, slots=True)
class CallPolicy:
    """How the jurisdiction judges the call as a whole."""

    identify_debtor: frozenset[str]
    identify_third_party: frozenset[str]
    mini_miranda: bool
    consumer_relations: tuple[str, ...]  # third parties that count as the consumer (cue names)


@dataclass(frozen=True, slots=True)
class RulePack:
    id: str
    title: str
    call: CallPolicy
    rules: tuple[Rule, ...]

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for rule in self.rules for c in rule.categories))


@cache
def load_rule_pack(rules: str) -> RulePack:
    """The bundled pack ``rules`` ("us" or "cn"), parsed once per process."""
    if rules not in RULE_PACKS:
        raise RulePackError(
            f"unknown rule pack {rules!r} (expected one of: {', '.join(RULE_PACKS)})"
        )
    name = f"{rules}.yaml"
    source = resources.files("simulator.scoring").joinpath("rules", name)
    try:
        data = yaml.load(source.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise RulePackError(f"{name}: {exc}") from None
    return _parse_pack(data, name, rules)


def _parse_pack(data: Any, name: str, expected_id: str) -> RulePack:
    top = _mapping(data, name, {"pack", "title", "call", "rules"})
    if top.get("pack") != expected_id:
        raise RulePackError(f"{name}: 'pack' must be {expected_id!r}")
    call_keys = {"identify_debtor", "identify_third_party", "mini_miranda", "consumer_relations"}
    call = _mapping(top.get("call"), f"{name}: call", call_keys)
    lexicon = load_lexicon()
    relations = tuple(_strings(call, "consumer_relations", f"{name}: call"))
    for cue in relations:
        if cue not in lexicon.cues:
            raise RulePackError(f"{name}: call.consumer_relations: unknown cue {cue!r}")
    policy = CallPolicy(
        identify_debtor=_parts(call, "identify_debtor", name),
        identify_third_party=_parts(call, "identify_third_party", name),
        mini_miranda=bool(call.get("mini_miranda", False)),
        consumer_relations=relations,
    )
    raw_rules = top.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise RulePackError(f"{name}: 'rules' must be a non-empty list")
    rules = tuple(
        _parse_rule(item, f"{name}: rules[{i}]", lexicon.cues) for i, item in enumerate(raw_rules)
    )
    ids = [rule.id for rule in rules]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RulePackError(f"{name}: duplicate rule id(s) {', '.join(duplicates)}")
    return RulePack(expected_id, str(top.get("title", expected_id)), policy, rules)


def _parse_rule(data: Any, where: str, cues: Mapping[str, Any]) -> Rule:
    item = _mapping(data, where, {"id", "name", "severity", "source", "message", "tip", "checks"})
    for key in ("id", "name", "severity", "source"):
        if not isinstance(item.get(key), str) or not item[key]:
            raise RulePackError(f"{where}: '{key}' must be a non-empty string")
    where = f"{where} ({item['id']})"
    if item["severity"] not in SEVERITIES:
        raise RulePackError(f"{where}: severity must be one of {', '.join(SEVERITIES)}")
    checks = item.get("checks")
    if not isinstance(checks, list) or not checks:
        raise RulePackError(f"{where}: 'checks' must be a non-empty list")
    return Rule(
        id=item["id"],
        name=item["name"],
        severity=item["severity"],
        source=item["source"],
        message=_texts(item.get("message"), f"{where}: message"),
        tip=_texts(item.get("tip"), f"{where}: tip"),
        checks=tuple(_parse_check(c, f"{where}: checks[{i}]", cues) for i, c in enumerate(checks)),
    )


def _parse_check(data: Any, where: str, cues: Mapping[str, Any]) -> Check:
    item = _mapping(
        data, where, {"category", "cues", "call", "when", "unless", "floor", "message", "tip"}
    )
    category = item.get("category")
    if category not in COMPLIANCE_CATEGORIES:
        raise RulePackError(f"{where}: unknown category {category!r}")
    check_cues = tuple(_strings(item, "cues", where))
    call = item.get("call")
    if bool(check_cues) == (call is not None):
        raise RulePackError(f"{where}: give either 'cues' or 'call', not both or neither")
    for cue in check_cues:
        if cue not in cues:
            raise RulePackError(f"{where}: unknown cue {cue!r}")
        missing = [loc for loc in LOCALES if loc not in cues[cue].patterns]
        if missing:  # a US call may be in Chinese and a CN call in English
            raise RulePackError(f"{where}: cue {cue!r} has no {' or '.join(missing)} patterns")
    if call is not None and call not in CALL_CHECKS:
        raise RulePackError(f"{where}: unknown call check {call!r}")
    when, unless = tuple(_strings(item, "when", where)), tuple(_strings(item, "unless", where))
    for flag in (*when, *unless):
        if flag not in CONTEXT_FLAGS:
            raise RulePackError(f"{where}: unknown context flag {flag!r}")
    floor = item.get("floor")
    if floor is not None and floor not in FLOORS:
        raise RulePackError(f"{where}: floor must be one of {', '.join(FLOORS)}")
    return Check(
        category=category,
        cues=check_cues,
        call=call,
        when=when,
        unless=unless,
        floor=floor,
        message=_texts(item["message"], f"{where}: message") if "message" in item else None,
        tip=_texts(item["tip"], f"{where}: tip") if "tip" in item else None,
    )


def _mapping(data: Any, where: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise RulePackError(f"{where}: expected a mapping")
    unknown = set(data) - allowed
    if unknown:
        raise RulePackError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    return data


def _strings(data: Mapping[str, Any], key: str, where: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RulePackError(f"{where}: '{key}' must be a list of names")
    return value


def _parts(call: Mapping[str, Any], key: str, name: str) -> frozenset[str]:
    parts = _strings(call, key, f"{name}: call")
    if not parts or not set(parts) <= set(IDENTITY_PARTS):
        raise RulePackError(f"{name}: call.{key} must list some of {', '.join(IDENTITY_PARTS)}")
    return frozenset(parts)


def _texts(data: Any, where: str) -> dict[str, str]:
    if not isinstance(data, dict) or not all(
        isinstance(data.get(loc), str) and data[loc] for loc in LOCALES
    ):
        raise RulePackError(f"{where}: needs non-empty text for {' and '.join(LOCALES)}")
    return {loc: data[loc] for loc in LOCALES}
