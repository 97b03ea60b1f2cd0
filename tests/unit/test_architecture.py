"""The domain core never imports Textual; the UI is a shell over it."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "simulator.scenario.library",
    "simulator.scenario.lint",
    "simulator.scenario.graph",
    "simulator.scenario.schema",
    "simulator.engine",
    "simulator.nlu",
    "simulator.scoring",
    "simulator.store",
    "simulator.transcript",
    "simulator.cli.main",
]


def test_core_modules_do_not_import_textual():
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_core_sources_have_no_textual_import_statement():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "simulator"
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "tui" not in p.relative_to(root).parts
        and any(
            line.lstrip().startswith(("import textual", "from textual"))
            for line in p.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []
