"""Is a phrase said in the negative? ("we will not call your employer")

A negation cue scopes over the rest of its clause, up to a window. Clauses end at
punctuation and at contrastive words ("but", "但是"), which flip the scope back:
"I won't sue you, but we will report it" negates only the first clause.
"""

from __future__ import annotations

import re

_EN_CUES = re.compile(
    r"\b(not|never|no|nobody|nothing|none|neither|nor|without|no one|no longer|"
    r"under no circumstances|in no way|refuse to)\b"
)
_EN_BREAK = re.compile(r"[.!?;:,]|\b(but|however|although|though|yet|unless|except|and then)\b")
_ZH_CUES = re.compile(
    r"(不会|不要|不用|不能|不必|不可能|不得|不准|别|没有|没|未|绝不|决不|从不|并不|无需|无须|不)"
)
_ZH_BREAK = re.compile(r"[。！？；，,.!?;:：]|但是|但|可是|不过|然而|否则")
_EN_WINDOW = 8  # tokens
_ZH_WINDOW = 12  # characters


def negated(text: str, start: int, locale: str) -> bool:
    """Whether position ``start`` of normalised ``text`` lies in a negation's scope."""
    if locale.startswith("zh"):
        return _zh_negated(text, start)
    return _en_negated(text, start)


def _clause_start(text: str, start: int, breaks: re.Pattern[str]) -> int:
    begin = 0
    for match in breaks.finditer(text, 0, start):
        begin = match.end()
    return begin


def _en_negated(text: str, start: int) -> bool:
    begin = _clause_start(text, start, _EN_BREAK)
    window = text[begin:start]
    for cue in _EN_CUES.finditer(window):
        between = window[cue.end() :]
        if len(between.split()) <= _EN_WINDOW:
            return True
    return False


def _zh_negated(text: str, start: int) -> bool:
    begin = _clause_start(text, start, _ZH_BREAK)
    window = text[max(begin, start - _ZH_WINDOW) : start]
    return bool(_ZH_CUES.search(window))
