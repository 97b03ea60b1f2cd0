"""Is a phrase said in the negative? ("we will not call your employer")

A negation cue scopes over the rest of its clause, up to a window ("too old to"
counts as a cue: "too old for anyone to sue you" does not threaten a lawsuit). Clauses end at
punctuation, at contrastive words ("but", "但是"), which flip the scope back, and
(in English) where a subject and a modal start a new clause: "I won't sue you, but
we will report it" and "if you don't pay the car could be repossessed" negate only
the first clause (not after verbs of saying: "I'm not saying we will sue").

Words that look negative but are not are masked first, because they are common in
collection calls and would otherwise hide what follows them: "no problem",
"no worries", "why don't we ...", "can't you ...", "you won't mind paying ..." in
English; "不好意思", "对不起",
"没问题", "不如" and A-not-A questions ("能不能", "方不方便", "有没有") in Chinese.
"""

from __future__ import annotations

import re
from functools import lru_cache

_EN_CUES = re.compile(  # longest first: "no one" is one cue, not "no" then a subject "one"
    r"\b(under no circumstances|in no way|no one|no longer|nobody|nothing|none|neither|nor|"
    r"not|never|no|without|unable to|refuse to|too old (?:for [a-z]+ )?to)\b"
)
_EN_PSEUDO = re.compile(
    r"\b(?:no problems?|not a problem|no worries|no worry|no doubt|not only|not just|no matter|"
    r"if not|whether or not|or not|no later than|not later than|no rush|why not|oh no|"
    r"never mind|no pressure|not mind(?:ing)?|not a bad idea)\b"
    r"|\bno(?=-\w)"
    r"|\bnot (?:paying|making (?:a |the |your )?payments?)"
    r"(?= (?:could|may|might|will|would|can|is)\b)"
    r"|\bno(?= (?:i|we)\b)"
    r"|\b(?:do|does|did|can|could|would|will|should|is|are|was|were|have|has) not"
    r"(?= (?:you|we|i|they)\b)"
)
_EN_BREAK = re.compile(
    r"[.!?;:,]|\b(but|however|although|though|yet|unless|except|and then)\b"
    r"|(?<!saying )(?<!said )(?<!say )(?<!think )(?<!mean )(?<!that )(?<!sure )"
    r"\b(?!not\b|never\b)[a-z']+ (?=(?:might|may|will|would|could|can|should|must)\b)"
)
_ZH_CUES = re.compile(
    r"(不会|不要|不用|不能|不必|不可能|不得|不准|别|没有|没法|没办法|无法|没|未|绝不|决不|从不|并不|"
    r"无需|无须|不)"
)
_ZH_PSEUDO = re.compile(
    r"不好意思|不客气|对不起|不错|不少|不久|不管|不论|要不然|要不|不如|不然|不得不|差不多|不要紧|"
    r"没关系|没问题|没事|了不起|不断|不停|不仅|不只|不光|来不及|忍不住|不行的话|不知道(?=[您你])"
    r"|别的|别人|别处|特别|分别|区别|级别|类别|告别|个别|识别|差别"
    r"|[不没][\u4e00-\u9fff]{0,3}的话"
    r"|([^还])[不没]\1|还不还"
)
_ZH_BREAK = re.compile(r"[。！？；，、,.!?;:：]|但是|但|可是|不过|然而|否则")
_EN_WINDOW = 9  # tokens after the cue
_ZH_WINDOW = 12  # characters after the cue
_WORD = re.compile(r"\S+")


def negated(text: str, start: int, locale: str) -> bool:
    """Whether position ``start`` of normalised ``text`` lies in a negation's scope."""
    return any(begin <= start < end for begin, end in negation_scopes(text, locale))


@lru_cache(maxsize=512)
def negation_scopes(text: str, locale: str) -> tuple[tuple[int, int], ...]:
    """Character ranges of normalised ``text`` that a negation cue covers."""
    zh = locale.startswith("zh")
    masked = _mask(text, _ZH_PSEUDO if zh else _EN_PSEUDO)
    breaks = [m.start() for m in (_ZH_BREAK if zh else _EN_BREAK).finditer(masked)]
    scopes: list[tuple[int, int]] = []
    for cue in (_ZH_CUES if zh else _EN_CUES).finditer(masked):
        clause_end = next((b for b in breaks if b >= cue.end()), len(text))
        if zh:
            end = min(clause_end, cue.end() + _ZH_WINDOW)
        else:
            end = clause_end
            for count, word in enumerate(_WORD.finditer(masked, cue.end(), clause_end), 1):
                if count > _EN_WINDOW:
                    end = word.start()
                    break
        if end > cue.end():
            scopes.append((cue.end(), end))
    return tuple(scopes)


def _mask(text: str, pseudo: re.Pattern[str]) -> str:
    return pseudo.sub(lambda m: "~" * len(m.group()), text)
