"""Which intents exist: the built-in library shipped as data, per locale."""

from __future__ import annotations

from functools import cache

from simulator.nlu.library import load_library


@cache
def builtin_intent_ids(locale: str) -> tuple[str, ...]:
    """The canonical intents plus the extras (agree, decline, thank, apologize)."""
    return tuple(load_library(locale).intents)
