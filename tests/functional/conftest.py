from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
MINI = FIXTURES / "scenarios" / "mini.yaml"
GOOD = [  # a model call through mini.yaml: verify, disclose, discover, agree a plan
    "Hi, this is Alex from Test Bank.",
    "Am I speaking with Sam Doe?",
    "This is an attempt to collect a debt and any information obtained will be used for "
    "that purpose. Can you tell me what happened?",
    "Would 75 dollars a month on the 15th work for you?",
]


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
