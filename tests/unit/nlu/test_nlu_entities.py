import pytest

from simulator.nlu import Understander


def found(locale: str, text: str) -> list[tuple[str, object]]:
    result = Understander.for_locale(locale).understand(text)
    return [(e.kind, e.value) for e in result.entities]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Can you pay $150 today?", [("money", 150), ("date", "today")]),
        ("150 bucks by Friday", [("money", 150), ("date", "friday")]),
        ("a hundred and fifty dollars", [("money", 150)]),
        ("could you do 1,200?", [("money", 1200)]),
        ("$49.99 on the 15th", [("money", 49.99), ("date", "day 15")]),
        ("6 payments of $200", [("number", 6), ("money", 200)]),
        ("split it into twelve monthly payments", [("number", 12)]),
        ("next Friday by debit card", [("date", "next friday"), ("method", "debit_card")]),
        ("on December 3 by check", [("date", "december 3"), ("method", "check")]),
        ("by the end of the month online", [("date", "end of month"), ("method", "online")]),
        ("tmrw through a bank transfer", [("date", "tomorrow"), ("method", "bank_transfer")]),
        ("on the first of the month", [("date", "day 1")]),
    ],
)
def test_english_entities(text, expected):
    assert found("en-US", text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Your account is 45 days past due.",
        "Can you give me the last 4 digits?",
        "We can take 40 percent off.",
        "I'll call you back at 6 tonight.",
        "Let me check with my manager.",
        "Your credit card balance is high.",
    ],
)
def test_english_numbers_that_are_not_entities(text):
    assert [k for k, _ in found("en-US", text) if k in ("money", "number", "method")] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("150块", [("money", 150)]),
        ("一百五十元", [("money", 150)]),
        ("1500元", [("money", 1500)]),
        ("还1.5万", [("money", 15000)]),
        ("分6期", [("number", 6)]),
        ("分十二期，每期还八百", [("number", 12), ("money", 800)]),
        ("15号还", [("date", "day 15")]),
        ("下周五前", [("date", "next friday")]),
        ("月底前还清", [("date", "end of month")]),
        ("3月5日通过支付宝", [("date", "march 5"), ("method", "alipay")]),
        ("明天用微信还", [("date", "tomorrow"), ("method", "wechat")]),
        ("转到我的个人账户", [("method", "personal_account")]),
        ("通过手机银行还款", [("method", "app")]),
    ],
)
def test_chinese_entities(text, expected):
    assert found("zh-CN", text) == expected


@pytest.mark.parametrize("text", ["尾号8821的信用卡", "已经逾期35天了", "可以打八折", "下午三点前"])
def test_chinese_numbers_that_are_not_money(text):
    assert [k for k, _ in found("zh-CN", text) if k in ("money", "number")] == []


def test_entity_text_keeps_the_typed_words():
    result = Understander.for_locale("en-US").understand("I can do $150 next Friday")
    assert [e.text for e in result.entities] == ["$150", "next friday"]
    assert result.best("money").value == 150
    assert result.best("method") is None
