"""collector-sim test [PATH...] [--json] [--min-coverage X]"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("test", help="run golden transcripts and report coverage")
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="scenario files or folders (default: the library)"
    )
    p.add_argument("--json", action="store_true", help="one JSON object per scenario (JSON Lines)")
    p.add_argument(
        "--min-coverage",
        type=float,
        default=0.0,
        metavar="X",
        help="fail when a scenario's node coverage is below X (0..1)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from simulator.cli.common import library_dir
    from simulator.diagnostics import DiagnosticError
    from simulator.scenario.library import load_library
    from simulator.session.golden import run_scenario_tests

    paths = [Path(p) for p in args.paths] or [library_dir(args)]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"collector-sim: error: cannot read {missing[0]}", file=sys.stderr)
        return 2
    library = load_library(paths)
    failed = False
    broken = {d.file for d in library.errors}
    for diagnostic in library.errors:
        print(diagnostic.format(), file=sys.stderr)
        failed = True
    if not library.scenarios:
        print("collector-sim: error: no scenarios found to test", file=sys.stderr)
        return 1
    runnable = [s for s in library.scenarios.values() if s.document.file not in broken]
    for loaded in sorted(runnable, key=lambda s: s.scenario.id):
        try:
            result = run_scenario_tests(loaded)
        except DiagnosticError as exc:
            print(exc, file=sys.stderr)
            failed = True
            continue
        low = result.node_coverage < args.min_coverage
        failed = failed or result.failed > 0 or low
        if args.json:
            sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
            continue
        status = "ok" if not result.failed and not low else "FAIL"
        if not result.tests:
            status = "none" if not low else "FAIL"
        print(
            f"{status:4} {result.id}: {result.passed} passed, {result.failed} failed, "
            f"node coverage {result.node_coverage:.0%}, branch coverage "
            f"{result.branch_coverage:.0%}"
        )
        for test in result.tests:
            mark = "  ✓" if test.passed else "  ✗"
            print(f"{mark} {test.name}")
            for failure in test.failures:
                print(f"      {failure}")
        if low:
            print(
                f"      node coverage below {args.min_coverage:.0%}; not visited: "
                f"{', '.join(result.uncovered_nodes)}"
            )
    return 1 if failed else 0
