"""A file shown around one line:col, with the column marked under wide characters too."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from simulator.tui.text import caret_offset, literal

CONTEXT_LINES = 3


def excerpt(path: Path, line: int, col: int, *, context: int = CONTEXT_LINES) -> Text:
    """Numbered lines around line (1-based); the target line bold, a caret under col."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        return Text(f"Cannot read {path}: {exc.strerror or exc}", style="italic")
    if not lines:
        return Text(f"{path} is empty.", style="italic")
    target = max(1, min(line, len(lines)))
    first, last = max(1, target - context), min(len(lines), target + context)
    width = len(str(last))
    text = Text()
    for number in range(first, last + 1):
        source = lines[number - 1]
        mark = ">" if number == target else " "
        text.append(f"{mark}{number:>{width}} │ ", style="bold" if number == target else "dim")
        text.append_text(literal(source, "bold" if number == target else ""))
        text.append("\n")
        if number == target and col > 0:
            text.append(" " * (width + 4 + caret_offset(source, col)))
            text.append("^", style="bold reverse")
            text.append("\n")
    text.rstrip()
    return text


class SourcePreview(Static):
    def show(
        self, path: Path, line: int, col: int, about: Text | None = None, *, label: str = ""
    ) -> None:
        """The place, what is wrong there (about), then the lines around it."""
        text = Text.assemble(literal(f"{label or path}:{line}:{col}", "bold"), "\n")
        if about is not None:
            text.append_text(about)
            text.append("\n")
        text.append_text(excerpt(path, line, col))
        self.update(text)
