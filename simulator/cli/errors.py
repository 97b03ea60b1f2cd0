"""Errors the CLI reports as one line and an exit code, never a traceback."""

from __future__ import annotations


class CliError(Exception):
    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
