"""Weighted patterns that respect negation: the first match outside a negation wins."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from simulator.nlu.library import PatternSpec


@dataclass(frozen=True, slots=True)
class PatternHit:
    pattern: PatternSpec
    start: int
    end: int
    text: str


def find(pattern: PatternSpec, text: str, scopes: Sequence[tuple[int, int]]) -> PatternHit | None:
    """The first match of ``pattern`` in ``text`` that no negation covers.

    "I am not asking you to pay today" does not match a "pay today" pattern (the
    match starts inside a negation), nor does "we can not do a payment plan" match
    "we{g}payment plan" (a negation starts inside the match). A pattern that spells
    its own negation ("will not call you again") is checked only before its start.
    """
    for match in pattern.regex.finditer(text):
        start, end = match.span()
        if pattern.negation != "ignore" and _blocked(start, end, scopes, pattern.negation):
            continue
        return PatternHit(pattern, start, end, match.group())
    return None


def _blocked(start: int, end: int, scopes: Sequence[tuple[int, int]], mode: str) -> bool:
    for begin, stop in scopes:
        if begin <= start < stop:
            return True
        if mode == "any" and start < begin < end:
            return True
    return False
