"""Where the results database lives when nobody says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "COLLECTOR_SIM_DB"
DB_FILENAME = "results.db"


def default_db_path() -> Path:
    """$COLLECTOR_SIM_DB, else the XDG data dir, so every tool on the machine finds one file."""
    explicit = os.environ.get(ENV_DB)
    if explicit:
        return Path(explicit).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home).expanduser() / "collector-sim" / DB_FILENAME


def resolve_db_path(path: str | os.PathLike[str] | None) -> Path:
    return default_db_path() if path is None or str(path) == "" else Path(path).expanduser()
