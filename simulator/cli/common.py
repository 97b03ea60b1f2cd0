"""Helpers shared by subcommands: locating the library and a scenario in it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from simulator.cli.errors import CliError
from simulator.diagnostics import DiagnosticError, Severity
from simulator.scenario.library import (
    Library,
    builtin_intent_ids,
    default_scenarios_dir,
    load_library,
)
from simulator.scenario.lint import lint
from simulator.scenario.loader import LoadedScenario, load_scenario


def library_dir(args: argparse.Namespace) -> Path:
    return default_scenarios_dir(getattr(args, "scenarios", None))


def open_library(args: argparse.Namespace, *, check: bool = False) -> Library:
    folder = library_dir(args)
    if not folder.is_dir():
        raise CliError(f"scenario library not found: {folder} (use --scenarios DIR)")
    return load_library([folder], check=check)


def resolve_scenario(args: argparse.Namespace, ref: str) -> LoadedScenario:
    """A scenario by file path or by id in the library; bad files raise diagnostics."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise CliError(f"no such scenario file: {ref}")
        found = load_scenario(path)
    else:
        library = open_library(args)
        found = library.find(ref)
        if found is None:
            known = ", ".join(sorted(library.scenarios)) or "none"
            problems = f" ({len(library.errors)} files have errors)" if library.errors else ""
            raise CliError(f"no scenario with id '{ref}'{problems}; known ids: {known}")
    errors = [
        d
        for d in lint(found, builtin_intent_ids(found.scenario.locale))
        if d.severity is Severity.ERROR
    ]
    if errors:
        raise DiagnosticError(errors)
    return found


def open_store(args: argparse.Namespace) -> Any:
    """The results database from --db, $COLLECTOR_SIM_DB or the default; exit 2 if unusable."""
    from simulator.store import ResultsStore, StoreError

    try:
        return ResultsStore.open(getattr(args, "db", None))
    except StoreError as exc:
        raise CliError(str(exc), exit_code=2) from None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


def print_json_line(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")


__all__ = ["DiagnosticError", "library_dir", "open_library", "print_json", "resolve_scenario"]
