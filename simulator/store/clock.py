"""Timestamps and dates in one sortable form, so --since is a plain string comparison."""

from __future__ import annotations

from datetime import UTC, date, datetime

from simulator.store.errors import StoreError


def now_iso() -> str:
    """UTC, milliseconds, +00:00: sorts as text in the order the events happened."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def utc_iso(moment: str) -> str:
    """A caller's ISO timestamp in the store's form (naive means UTC)."""
    try:
        parsed = datetime.fromisoformat(moment)
    except (TypeError, ValueError):
        raise StoreError(f"not an ISO date and time: {moment!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat(timespec="milliseconds")


def since_bound(since: str | None) -> str:
    """'YYYY-MM-DD' (UTC day) or '' for no bound: every stored timestamp sorts after ''."""
    if since is None or since.strip() == "":
        return ""
    try:
        return date.fromisoformat(since.strip()).isoformat()
    except ValueError:
        raise StoreError(f"--since takes an ISO date such as 2025-03-31, not '{since}'") from None


def duration_seconds(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    try:
        return max(
            0.0, (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()
        )
    except (ValueError, TypeError):
        return None
