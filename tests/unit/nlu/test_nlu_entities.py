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


@pytest.mark.parametrize(
    ("locale", "text", "kind", "value"),
    [
        (
            "en-US",
            "You don't need the app at all, you can pay by debit card.",
            "method",
            "debit_card",
        ),
        ("en-US", "I can't do Friday. How about Monday?", "date", "monday"),
        ("zh-CN", "不用去柜台，用手机银行还就行。", "method", "app"),
    ],
)
def test_ruled_out_dates_and_methods_are_left_out(locale, text, kind, value):
    result = Understander.for_locale(locale).understand(text)
    assert [e.value for e in result.entities if e.kind == kind] == [value]


def test_amounts_survive_a_negation():
    result = Understander.for_locale("en-US").understand("I can't go lower than $450 a month.")
    assert result.best("money").value == 450


@pytest.mark.parametrize(
    ("locale", "text", "value"),
    [
        ("en-US", "Would Thursday, October 22nd work for the first payment?", "october 22"),
        ("en-US", "Could we set it for tomorrow, Friday, October 30th?", "october 30"),
        ("en-US", "How about Monday the 9th?", "day 9"),
        ("zh-CN", "第一笔定在下周五，10月30号，可以吗？", "october 30"),
    ],
)
def test_dates_in_apposition_are_one_date(locale, text, value):
    result = Understander.for_locale(locale).understand(text)
    assert [e.value for e in result.entities if e.kind == "date"] == [value]


@pytest.mark.parametrize(
    ("locale", "text", "value"),
    [
        ("en-US", "Except for the $580 fee, can you pay $2,418.50 today?", 2418.5),
        ("en-US", "The balance is $3,000, but could you do $200 a month?", 200),
        ("zh-CN", "除了580的年费，其余的2418.50元您今天先还上。", 2418.5),
        ("zh-CN", "欠款一共12000元，您每月还1500就行。", 1500),
        ("zh-CN", "您先还500元。", 500),
    ],
)
def test_best_amount_is_the_one_to_pay(locale, text, value):
    result = Understander.for_locale(locale).understand(text)
    assert result.best("money").value == value
    assert result.to_json() == {"text": text, "intents": result.to_json()["intents"]}
