import pytest

from simulator.language.numbers import en_words_value, zh_value


@pytest.mark.parametrize(
    ("text", "value"),
    [("一百五十", 150), ("一百五", 150), ("两千", 2000), ("1.5万", 15000), ("八千五", 8500),
     ("两万三", 23000), ("一万零五百", 10500), ("十二", 12), ("3千5", 3500), ("1500", 1500)],
)  # fmt: skip
def test_chinese_numerals(text, value):
    assert zh_value(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("a hundred and fifty", 150), ("two thousand five hundred", 2500), ("twelve", 12),
     ("one hundred twenty-five", 125)],
)  # fmt: skip
def test_english_number_words(text, value):
    assert en_words_value(text) == value


def test_non_numbers_are_none():
    assert zh_value("您好") is None
    assert en_words_value("a lot") is None
