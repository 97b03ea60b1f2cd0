"""Horizontal bars for debtor meters and scorecard dimensions."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from simulator.tui.text import bar, literal, score_text

# Meters where a high value is bad for the call; their bars turn red as they rise.
RISING_IS_BAD = ("anger",)
LEVELS = ("-bad", "-fair", "-good", "-none")


def level(share: float | None) -> str:
    """A colour class for how good a 0..1 share is."""
    if share is None:
        return "-none"
    return "-bad" if share < 0.4 else "-fair" if share < 0.7 else "-good"


class BarRow(Horizontal):
    """A labelled bar with its value: 'trust  ███████░░░  40'."""

    def __init__(
        self,
        label: str,
        *,
        low: float = 0.0,
        high: float = 100.0,
        inverted: bool = False,
        key: str | None = None,
    ) -> None:
        super().__init__(classes="bar-row")
        self.label = label
        self.key = key or label
        self.low = low
        self.high = high
        self.inverted = inverted
        self._value: float | None = None

    def compose(self) -> ComposeResult:
        yield Label(literal(self.label), classes="bar-label")
        yield Static(classes="bar-fill")
        yield Label(classes="bar-value")

    def on_mount(self) -> None:
        self.update(self._value)

    def on_resize(self) -> None:
        self.update(self._value)

    def share(self) -> float | None:
        if self._value is None or self.high <= self.low:
            return None
        return max(0.0, min(1.0, (self._value - self.low) / (self.high - self.low)))

    def update(self, value: float | None) -> None:
        self._value = value
        if not self.is_mounted:
            return
        fill = self.query_one(".bar-fill", Static)
        share = self.share()
        fill.update(Text(bar(share, 1.0, max(fill.size.width, 4))))
        self.query_one(".bar-value", Label).update(score_text(value))
        goodness = None if share is None else (1 - share if self.inverted else share)
        wanted = level(goodness)
        if not self.has_class(wanted):
            self.remove_class(*LEVELS)
            self.add_class(wanted)


class MeterPanel(Vertical):
    """The debtor's meters (trust, anger, patience, and any the scenario adds)."""

    def __init__(self, ranges: Mapping[str, tuple[float, float]], *, id: str | None = None) -> None:
        super().__init__(id=id, classes="meters")
        self.ranges = dict(ranges)

    def compose(self) -> ComposeResult:
        for name, (low, high) in self.ranges.items():
            yield BarRow(name, low=low, high=high, inverted=name in RISING_IS_BAD)

    def show(self, values: Mapping[str, float]) -> None:
        for row in self.query(BarRow):
            row.update(values.get(row.key))
