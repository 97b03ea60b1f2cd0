from hypothesis import given
from hypothesis import strategies as st

from simulator.language.normalise import has_cjk, normalise


def test_folds_width_case_and_quotes():
    assert normalise("ＩＳ ＴＨＩＳ ＪＡＮＥ？") == "is this jane?"
    assert normalise("We’ll “call”") == 'we will "call"'


def test_expands_contractions_and_chat_spellings():
    assert normalise("I won't, can't, didn't") == "i will not, can not, did not"
    assert normalise("can u pay 2moro pls") == "can you pay tomorrow please"
    assert normalise("ill send it, whats ur zip") == "i will send it, what is your zip"
    assert normalise("you've been ill lately") == "you have been ill lately"


def test_removes_spaces_between_chinese_characters_only():
    assert normalise("您好 我是 小王") == "您好我是小王"
    assert normalise("call  me\tback") == "call me back"
    assert normalise("第 15 号") == "第 15 号"


def test_control_characters_become_spaces():
    assert normalise("pay\x00now\u200b!") == "pay now !"


def test_has_cjk():
    assert has_cjk("您好 hello")
    assert not has_cjk("hello")


@given(st.text(max_size=300))
def test_normalise_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once
