"""Numbers written in words: "a hundred and fifty", "一百五十", "两千五", "1.5万"."""

from __future__ import annotations

import re

_EN_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}  # fmt: skip
_EN_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
EN_NUMBER_WORDS = "|".join(sorted((set(_EN_SMALL) | set(_EN_SCALE)) - {"a", "an"}, key=len)[::-1])
EN_NUMBER = re.compile(
    rf"\b(?:(?:a|an) )?(?:{EN_NUMBER_WORDS})(?:[ -](?:and )?(?:{EN_NUMBER_WORDS}))*\b"
)
_ZH_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
    "八": 8, "九": 9,
}  # fmt: skip
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
ZH_NUMBER = re.compile(
    r"(?:\d{1,12}(?:\.\d{1,4})?|[零〇一二两三四五六七八九十])"
    r"(?:[零〇一二两三四五六七八九十百千万亿]|(?<=[十百千万亿])\d{1,4}){0,12}"
)
_ZH_TOKEN = re.compile(r"\d+(?:\.\d+)?|.")


def en_words_value(phrase: str) -> int | None:
    """The value of an English number phrase, or None if it is not one."""
    total = current = 0
    seen = False
    for word in re.split(r"[ -]+", phrase.strip()):
        if word == "and":
            continue
        if word in _EN_SMALL:
            current += _EN_SMALL[word]
            seen = seen or word not in ("a", "an")
        elif word in _EN_SCALE:
            scale = _EN_SCALE[word]
            current = max(current, 1) * scale
            if scale >= 1000:
                total, current = total + current, 0
            seen = True
        else:
            return None
    return total + current if seen else None


def zh_value(text: str) -> float | None:
    """The value of a Chinese or mixed numeral ("一百五", "1.5万", "八千五"), or None."""
    total = section = 0.0
    number: float | None = None
    last_unit = biggest = 0
    zero = False
    tokens = _ZH_TOKEN.findall(text)
    for token in tokens:
        if token in ("零", "〇") and last_unit:
            zero = True
        elif token[0].isdigit() or token in _ZH_DIGITS:
            number = float(token) if token[0].isdigit() else float(_ZH_DIGITS[token])
        elif token in _ZH_UNITS:
            unit = _ZH_UNITS[token]
            if unit >= 10_000:
                group = section + (number if number is not None else (0.0 if section else 1.0))
                total = total + group * unit if unit < biggest else (total + group) * unit
                biggest = max(biggest, unit)
                section = 0.0
            else:
                section += (1.0 if number is None else number) * unit
            number, last_unit, zero = None, unit, False
        else:
            return None
    if not tokens:
        return None
    if number is not None:
        # A bare digit after a unit is colloquial for the next unit down: 八千五 = 8500.
        if last_unit >= 100 and not zero and number < 10 and len(tokens[-1]) == 1:
            number *= last_unit // 10
        section += number
    return total + section
