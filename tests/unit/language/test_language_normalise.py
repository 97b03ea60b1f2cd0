from hypothesis import given
from hypothesis import strategies as st

from simulator.language import normalise as module
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


@given(
    st.lists(
        st.sampled_from(
            ["I", "won't", "can't", "u", "r", "you", "ill", "call", "idk", "w/", "&", "'cause"]
        )
        | st.text(alphabet="abc'/ &nt", max_size=6),
        max_size=30,
    ).map(lambda words: " ".join(["ok", *words]))  # a letter, so rewrites apply at all
)
def test_screened_rewrites_rewrite_as_all_rewrites_do(text):
    """A rewrite is skipped only when it could not change the text."""
    screened = normalise(text)
    folded = text.casefold()
    for pattern, replacement in module._REWRITES:
        folded = pattern.sub(replacement, folded)
    assert screened == " ".join(folded.split())
