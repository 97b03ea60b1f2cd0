"""Trainee scripts for headless calls: a YAML list, or plain text with one line per turn."""

from __future__ import annotations

from pathlib import Path

from simulator.diagnostics import DiagnosticError
from simulator.yamlsource import decode, read_bytes, read_file


def read_script(path: Path) -> list[str]:
    if path.suffix in (".yaml", ".yml"):
        data, marks = read_file(path)
        if not isinstance(data, list) or not all(isinstance(x, (str, int, float)) for x in data):
            problem = marks.diagnostic(
                (),
                "S001",
                "a script must be a list of the trainee's lines",
                hint='write one "- line" per turn, or a .txt file of lines',
            )
            raise DiagnosticError([problem])
        return [str(x) for x in data]
    text = decode(read_bytes(path, str(path)), str(path))
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
