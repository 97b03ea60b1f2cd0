"""Cut a turn into sentences with their offsets, quote evidence verbatim, read amounts.

Cues are matched on normalised text, but a trainee must see their own words, so every
sentence keeps the exact slice of the original turn it came from. Turns are capped and
long sentences chunked so that every scan stays linear on pathological input.
"""

from __future__ import annotations

import re

from simulator.language.normalise import normalise
from simulator.language.numbers import EN_NUMBER, en_words_value, zh_value
from simulator.transcript.model import MAX_TURN_CHARS  # beyond it a turn is not read

# live warnings read this much of a turn (whole sentences), the scorecard all of it: far
# longer than anything said in one breath, short enough to check within a turn's time
LIVE_TURN_CHARS = 2_000
MAX_SENTENCE_CHARS = 400  # longer sentences are cut at a space or comma near this size
MAX_EVIDENCE_CHARS = 200

# the abbreviation guards follow the first dot: looking behind at every character
# instead would make this the costliest scan of a turn
_BOUNDARY = re.compile(
    r"[。！？!?；;\n]+|…+|"
    r"\.(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bmr\.)(?<!\bmrs\.)(?<!\bms\.)(?<!\bdr\.)"
    r"\.*(?=\s|$)"
)
_SOFT_BREAK = re.compile(r"[\s,，、]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[a-z]{2}")


_STAGE_DIRECTION = re.compile(r"(?:\s|\([^()]*\)|（[^（）]*）|\[[^\[\]]*\])*")


def is_stage_direction(text: str) -> bool:
    """Only a stage direction, "(The line goes dead.)" / "（对方挂断了电话）": nobody spoke."""
    text = text[:MAX_TURN_CHARS]
    return bool(text.strip()) and _STAGE_DIRECTION.fullmatch(text) is not None


