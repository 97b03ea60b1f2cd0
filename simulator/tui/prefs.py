"""The last trainee name, role and theme, remembered between runs.

A small JSON file in the user's config directory ($XDG_CONFIG_HOME/collector-sim/app.json);
a missing or damaged file means defaults, and a failed write never stops the app.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROLES = ("trainee", "trainer", "manager")
MAX_RECENT = 8


@dataclass
class Preferences:
    name: str = ""
    role: str = "trainee"
    theme: str = ""
    recent: list[str] = field(default_factory=list)

    def remember(self, name: str, role: str) -> None:
        self.name = name
        self.role = role if role in ROLES else "trainee"
        self.recent = [name, *(n for n in self.recent if n != name)][:MAX_RECENT]


def config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base).expanduser() / "collector-sim" / "app.json"


def load_preferences(path: Path | None = None) -> Preferences:
    try:
        data = json.loads((path or config_path()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferences()
    if not isinstance(data, dict):
        return Preferences()
    recent = data.get("recent")
    return Preferences(
        name=str(data.get("name") or ""),
        role=data.get("role") if data.get("role") in ROLES else "trainee",
        theme=str(data.get("theme") or ""),
        recent=[str(n) for n in recent if isinstance(n, str)] if isinstance(recent, list) else [],
    )


def save_preferences(prefs: Preferences, path: Path | None = None) -> bool:
    """Write the preferences; False if the config directory is not writable."""
    target = path or config_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(prefs), ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(target)
    except OSError:
        return False
    return True
