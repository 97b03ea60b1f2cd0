"""Closed vocabularies shared by every layer: public ids that are a contract."""

from __future__ import annotations

LOCALES = ("en-US", "zh-CN")
RULE_PACKS = ("us", "cn")
DEFAULT_RULES = {"en-US": "us", "zh-CN": "cn"}
STAGES = ("early", "mid", "late")
PHASES = (
    "opening",
    "verification",
    "disclosure",
    "discovery",
    "negotiation",
    "commitment",
    "closing",
)
KNOWN_PERSONAS = (
    "hardship",
    "hostile",
    "evasive",
    "dispute",
    "attorney",
    "cease",
    "third_party",
    "inconvenient",
    "vulnerable",
)
OUTCOMES = (
    "promise_to_pay",
    "payment_plan",
    "hardship_referral",
    "dispute_recorded",
    "callback_scheduled",
    "cease_honoured",
    "attorney_referral",
    "refused",
    "hung_up",
    "no_resolution",
)
CANONICAL_INTENTS = (
    "greet",
    "identify_self",
    "verify_identity",
    "mini_miranda",
    "state_purpose",
    "ask_reason",
    "express_empathy",
    "ask_capacity",
    "request_payment",
    "offer_plan",
    "offer_hardship",
    "offer_settlement",
    "ask_payment_date",
    "confirm_terms",
    "explain_consequences",
    "handle_dispute",
    "acknowledge_cease",
    "ask_attorney",
    "offer_callback",
    "close_call",
)
COMPLIANCE_CATEGORIES = (
    "disclosure_before_verification",
    "third_party_disclosure",
    "threat_third_party_contact",
    "threat_violence",
    "threat_arrest_or_seizure",
    "threat_legal_action",
    "abusive_language",
    "false_affiliation",
    "false_statement",
    "unauthorized_promise",
    "induce_borrowing",
    "unofficial_channel",
    "unauthorized_fee",
    "harassment",
    "missing_identification",
    "missing_mini_miranda",
    "ignored_attorney",
    "ignored_cease",
    "ignored_dispute",
    "ignored_inconvenience",
)
EMPATHY_POSITIVE = ("name_emotion", "reflect", "open_question", "validate", "collaborate", "affirm")
EMPATHY_NEGATIVE = ("blame", "dismiss_distress", "sarcasm")
SPEAKERS = ("agent", "debtor", "third_party")
MODES = ("practice", "test")
ENTITY_KINDS = ("money", "date", "number", "method", "text")
