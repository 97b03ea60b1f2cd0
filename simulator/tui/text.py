"""Showing text from people and scenario files exactly as written.

Everything a trainee types or a scenario author writes goes through :func:`literal`, which
builds a ``rich.text.Text`` (never parsed as markup) and makes control characters visible,
so ``[bold]`` stays two brackets and an ESC byte cannot reach the terminal.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

# C0 controls (except tab and newline) and DEL become their Unicode "control pictures";
# C1 controls become U+FFFD. Each is one cell wide, so layout stays predictable.
_VISIBLE = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)}
_VISIBLE[0x7F] = 0x2421
_VISIBLE.update({c: 0xFFFD for c in range(0x80, 0xA0)})

BAR_FULL = "█"
BAR_EMPTY = "░"


def clean(text: str) -> str:
    """The text with control characters made visible."""
    return text.translate(_VISIBLE)


def literal(text: object, style: str = "") -> Text:
    """Text shown as typed: no markup, no escape sequences."""
    return Text(clean(str(text)), style=style, end="")


def caret_offset(line: str, col: int) -> int:
    """Cells before 1-based column col, so a caret lines up under wide characters."""
    return cell_len(clean(line[: max(col - 1, 0)]))


def bar(value: float | None, maximum: float = 100.0, width: int = 20) -> str:
    """A bar of block characters; empty when there is no value."""
    if value is None or maximum <= 0:
        return BAR_EMPTY * width
    filled = round(max(0.0, min(1.0, value / maximum)) * width)
    return BAR_FULL * filled + BAR_EMPTY * (width - filled)


def score_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


CURRENCY_SIGNS = {"USD": "$", "CNY": "¥"}


def money(amount: float | None, currency: str) -> str:
    if amount is None:
        return "–"
    sign = CURRENCY_SIGNS.get(currency)
    return f"{sign}{amount:,.2f}" if sign else f"{amount:,.2f} {currency}"


def humanise(identifier: str | None) -> str:
    """'payment_plan' -> 'Payment plan'."""
    if not identifier:
        return "–"
    words = identifier.replace("_", " ").strip()
    return words[:1].upper() + words[1:]
