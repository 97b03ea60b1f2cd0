"""One normal form for trainee and debtor text, so matching ignores surface noise.

Full-width characters and compatibility forms fold with NFKC, case with casefold,
typographic quotes to ASCII, and English contractions expand ("won't" -> "will not")
so negation has one spelling to find.
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "`": "'", "“": '"', "”": '"'})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")
_CONTRACTIONS = [
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bcannot\b"), "can not"),
    (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"\bain't\b"), "is not"),
    (re.compile(r"\b(\w+)n't\b"), r"\1 not"),
    (re.compile(r"\bwont\b"), "will not"),
    (re.compile(r"\bdont\b"), "do not"),
    (re.compile(r"\bdoesnt\b"), "does not"),
    (re.compile(r"\bdidnt\b"), "did not"),
    (re.compile(r"\bcant\b"), "can not"),
    (re.compile(r"\bisnt\b"), "is not"),
    (re.compile(r"\bi'm\b"), "i am"),
    (re.compile(r"\bim\b"), "i am"),
    (re.compile(r"\b(you|we|they)'re\b"), r"\1 are"),
    (re.compile(r"\b(i|you|we|they)'ve\b"), r"\1 have"),
    (re.compile(r"\b(i|you|we|they|he|she|it)'ll\b"), r"\1 will"),
    (re.compile(r"\b(i|you|we|they|he|she)'d\b"), r"\1 would"),
    (re.compile(r"\b(it|that|what|there|here|he|she|who)'s\b"), r"\1 is"),
    (re.compile(r"\blet's\b"), "let us"),
]
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def normalise(text: str) -> str:
    """Fold width, case, quotes, control characters and (English) contractions."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _CONTROL.sub(" ", text).casefold()
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return _SPACE.sub(" ", text).strip()
