"""collector-sim validate PATH... [--strict] [--json]"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.diagnostics import Diagnostic
    from simulator.scenario.library import Library


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check scenario files and report every problem")
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    p.add_argument("--strict", action="store_true", help="warnings also fail")
    p.add_argument("--json", action="store_true", help="machine-readable problems")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from simulator.scenario.library import load_library

    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        for p in missing:
            print(f"collector-sim: error: cannot read {p}: no such file or folder", file=sys.stderr)
        return 2
    library = load_library([Path(p) for p in args.paths])
    library.diagnostics.extend(golden_problems(library))
    library.diagnostics.sort(key=lambda d: d.sort_key)
    if args.json:
        payload = {
            "files": len(library.files),
            "scenarios": len(library.scenarios),
            "errors": len(library.errors),
            "warnings": len(library.warnings),
            "problems": [d.to_json() for d in library.diagnostics],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        for diagnostic in library.diagnostics:
            print(diagnostic.format())
        sys.stdout.flush()
        print(
            f"{len(library.files)} file(s), {len(library.scenarios)} scenario(s): "
            f"{len(library.errors)} error(s), {len(library.warnings)} warning(s)",
            file=sys.stderr,
        )
    unreadable = [d for d in library.diagnostics if d.code == "Y001"]
    if unreadable:
        return 2
    if library.errors or (args.strict and library.warnings):
        return 1
    return 0


def golden_problems(library: Library) -> list[Diagnostic]:
    """Golden test files beside the scenarios are checked too, so a typo fails early."""
    from simulator.diagnostics import DiagnosticError
    from simulator.session.golden import load_golden, tests_file_for

    out: list[Diagnostic] = []
    for loaded in library.scenarios.values():
        tests = tests_file_for(loaded.path)
        if tests.is_file():
            try:
                load_golden(tests)
            except DiagnosticError as exc:
                out.extend(exc.diagnostics)
    return out
