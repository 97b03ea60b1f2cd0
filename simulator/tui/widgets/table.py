"""A report table people can sort (click a header, or s / r) and filter as they type."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input

from simulator.tui.text import literal, score_text


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False
    score: bool = False  # shown rounded, "–" when missing


def row_table(columns: Sequence[Column], *, id: str | None = None) -> DataTable:
    """The app's usual table: a row cursor, stripes, and columns keyed for later lookups."""
    table: DataTable = DataTable(id=id, cursor_type="row", zebra_stripes=True)
    for column in columns:
        table.add_column(column.label, key=column.key)
    return table


def cell(column: Column, value: Any) -> Text:
    if column.score:
        return Text(score_text(value), justify="right")
    if value is None:
        return Text("–", style="dim", justify="right" if column.numeric else "left")
    if column.numeric:
        shown = f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
        return Text(shown, justify="right")
    return literal(value)


def sort_key(value: Any, numeric: bool) -> tuple[int, Any]:
    """Missing values sort last either way; numbers as numbers, text case-insensitively."""
    if value is None:
        return (1, 0)
    return (0, value) if numeric else (0, str(value).casefold())


class ReportTable(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "sort_next", "Sort"),
        Binding("r", "reverse", "Reverse"),
        Binding("slash", "filter", "Filter"),
    ]

    class Chosen(Message):
        def __init__(self, table: ReportTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> ReportTable:
            return self.table

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id, classes="report-table")
        self.columns = list(columns)
        self._rows: list[tuple[str, dict[str, Any]]] = []
        self._sort: int | None = None
        self._reverse = False

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter (type to narrow, / to come back here)", compact=True)
        yield row_table(self.columns)

    @property
    def table(self) -> DataTable:
        return self.query_one(DataTable)

    def set_rows(self, rows: Sequence[tuple[str, dict[str, Any]]]) -> None:
        self._rows = list(rows)
        self._refill()

    def _refill(self) -> None:
        table = self.table
        words = self.query_one(Input).value.casefold().split()
        rows = [
            (key, data)
            for key, data in self._rows
            if all(
                any(w in str(data.get(c.key, "")).casefold() for c in self.columns) for w in words
            )
        ]
        if self._sort is not None:
            column = self.columns[self._sort]
            rows.sort(
                key=lambda kv: sort_key(kv[1].get(column.key), column.numeric),
                reverse=self._reverse,
            )
            if self._reverse:  # keep missing values last
                rows.sort(key=lambda kv: kv[1].get(column.key) is None)
        table.clear()
        for key, data in rows:
            table.add_row(*(cell(c, data.get(c.key)) for c in self.columns), key=key)
        self._label_columns()

    def _label_columns(self) -> None:
        for i, column in enumerate(self.columns):
            arrow = (" ▼" if self._reverse else " ▲") if i == self._sort else ""
            self.table.columns[column.key].label = Text(column.label + arrow)  # type: ignore[index]
        self.table.refresh()

    def sort_by(self, index: int, *, reverse: bool | None = None) -> None:
        if reverse is None:
            reverse = not self._reverse if index == self._sort else self.columns[index].numeric
        self._sort, self._reverse = index, reverse
        self._refill()

    def action_sort_next(self) -> None:
        self.sort_by(
            0 if self._sort is None else (self._sort + 1) % len(self.columns), reverse=False
        )

    def action_reverse(self) -> None:
        self.sort_by(self._sort or 0, reverse=not self._reverse)

    def action_filter(self) -> None:
        self.query_one(Input).focus()

    def focus_table(self) -> None:
        self.table.focus()

    @on(Input.Changed)
    def _filtered(self, event: Input.Changed) -> None:
        event.stop()
        self._refill()

    @on(Input.Submitted)
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort_by(event.column_index)

    @on(DataTable.RowSelected)
    def _row(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Chosen(self, event.row_key.value))
