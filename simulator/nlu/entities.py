"""Money, instalment counts, dates and payment methods in what the trainee said.

These feed plan scoring and a scenario's ``capture:``. Finders run in a fixed
order and each claims the characters it reads, so one number is one entity: "6
payments of $200 on the 15th" is number 6, money 200 and date "day 15". Explicit
money and dates go first; then numbers that are something else (days past due,
the last four digits, percentages, times of day, ids) are claimed and dropped;
then instalment counts. A bare figure of 10 or more that nothing else claims is
money ("can you do 1,200?").

Dates come back as short English descriptions in both locales ("day 15",
"next friday", "december 3", "end of month", "tomorrow"), so plan scoring and
transcripts compare them without caring which language the call was in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from simulator.language.numbers import (
    EN_NUMBER,
    EN_NUMBER_WORDS,
    ZH_NUMBER,
    en_words_value,
    zh_value,
)
from simulator.nlu.model import Entity

Found = tuple[int, int, str, float | int | str]  # start, end, kind, value
Finder = Callable[[str], Iterator[Found]]

_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_MONTH_RE = (
    r"(january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
)
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_RE = (
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues|tue|wed|thurs|thu|fri|sat|sun)"
)
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
_ORDINAL_RE = (
    r"(?:(?:twenty|thirty)[ -])?(" + "|".join(sorted(_ORDINAL_WORDS, key=len)[::-1]) + r")"
)
_NUM = r"\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,4})?|\d{1,12}(?:\.\d{1,4})?"
_WORDS = rf"(?:(?:a|an) )?(?:{EN_NUMBER_WORDS})(?:[ -](?:and )?(?:{EN_NUMBER_WORDS}))*"

_EN_IGNORE = re.compile(
    rf"\b(?:{_NUM}|{_WORDS}) ?(?:-| )?(?:%|percent\b|per cent\b|days?\b|weeks?\b|hours?\b|"
    r"minutes?\b|mins?\b|years?\b|yrs?\b|digits?\b|numbers?\b|am\b|pm\b|a\.m\.|p\.m\.|"
    r"o'clock\b|times\b|calls?\b|people\b|kids\b|children\b)"
    rf"|\b(?:last|ending in|ends in|ending with|id|number|no\.|#) ?(?:{_NUM}|four|six)\b"
    r"|\b\d{3}[-. ]\d{3,4}(?:[-. ]\d{4})?\b|\b\d{5,}\b"
    r"|\b(?:at|after|before|around|by|until) \d{1,2}(?::\d{2})?(?= ?(?:tonight|today|tomorrow|"
    r"this|in the|o'clock)|[.,!?]|$)"
    r"|\b\d{1,2}:\d{2}\b"
    rf"|\b(?:in|since|of|year|{_MONTH_RE}),? (?:19|20)\d{{2}}\b"
)
_EN_MONEY = re.compile(
    rf"\$ ?({_NUM})( ?k\b)?|\b({_NUM})( ?k\b)? ?(?:dollars?|bucks|usd)\b"
    rf"|\b({_WORDS}) (?:dollars?|bucks)\b|\b({_NUM}) ?k\b"
)
_EN_COUNT = re.compile(
    rf"\b({_NUM}|{_WORDS})(?: |-)(?:(?:equal|monthly|weekly|biweekly|bi-weekly|separate|"
    r"smaller|small|more|additional|installment|instalment) )*(?:payments|installments|"
    r"instalments|months|month\b|pieces|parts|checks)\b"
    rf"|\b(?:split|break|broke|divide)(?: it| this| that| the balance| the amount)? (?:up )?"
    rf"(?:into|in) ({_NUM}|{_WORDS})\b"
)
_EN_DATE = re.compile(
    r"\b(?P<today>today|tonight|this (?:morning|afternoon|evening))\b"
    r"|\b(?P<dat>day after tomorrow)\b"
    r"|\b(?P<tomorrow>tomorrow)\b"
    r"|\b(?P<edge>end|beginning|start|middle) of (?:the |this )?(?P<edge_next>next )?"
    r"(?P<edge_unit>month|week|year)\b"
    r"|\b(?P<rel>next|this) (?P<rel_unit>week|month)\b"
    rf"|\b(?P<md_month>{_MONTH_RE}) (?:the )?(?P<md_day>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"|\b(?:the )?(?P<dm_day>\d{{1,2}})(?:st|nd|rd|th)? of (?P<dm_month>{_MONTH_RE})\b"
    rf"|\b(?:(?P<ord_on>on|by|before|until) the |the )?(?P<ord_word>{_ORDINAL_RE})"
    r"(?P<ord_month> of (?:the |each |every )?month)?\b"
    r"|\b(?:the )?(?P<ord>\d{1,2})(?:st|nd|rd|th)\b(?: of (?:the |each |every )?month)?"
    r"|\b(?P<slash_m>\d{1,2})/(?P<slash_d>\d{1,2})(?:/\d{2,4})?\b"
    rf"|\b(?:(?P<wk_rel>this|next|coming|this coming) )?(?P<wk_day>{_DAY_RE})s?\b"
    r"|\bin (?P<in_n>\d+|[a-z]+) days\b"
    r"|\b(?P<payday>(?:next )?payday)\b"
)
_EN_BARE = re.compile(rf"(?<![\w.,$])({_NUM})(?![\w%])")
_EN_METHODS = [
    (re.compile(r"\b(?:my|our) (?:own |personal )?(?:account|venmo|zelle|paypal|cash ?app)\b"
                r"|\bpersonal (?:account|venmo|zelle|paypal|cash ?app)\b"), "personal_account"),
    (re.compile(r"\bdebit(?: card)?\b|\b(?:by|with|via|using|through|over|on your|with your|"
                r"from your|on the|with a|by) (?:credit |debit |bank )?card\b"), "debit_card"),
    (re.compile(r"\b(?:bank transfer|wire(?: transfer)?|ach|routing number|checking account|"
                r"savings account|direct debit|bank account|autopay|auto-pay|auto pay|eft)\b"),
     "bank_transfer"),
    (re.compile(r"\b(?:by|with|via|a|mail|mailed|send|sending|write|personal|paper) (?:a )?"
                r"(?:check|cheque)\b|\bcheque\b|\bmoney order\b"), "check"),
    (re.compile(r"\b(?:online|website|web site|portal|zelle|paypal|venmo)\b"), "online"),
    (re.compile(r"\b(?:app|mobile app|cash ?app)\b"), "app"),
    (re.compile(r"\bcash\b"), "cash"),
]  # fmt: skip

_APPOSITION = re.compile(r"(?:[ ,，、]|the\b)*")
_SALIENCE_WINDOW = 16
_CLAUSE_BREAK = re.compile(r"[,，。!?;；:：]|(?<!\d)\.(?!\d)")
# (said before it, said right after it, set aside before it): what makes an amount the one to pay
_EN_SALIENCE = (
    re.compile(
        r"\b(?:pay|paying|payment of|do|send|put down|make it|how about|at least|just|only|"
        r"start with|afford|manage|need|take|accept|settle for|of)\W*$"
    ),
    re.compile(
        r" ?(?:a|per|each|every) (?:month|week)\b| ?(?:monthly|weekly|today|now|down|to start)\b"
    ),
    re.compile(
        r"\b(?:except|other than|excluding|besides|minus|apart from|not counting|aside from)\b"
    ),
)
_ZH_SALIENCE = (
    re.compile(
        r"(?:还|付|每月|每个月|每期|首期|第一期|先还|转|其余的|剩下的|只需|只要|凑)[^，,。.!?；;]{0,4}$"
    ),
    re.compile(r"(?:就行|吧|先还|还上|就可以)"),
    re.compile(r"(?:除了|除去|不含|不包括|扣掉|减去|减掉)"),
)

_ZH_NUM = ZH_NUMBER.pattern
_ZH_IGNORE = re.compile(
    rf"(?:尾号|工号|编号|卡号) ?(?:{_ZH_NUM})|[后末](?:{_ZH_NUM})位"
    rf"|(?:{_ZH_NUM})(?:多)?(?:天|日内|小时|个小时|分钟|年|岁|个人|次|%|点钟|点半|点|折|成|位|周岁|个工作日)"
    rf"|百分之(?:{_ZH_NUM})|\d{{7,}}"
    rf"|打(?:{_ZH_NUM})折"
)
_ZH_MONEY = re.compile(
    rf"(?:¥|￥|rmb|人民币) ?({_ZH_NUM})"
    rf"|({_ZH_NUM}) ?(?:元|块钱|块|圆|人民币|rmb)"
)
_ZH_COUNT = re.compile(rf"分(?:成)?({_ZH_NUM})(?:期|个月|次)|({_ZH_NUM})期")
_ZH_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_ZH_DATE = re.compile(
    r"(?P<today>今天|今晚|今日|今儿)"
    r"|(?P<dat>大?后天)"
    r"|(?P<tomorrow>明天|明日|明早|明晚|明儿)"
    r"|(?:(?P<wk_rel>下下|下|这|本|这个|下个)?(?:周|星期|礼拜)(?P<wk_day>[一二三四五六日天]))"
    rf"|(?P<md_month>{_ZH_NUM})月(?P<md_day>{_ZH_NUM})[号日]"
    rf"|(?P<day>{_ZH_NUM})[号日](?!内)"
    r"|(?P<eom_next>下个?)?(?P<eom>月底|月末)"
    r"|(?P<som>月初)"
    r"|(?P<nextmonth>下个?月)"
    r"|(?P<nextweek>下周|下个星期|下个礼拜|下星期|下礼拜)"
    r"|(?P<thisweek>这周|本周|这个星期|这星期|这礼拜)"
    r"|(?P<eoy>年底|年末)"
)
_ZH_BARE = re.compile(
    r"(?<![\d.])(\d{1,12}(?:\.\d{1,4})?万?"
    r"|[一二两三四五六七八九][零一二两三四五六七八九十百千万]{0,6}[百千万][零一二两三四五六七八九十百千万]{0,6})"
)
_ZH_METHODS = [
    (re.compile(r"(?:我的|个人|私人|我个人的|我私人的)(?:账户|账号|卡|银行卡|微信|支付宝)"),
     "personal_account"),
    (re.compile(r"微信"), "wechat"),
    (re.compile(r"支付宝"), "alipay"),
    (re.compile(r"手机银行|app|掌上银行|手机客户端|客户端"), "app"),
    (re.compile(r"网银|网上银行|官网|线上|网上"), "online"),
    (re.compile(r"银行转账|转账|对公账户|汇款"), "bank_transfer"),
    (re.compile(r"借记卡|储蓄卡|银行卡|还款卡|自动扣款|代扣"), "debit_card"),
    (re.compile(r"现金|柜台"), "cash"),
]  # fmt: skip


def extract(text: str, locale: str, scopes: Sequence[tuple[int, int]] = ()) -> tuple[Entity, ...]:
    """Entities in normalised ``text``, in the order they were said.

    A date or method inside a negation's ``scopes`` was ruled out, not proposed
    ("you don't need the app", "I can't do Friday"), so it is left out; amounts
    stay ("we can't go lower than $450"). Dates said in apposition ("Thursday,
    October 22nd") are one date: the most specific is kept.
    """
    zh = locale.startswith("zh")
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    finders: tuple[Finder, ...] = (
        (_zh_money, _zh_dates, _zh_ignore, _zh_counts, _zh_bare)
        if zh
        else (_en_money, _en_dates, _en_ignore, _en_counts, _en_bare)
    )
    for finder in finders:
        for start, end, kind, value in finder(text):
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            if kind != "ignore":
                found.append((start, end, kind, value))
    found.extend(_methods(text, _ZH_METHODS if zh else _EN_METHODS))
    found = [
        f
        for f in found
        if f[2] not in ("date", "method") or not any(a <= f[0] < b for a, b in scopes)
    ]
    found.sort(key=lambda f: (f[0], f[1]))
    found = _one_date_per_mention(text, found)
    cues = _ZH_SALIENCE if zh else _EN_SALIENCE
    return tuple(
        Entity(
            kind,
            value,
            text[start:end],
            _salience(text, start, end, cues) if kind == "money" else 0,
        )
        for start, end, kind, value in found
    )


def _one_date_per_mention(text: str, found: list[Found]) -> list[Found]:
    """Collapse dates in apposition ("tomorrow, Friday, October 30th") to the most specific."""
    out: list[Found] = []
    for item in found:
        previous = out[-1] if out else None
        if (
            previous is not None
            and item[2] == previous[2] == "date"
            and _APPOSITION.fullmatch(text[previous[1] : item[0]])
        ):
            if _specificity(str(item[3])) > _specificity(str(previous[3])):
                out[-1] = item
            continue
        out.append(item)
    return out


def _specificity(value: str) -> int:
    """A calendar date beats a day of the month, which beats a weekday, then the rest."""
    if re.fullmatch(r"[a-z]+ \d{1,2}", value) and value.split()[0] in _MONTHS:
        return 3
    if value.startswith("day "):
        return 2
    if any(value.endswith(day) for day in _DAYS):
        return 1
    return 0


def _salience(
    text: str, start: int, end: int, cues: tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]
) -> int:
    """1 when the clause says this is the amount to pay, -1 when it sets it aside."""
    before, after, aside = cues
    left = _CLAUSE_BREAK.split(text[max(0, start - _SALIENCE_WINDOW) : start])[-1]
    if aside.search(left):
        return -1
    if before.search(left) or after.match(text, end):
        return 1
    return 0


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


def _en_value(token: str) -> float | None:
    token = token.strip()
    if re.fullmatch(_NUM, token):
        return float(token.replace(",", ""))
    if EN_NUMBER.fullmatch(token):
        words = en_words_value(token)
        return float(words) if words is not None else None
    return None


def _en_ignore(text: str) -> Iterator[Found]:
    for m in _EN_IGNORE.finditer(text):
        yield m.start(), m.end(), "ignore", ""


def _en_money(text: str) -> Iterator[Found]:
    for m in _EN_MONEY.finditer(text):
        groups = m.groups()
        figure = next(g for g in (groups[0], groups[2], groups[4], groups[5]) if g)
        value = _en_value(figure)
        if value is None:
            continue
        thousands = bool(groups[1] or groups[3] or groups[5])
        yield m.start(), m.end(), "money", _number(value * 1000 if thousands else value)


def _en_counts(text: str) -> Iterator[Found]:
    for m in _EN_COUNT.finditer(text):
        value = _en_value(m.group(1) or m.group(2))
        if value is not None and 1 <= value <= 120 and value.is_integer():
            yield m.start(), m.end(), "number", int(value)


def _en_dates(text: str) -> Iterator[Found]:
    for m in _EN_DATE.finditer(text):
        value = _en_date_value(m)
        if value:
            yield m.start(), m.end(), "date", value


def _month(name: str) -> str:
    name = name.rstrip(".")
    return next(full for full in _MONTHS if full.startswith(name[:3]))


def _day(name: str) -> str:
    return next(full for full in _DAYS if full.startswith(name[:3]))


def _en_date_value(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    if g["today"]:
        return "today"
    if g["dat"]:
        return "day after tomorrow"
    if g["tomorrow"]:
        return "tomorrow"
    if g["edge"]:
        edge = "start" if g["edge"] == "beginning" else g["edge"]
        return f"{edge} of {'next ' if g['edge_next'] else ''}{g['edge_unit']}"
    if g["rel"]:
        return f"{g['rel']} {g['rel_unit']}"
    if g["md_month"]:
        day = int(g["md_day"])
        return f"{_month(g['md_month'])} {day}" if 1 <= day <= 31 else None
    if g["dm_month"]:
        day = int(g["dm_day"])
        return f"{_month(g['dm_month'])} {day}" if 1 <= day <= 31 else None
    if g["ord_word"]:
        base = _ORDINAL_WORDS[g["ord_word"]]
        tens = 20 if "twenty" in m.group() else 30 if "thirty" in m.group() else 0
        day = base + tens if base < 10 else base
        if not (g["ord_on"] or g["ord_month"]):
            return None  # "the first payment" is not a date; "on the first" is
        return f"day {day}" if 1 <= day <= 31 else None
    if g["ord"]:
        day = int(g["ord"])
        return f"day {day}" if 1 <= day <= 31 else None
    if g["slash_m"]:
        month, day = int(g["slash_m"]), int(g["slash_d"])
        return f"{_MONTHS[month - 1]} {day}" if 1 <= month <= 12 and 1 <= day <= 31 else None
    if g["wk_day"]:
        rel = g["wk_rel"]
        day = _day(g["wk_day"])
        if rel == "next":
            return f"next {day}"
        return f"this {day}" if rel else day
    if g["in_n"]:
        n = _en_value(g["in_n"])
        return f"in {int(n)} days" if n is not None else None
    if g["payday"]:
        return "payday"
    return None


def _en_bare(text: str) -> Iterator[Found]:
    for m in _EN_BARE.finditer(text):
        value = float(m.group(1).replace(",", ""))
        if value >= 10:
            yield m.start(), m.end(), "money", _number(value)


def _zh_ignore(text: str) -> Iterator[Found]:
    for m in _ZH_IGNORE.finditer(text):
        yield m.start(), m.end(), "ignore", ""


def _zh_money(text: str) -> Iterator[Found]:
    for m in _ZH_MONEY.finditer(text):
        value = zh_value(m.group(1) or m.group(2))
        if value is not None:
            yield m.start(), m.end(), "money", _number(value)


def _zh_counts(text: str) -> Iterator[Found]:
    for m in _ZH_COUNT.finditer(text):
        value = zh_value(m.group(1) or m.group(2))
        if value is not None and 1 <= value <= 120 and value.is_integer():
            yield m.start(), m.end(), "number", int(value)


def _zh_dates(text: str) -> Iterator[Found]:
    for m in _ZH_DATE.finditer(text):
        value = _zh_date_value(m)
        if value:
            yield m.start(), m.end(), "date", value


def _zh_date_value(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    if g["today"]:
        return "today"
    if g["dat"]:
        return "day after tomorrow" if g["dat"] == "后天" else "in 3 days"
    if g["tomorrow"]:
        return "tomorrow"
    if g["wk_day"]:
        day = _DAYS[_ZH_WEEKDAY[g["wk_day"]]]
        rel = g["wk_rel"] or ""
        if rel.startswith("下"):
            return ("week after next " if rel == "下下" else "next ") + day
        return f"this {day}" if rel else day
    if g["md_month"]:
        month, day = zh_value(g["md_month"]), zh_value(g["md_day"])
        if month and day and 1 <= month <= 12 and 1 <= day <= 31:
            return f"{_MONTHS[int(month) - 1]} {int(day)}"
        return None
    if g["day"]:
        day = zh_value(g["day"])
        return f"day {int(day)}" if day and day.is_integer() and 1 <= day <= 31 else None
    if g["eom"]:
        return "end of next month" if g["eom_next"] else "end of month"
    if g["som"]:
        return "start of month"
    if g["nextmonth"]:
        return "next month"
    if g["nextweek"]:
        return "next week"
    if g["thisweek"]:
        return "this week"
    if g["eoy"]:
        return "end of year"
    return None


def _zh_bare(text: str) -> Iterator[Found]:
    for m in _ZH_BARE.finditer(text):
        value = zh_value(m.group(1))
        if value is not None and value >= 10:
            yield m.start(), m.end(), "money", _number(value)


def _methods(text: str, table: list[tuple[re.Pattern[str], str]]) -> Iterator[Found]:
    claimed: list[tuple[int, int]] = []
    for regex, method in table:
        for m in regex.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in claimed):
                continue
            claimed.append(m.span())
            yield m.start(), m.end(), "method", method
