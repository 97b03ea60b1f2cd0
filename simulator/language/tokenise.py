"""Words, stems, Chinese characters and clause pieces of normalised text.

English is split into words and lightly stemmed (no dictionary: "payments",
"paying" and "pay" meet, "making" and "make" meet). Chinese is not segmented into
words at all: it is read as characters and character pairs, which needs no
dictionary, has no segmentation errors to propagate and keeps working on the
domain jargon a general-purpose segmenter does not know (停息挂账, 个性化分期).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

_EN_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_ZH_UNIT = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[a-z0-9]+")
_SENTENCE = re.compile(r"[^.!?;。！？；\n]+")
_COMMA = re.compile(r"[^,，、:：]+")
_DOUBLE = re.compile(r"([b-df-hj-np-tv-z])\1$")
_KEEP_DOUBLE = ("ll", "ss", "zz", "ff")


class Token(NamedTuple):
    """A word or character and where it lies (a tuple: every turn makes dozens)."""

    text: str
    start: int
    end: int


@lru_cache(maxsize=8)
def en_words(text: str) -> tuple[Token, ...]:
    """English words of normalised text, possessive "'s" dropped.

    Remembered for a few texts: typo repair and similarity read the same turn.
    """
    out = []
    for m in _EN_WORD.finditer(text):
        word = m.group()
        if word.endswith("'s"):
            word = word[:-2]
        out.append(Token(word, m.start(), m.end()))
    return tuple(out)


def zh_units(text: str) -> list[Token]:
    """Chinese characters one by one, and any Latin words or digit runs whole."""
    return [Token(m.group(), m.start(), m.end()) for m in _ZH_UNIT.finditer(text)]


def stem(word: str) -> str:
    """A light suffix stripper: enough to meet inflections, never a dictionary."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith(("ies", "ied")) and len(word) > 4:
        return word[:-3] + "y"
    for suffix, minimum in (("ing", 6), ("ed", 5), ("ly", 6)):
        if word.endswith(suffix) and len(word) >= minimum:
            word = word[: -len(suffix)]
            if _DOUBLE.search(word) and not word.endswith(_KEEP_DOUBLE):
                word = word[:-1]
            break
    else:
        if word.endswith(("sses", "ches", "shes", "xes")):
            word = word[:-2]
        elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def pieces(text: str, limit: int = 12) -> list[tuple[int, int]]:
    """Spans of sentences, then of the comma-separated parts of long sentences.

    One utterance often carries one intent per clause ("I understand, how much can
    you pay?"), so comparing each clause on its own finds both.
    """
    spans: list[tuple[int, int]] = []
    for sentence in _SENTENCE.finditer(text):
        if sentence.group().strip():
            spans.append(sentence.span())
    for begin, end in list(spans):
        parts = [m.span() for m in _COMMA.finditer(text, begin, end) if m.group().strip()]
        if len(parts) > 1:
            spans.extend(parts)
    seen: set[tuple[int, int]] = set()
    unique = []
    for span in spans:
        if span not in seen:
            seen.add(span)
            unique.append(span)
    return unique[:limit]
