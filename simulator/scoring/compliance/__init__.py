"""Compliance scoring: US (FDCPA, Regulation F) and mainland-China rule packs.

``ComplianceMonitor`` follows a call turn by turn (the engine's live warnings);
``check_transcript`` scores a whole transcript (the scorecard); ``load_rule_pack``
describes a pack's rules for docs and the scorecard.
"""

from simulator.scoring.compliance.monitor import ComplianceMonitor, check_transcript
from simulator.scoring.compliance.pack import Check, Rule, RulePack, RulePackError, load_rule_pack

__all__ = [
    "Check",
    "ComplianceMonitor",
    "Rule",
    "RulePack",
    "RulePackError",
    "check_transcript",
    "load_rule_pack",
]
