"""Report rows as aligned text columns or CSV.

Widths count terminal cells, so Chinese names line up with English ones, and control
characters from stored text are shown escaped instead of acting on the terminal.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from typing import Any

from simulator.terminal import literal


def one_line(text: str) -> str:
    """Stored text for a table cell: newlines and tabs as spaces, other controls escaped."""
    return literal(text.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def cell_width(text: str) -> int:
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return one_line(str(value))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def table(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> str:
    """columns: (key, heading) pairs; numbers are right-aligned, text left-aligned."""
    texts = [[cell(row.get(key)) for key, _ in columns] for row in rows]
    widths = [
        max([cell_width(heading), *(cell_width(line[i]) for line in texts)])
        for i, (_, heading) in enumerate(columns)
    ]
    numeric = [
        any(_is_number(row.get(key)) for row in rows)
        and all(row.get(key) is None or _is_number(row.get(key)) for row in rows)
        for key, _ in columns
    ]

    def line(values: list[str]) -> str:
        parts = []
        for value, width, right in zip(values, widths, numeric, strict=True):
            pad = " " * (width - cell_width(value))
            parts.append(pad + value if right else value + pad)
        return "  ".join(parts).rstrip()

    out = [line([heading for _, heading in columns]), line(["-" * w for w in widths])]
    out.extend(line(values) for values in texts)
    return "\n".join(out)


def csv_text(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """CSV with nested values as compact JSON and None as an empty field."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(csv_row(row, columns))
    return buffer.getvalue()


def csv_row(row: dict[str, Any], columns: Sequence[str]) -> list[Any]:
    return [_csv_value(row.get(key)) for key in columns]


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value
