"""Text for a terminal shown literally: control characters become visible escapes.

Trainee lines, transcripts and scenario text may carry ANSI escapes or other control
characters; printed raw they would recolour or rewrite the user's terminal. Bidirectional
controls are invisible but reorder the rest of the line (a name could show as another, a
finding's evidence read backwards), so they are shown too. Other letters, right-to-left
scripts, CJK and emoji (joiners included) pass unchanged.
"""

from __future__ import annotations

import re

# C0 and C1 controls but newline and tab; then Unicode's Bidi_Control set: ALM (U+061C),
# LRM and RLM (U+200E-F), the embeddings and overrides LRE RLE PDF LRO RLO (U+202A-E) and
# the isolates LRI RLI FSI PDI (U+2066-9).
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def literal(text: str) -> str:
    return _HIDDEN.sub(_visible, text)
