"""Text for a terminal shown literally: control characters become visible escapes.

Trainee lines, transcripts and scenario text may carry ANSI escapes or other control
characters; printed raw they would recolour or rewrite the user's terminal.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def literal(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
