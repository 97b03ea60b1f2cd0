from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from simulator.scenario.library import load_library

HEADER = """\
id: t1
title: T
locale: en-US
persona: hardship
stage: early
difficulty: 1
briefing: {debtor_name: A, creditor: B, product: C, balance: 1, minimum_due: 1, days_past_due: 1}
facts: {reason: r, monthly_capacity: 10}
"""  # 8 lines: a body starts on line 9


@pytest.fixture
def problems(tmp_path: Path) -> Callable[..., list[str]]:
    """Write scenario files (header + body) and return every formatted problem."""

    def run(
        body: str, *, header: str = HEADER, name: str = "s.yaml", extra: dict | None = None
    ) -> list[str]:
        (tmp_path / name).write_text(header + textwrap.dedent(body), encoding="utf-8")
        for rel, text in (extra or {}).items():
            target = tmp_path / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text), encoding="utf-8")
        library = load_library([tmp_path])
        root = str(tmp_path) + "/"
        return [d.format().replace(root, "") for d in library.diagnostics]

    return run
