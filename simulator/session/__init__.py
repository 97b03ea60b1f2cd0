"""A practice or test session: the call, live compliance, scoring and storage together.

The CLI and the app both drive calls through this layer, so a call played either way
is checked, stored and scored identically.
"""

from simulator.session.play import PlaySession, SessionSaveError

__all__ = ["PlaySession", "SessionSaveError"]
