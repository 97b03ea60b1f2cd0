"""The one error the store raises, so callers never see a raw sqlite3 exception."""

from __future__ import annotations


class StoreError(Exception):
    """A results-database problem worth one clear line to a person (bad path, locked, corrupt)."""
