from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from simulator.store.render import cell_width, csv_text, one_line, table


def test_columns_line_up_in_terminal_cells_with_chinese_names():
    rows = [
        {"trainee": "王芳", "attempts": 12, "best": 91.0},
        {"trainee": "Alex Rivera", "attempts": 3, "best": None},
    ]
    lines = table(rows, [("trainee", "trainee"), ("attempts", "attempts"), ("best", "best")])
    lines = lines.splitlines()
    assert lines[0] == "trainee      attempts  best"
    assert lines[2] == "王芳" + " " * 7 + "  " + " " * 6 + "12  91.0"
    assert lines[3] == "Alex Rivera" + "  " + " " * 7 + "3  " + "   -"
    assert cell_width(lines[2]) == cell_width(lines[3]) == cell_width(lines[0])


def test_control_characters_are_shown_not_obeyed():
    assert one_line("red \x1b[31mtext\x07\r\nnext\tcol") == "red \\x1b[31mtext\\x07 next col"
    assert one_line("[bold]not markup[/]") == "[bold]not markup[/]"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_literal_text_never_contains_control_characters(text: str):
    shown = one_line(text)
    assert not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in shown)


def test_csv_uses_empty_fields_for_none_and_json_for_nested_values():
    text = csv_text(
        [{"a": None, "b": True, "c": {"n0": {"x": 1}}, "d": '王芳, "quoted"'}], ["a", "b", "c", "d"]
    )
    assert list(csv.reader(io.StringIO(text))) == [
        ["a", "b", "c", "d"],
        ["", "true", '{"n0":{"x":1}}', '王芳, "quoted"'],
    ]