def live_window(text: str) -> str:
    """The opening of an over-long turn that live warnings read: its whole sentences
    within LIVE_TURN_CHARS (a sentence the window cuts off is left out, not half-read)."""
    if len(text) <= LIVE_TURN_CHARS:
        return text
    head = text[:LIVE_TURN_CHARS]
    spans = sentence_spans(head)
    return head[: spans[-1][0]] if len(spans) > 1 else head


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank sentence of ``text``, at most MAX_SENTENCE_CHARS long."""
    text = text[:MAX_TURN_CHARS]
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        spans.extend(_chunks(text, start, match.end()))
        start = match.end()
    spans.extend(_chunks(text, start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = start + MAX_SENTENCE_CHARS
        soft = None
        for match in _SOFT_BREAK.finditer(text, start + MAX_SENTENCE_CHARS // 2, cut):
            soft = match.end()
        cut = soft or cut
        out.append((start, cut))
        start = cut
    if end > start:
        out.append((start, end))
    return out


def scripts(normalised: str) -> tuple[str, ...]:
    """Which lexicon locales apply to a sentence: Chinese if it has CJK, English if Latin."""
    langs: list[str] = []
    if _CJK.search(normalised):
        langs.append("zh-CN")
    if _LATIN_WORD.search(normalised) or not langs:
        langs.append("en-US")
    return tuple(langs)


def quote(original: str, normalised: str, start: int, end: int) -> str:
    """The words of ``original`` around normalised span [start, end), verbatim, trimmed.

    Short sentences are quoted whole (a trainee reads a sentence, not a fragment); a long
    one is cut to a window around the match, mapped back by normalising prefixes.
    """
    text = original.strip()
    if len(text) <= MAX_EVIDENCE_CHARS:
        return text
    lead = len(original) - len(original.lstrip())
    a = _original_offset(original, start) - lead
    b = max(a, _original_offset(original, end) - lead)
    half = max(0, (MAX_EVIDENCE_CHARS - (b - a)) // 2)
    lo, hi = max(0, a - half), min(len(text), b + half)
    space = text.find(" ", lo, a)
    if lo > 0 and space != -1:
        lo = space + 1
    return text[lo:hi].strip()


def _original_offset(original: str, target: int) -> int:
    """Smallest prefix of ``original`` whose normal form reaches ``target`` characters."""
    lo, hi = 0, len(original)
    while lo < hi:
        mid = (lo + hi) // 2
        if len(normalise(original[:mid])) < target:
            lo = mid + 1
        else:
            hi = mid
    return lo


# --- amounts ---------------------------------------------------------------------------

_DIGIT_AMOUNT = re.compile(
    r"(?<![0-9a-z.,])(?:\$|¥|￥|rmb|usd)?\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s?(万|千|k\b)?"
    r"(?![\d%]|\s?(?:%|percent|th\b|st\b|nd\b|rd\b|折|期|个月|天|号|日|点|年|月))"
)
_ZH_NUMERAL = re.compile(
    r"[零〇一二两三四五六七八九十百千万]{2,}(?=元|块|$|[^\u4e00-\u9fff]|[就的吧])"
)
# "fifteen hundred", "twenty-nine dollars": word numbers are money when large or said so
# (a small bare "one", "twelve" is a count: "twelve payments of $280")
_EN_MONEY_WORDS_MIN = 100
_DOLLARS = re.compile(r"\s?(?:dollars|bucks)\b")
# an amount per month, and how many months: "$280 a month over twelve months", "每月1800，分12期"
_PER_MONTH_AFTER = re.compile(
    r"[$¥￥]?\s?[\d,.]+\s?(?:万|千|k)?\s?(?:dollars|bucks|元|块钱|块)?\s?"
    r"(?:(?:a|per|each|every) month|monthly|/\s?mo(?:nth)?\b|每(?:个)?月|一个月)"
)
_PER_MONTH_BEFORE = re.compile(
    r"(?:(?:monthly|(?:a|per|each|every) month)(?: payments?)?(?: of)?"
    r"|(?:payments|installments|instalments) of)\s*$|(?:每(?:个)?月|月供)[^，。,]{0,3}$"
)
_MONTHS = re.compile(
    r"\b(?:over|for|in|across)\s+(?:the next\s+)?(\d+|[a-z]+(?:-[a-z]+)?)\s+months\b"
    r"|\b(\d+|[a-z]+(?:-[a-z]+)?)\s+(?:monthly\s+)?(?:payments|installments|instalments)\b"
    r"|(\d+|[一二两三四五六七八九十]+)\s?(?:个月|期)"
)
_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def amounts(text: str) -> list[tuple[int, float]]:
    """(position, value) of money-like numbers in normalised text, in order.

    Reads "$1,200", "950 dollars", "6500元", "1.5万", "三千", "一万二"; skips
    percentages, ordinals, dates and durations so they are never taken for an offer.
    """
    found: list[tuple[int, float]] = []
    for match in _DIGIT_AMOUNT.finditer(text):
        value = float(match.group(1).replace(",", "") + (match.group(2) or ""))
        unit = match.group(3)
        if unit == "万":
            value *= 10_000
        elif unit in ("千", "k"):
            value *= 1_000
        found.append((match.start(), value))
    for match in _ZH_NUMERAL.finditer(text):
        value = _zh_value(match.group(0))
        if value:
            found.append((match.start(), value))
    for match in EN_NUMBER.finditer(text):
        words = en_words_value(match.group(0))
        if words and (words >= _EN_MONEY_WORDS_MIN or _DOLLARS.match(text, match.end())):
            found.append((match.start(), float(words)))
    return sorted(found)


def total_offered(text: str, pos: int, value: float) -> float | None:
    """What the amount at ``pos`` adds up to: itself, or an instalment times the months.

    A per-month amount whose number of months is not said cannot be judged (None).
    """
    if not (_PER_MONTH_AFTER.match(text, pos) or _PER_MONTH_BEFORE.search(text, 0, pos)):
        return value
    for match in _MONTHS.finditer(text):
        count = next(group for group in match.groups() if group)
        months = int(count) if count.isdigit() else en_words_value(count) or zh_value(count)
        if months and months > 1:
            return value * months
    return None


def _zh_value(numeral: str) -> float:
    """Value of a Chinese numeral, including the spoken "一万二" (12 000) and "三千五" forms."""
    total, section, digit, last_unit = 0, 0, 0, 1
    for char in numeral:
        if char in _ZH_DIGITS:
            digit = _ZH_DIGITS[char]
        elif char == "万":
            total += (section + digit) * 10_000
            section, digit, last_unit = 0, 0, 10_000
        else:
            unit = _ZH_UNITS[char]
            section += (digit or 1) * unit
            digit, last_unit = 0, unit
    if digit and last_unit >= 10 and numeral[-2] in _ZH_UNITS:
        digit *= last_unit // 10
    return float(total + section + digit)
