from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def cli(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``collector-sim`` as a user would, in a subprocess with its own database."""

    def run(
        *args: str,
        stdin: str | None = None,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        full_env = {
            **os.environ,
            "COLLECTOR_SIM_DB": str(tmp_path / "results.db"),
            "PYTHONIOENCODING": "utf-8",
            **(env or {}),
        }
        return subprocess.run(
            [sys.executable, "-m", "simulator", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=full_env,
            cwd=cwd or ROOT,
            timeout=120,
        )

    return run
