from simulator.language.tokenise import en_words, pieces, stem, zh_units


def test_stem_meets_inflections():
    assert stem("payments") == stem("payment") == "payment"
    assert stem("paying") == stem("pay")
    assert stem("making") == stem("make")
    assert stem("getting") == stem("get")
    assert stem("calls") == stem("call")
    assert stem("bus") == "bus"


def test_en_words_drop_possessive():
    assert [t.text for t in en_words("your lawyer's number")] == ["your", "lawyer", "number"]


def test_zh_units_are_characters_and_latin_runs():
    assert [t.text for t in zh_units("分12期app还款")] == ["分", "12", "期", "app", "还", "款"]


def test_pieces_split_sentences_and_commas():
    text = "i understand, how much can you pay? thanks"
    spans = [text[a:b].strip() for a, b in pieces(text)]
    assert "how much can you pay" in spans
    assert "i understand" in spans
    assert "thanks" in spans
