"""One normal form for trainee and debtor text, so matching ignores surface noise.

Full-width characters and compatibility forms fold with NFKC, case with casefold,
typographic quotes to ASCII, English contractions and chat spellings expand
("won't" -> "will not", "u" -> "you") so negation and patterns have one spelling
to find, and spaces between Chinese characters go (typing "您好 我是" is the same
utterance as "您好我是").
"""

from __future__ import annotations

import re
import unicodedata

from simulator.language.prefilter import screen

_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‛": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"'}
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_SPACE = re.compile(r"\s+")
_CJK_CHAR = r"[\u3400-\u9fff\uf900-\ufaff]"
_CJK_GAP = re.compile(rf"(?<={_CJK_CHAR}) (?={_CJK_CHAR})")
_ILL_VERBS = (
    "be|call|check|do|email|follow|get|give|go|have|let|look|mail|make|mark|note|pass|put|"
    "reach|ring|see|send|set|take|talk|text|try|update"
)
_REWRITES = [
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bcannot\b"), "can not"),
    (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"\bain't\b"), "is not"),
    (re.compile(r"\b(\w+)n't\b"), r"\1 not"),
    (re.compile(r"\bwont\b"), "will not"),
    (re.compile(r"\bcant\b"), "can not"),
    (
        re.compile(
            r"\b(do|does|did|is|are|was|were|has|have|had|could|would|should|must|need)nt\b"
        ),
        r"\1 not",
    ),
    (re.compile(r"\bi'm\b"), "i am"),
    (re.compile(r"\bim\b"), "i am"),
    (re.compile(r"\b(you|we|they)'re\b"), r"\1 are"),
    (re.compile(r"\b(you|they)re\b"), r"\1 are"),
    (re.compile(r"\b(i|you|we|they)'ve\b"), r"\1 have"),
    (re.compile(r"\b(i|you|they)ve\b"), r"\1 have"),
    (re.compile(r"\b(i|you|we|they|he|she|it|that|there)'ll\b"), r"\1 will"),
    (re.compile(r"\b(you|they)ll\b"), r"\1 will"),
    (re.compile(rf"\bill (?=(?:{_ILL_VERBS})\b)"), "i will "),
    (re.compile(r"\b(i|you|we|they|he|she)'d\b"), r"\1 would"),
    (re.compile(r"\b(it|that|what|there|here|he|she|who|where|when|how)'s\b"), r"\1 is"),
    (re.compile(r"\b(that|what|there|where|how)s\b"), r"\1 is"),
    (re.compile(r"\blet's\b"), "let us"),
    (re.compile(r"\by'all\b"), "you all"),
    (re.compile(r"\bgonna\b"), "going to"),
    (re.compile(r"\bwanna\b"), "want to"),
    (re.compile(r"\bgotta\b"), "got to"),
    (re.compile(r"\blemme\b"), "let me"),
    (re.compile(r"\bgimme\b"), "give me"),
    (re.compile(r"\bdunno\b"), "do not know"),
    (re.compile(r"\bidk\b"), "i do not know"),
    (re.compile(r"\b(u|ya)\b(?!\.\w)"), "you"),
    (re.compile(r"\bur\b"), "your"),
    (re.compile(r"\br (?=you\b)"), "are "),
    (re.compile(r"\b(pls|plz|plse)\b"), "please"),
    (re.compile(r"\b(thx|thanx|thnx|tks)\b"), "thanks"),
    (re.compile(r"\b(tmrw|tmr|tmrow|tomoz|2moro|2morrow)\b"), "tomorrow"),
    (re.compile(r"\btonite\b"), "tonight"),
    (re.compile(r"\b(cuz|coz|bc|b/c)\b"), "because"),
    (re.compile(r"'cause\b"), "because"),
    (re.compile(r"\babt\b"), "about"),
    (re.compile(r"\bacct\b"), "account"),
    (re.compile(r"\bamt\b"), "amount"),
    (re.compile(r"\b(wat|wut|wot)\b"), "what"),
    (re.compile(r"\bwen\b"), "when"),
    (re.compile(r"\bthru\b"), "through"),
    (re.compile(r"\btil\b"), "until"),
    (re.compile(r"\bw/"), "with "),
    (re.compile(r" & "), " and "),
]
_SCREENED_REWRITES = [(pattern, rewrite, screen(pattern)) for pattern, rewrite in _REWRITES]
"""Each rewrite behind a screen: most are skipped after a quick search for a word."""
_CJK = re.compile(_CJK_CHAR)


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def normalise(text: str) -> str:
    """Fold width, case, quotes, control characters and English contractions/slang."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _CONTROL.sub(" ", text).casefold()
    if re.search(r"[a-z]", text):
        for pattern, replacement, possible in _SCREENED_REWRITES:
            if possible(text):
                text = pattern.sub(replacement, text)
    text = _SPACE.sub(" ", text).strip()
    return _CJK_GAP.sub("", text)
