"""Which intents exist: the built-in library shipped as data, per locale."""

from __future__ import annotations

from functools import cache

from simulator.vocabulary import CANONICAL_INTENTS


@cache
def builtin_intent_ids(locale: str) -> tuple[str, ...]:
    return CANONICAL_INTENTS
