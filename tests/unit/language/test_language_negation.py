import pytest

from simulator.language.negation import negated, negation_scopes
from simulator.language.normalise import normalise


def covers(text: str, word: str, locale: str) -> bool:
    norm = normalise(text)
    return negated(norm, norm.index(word), locale)


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("I won't call your employer", "employer", True),
        ("I'm not asking you to pay today", "pay", True),
        ("I won't sue you, but we will report it", "report", False),
        ("if you don't pay it may be reported", "reported", False),
        ("I'm not saying we will sue you", "sue", True),
        ("No problem, I can call you back", "call", False),
        ("no worries i can call you back", "call", False),
        ("Why don't we set up a plan?", "plan", False),
        ("Can't you pay today?", "pay", False),
        ("not paying could lead to fees", "fees", False),
        ("we will never contact you at work", "contact", True),
        ("Then you won't mind paying by phone right now", "paying", False),
        ("No one can take you to court over this", "court", True),
        ("This debt is too old for anyone to sue you over", "sue", True),
        ("It's too old to be sued on", "sued", True),
        ("You wouldn't mind if we called your boss?", "called", False),
    ],
)
def test_english_scopes(text, word, expected):
    assert covers(text, word, "en-US") is expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("我们不会联系您的家人", "联系", True),
        ("我不是让您今天就还清", "还清", True),
        ("您看今天能不能先还一部分", "还一部分", False),
        ("不好意思打扰了，我是平安银行的", "平安", False),
        ("要不您分几个月慢慢还", "分几个月", False),
        ("是收入减少了还是别的原因", "原因", False),
        ("一次还不完的话每个月还多少合适", "多少", False),
        ("不能减免，但是可以分期", "分期", False),
    ],
)
def test_chinese_scopes(text, word, expected):
    assert covers(text, word, "zh-CN") is expected


def test_scope_is_bounded_by_window():
    text = normalise("we will not " + "one two three four five six seven eight nine ten eleven")
    assert negated(text, text.index("two"), "en-US")
    assert not negated(text, text.index("eleven"), "en-US")


def test_scopes_are_ranges_after_the_cue():
    text = normalise("I will not report you")
    ((begin, end),) = negation_scopes(text, "en-US")
    assert text[:begin].endswith("not") and text[begin:end].strip() == "report you"
