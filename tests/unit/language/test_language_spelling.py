from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st

from simulator.language.spelling import Speller, _deletions, english_words

VOCAB = {"payment": 5, "account": 3, "attorney": 2, "bureaus": 1, "tomorrow": 2, "plan": 4}


def test_repairs_typos_against_the_vocabulary():
    speller = Speller(VOCAB)
    assert speller.word("paymnet") == "payment"  # transposition
    assert speller.word("acount") == "account"  # deletion
    assert speller.word("attorny") == "attorney"
    assert speller.word("beaureaus") == "bureaus"  # two edits in a long word


def test_leaves_known_short_and_real_words_alone():
    speller = Speller(VOCAB, english_words(), prefixes=["paus"])
    assert speller.word("plant") == "plant"  # a real word, not "plan"
    assert speller.word("pan") == "pan"  # too short to guess
    assert speller.word("paused") == "paused"
    assert speller.word("x" * 500) == "x" * 500


def test_names_are_not_corrected():
    speller = Speller({"list": 1, "sarah": 1})
    text, fixes = speller.correct("is this lisa")
    assert text == "is this lisa" and fixes == ()


def test_correct_reports_what_it_read():
    text, fixes = Speller(VOCAB).correct("your acount and paymnet")
    assert text == "your account and payment"
    assert fixes == (("acount", "account"), ("paymnet", "payment"))


def test_a_prefix_covers_a_few_letters_after_it():
    speller = Speller({"pausing": 3}, prefixes=["paus", "pau"])  # "pau" is too short to count
    assert speller.word("pausingx") == "pausingx"  # four letters after "paus": a form of it
    assert speller.word("pausingss") == "pausing"  # five after it: an ordinary typo


@given(st.text(alphabet="abcde", max_size=9), st.integers(1, 2))
def test_deletions_are_every_way_to_leave_out_letters(word, limit):
    expected = {word}
    for n in range(1, limit + 1):
        if len(word) - n < 2:
            break
        for gone in combinations(range(len(word)), n):
            expected.add("".join(c for i, c in enumerate(word) if i not in gone))
    assert _deletions(word, limit) == expected
