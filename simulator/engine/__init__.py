"""The call engine: a scenario compiled into a ``transitions`` state machine.

Plain Python used alike by the CLI, the app and the tests; it never imports Textual.
"""

from simulator.engine.call import Call, CallEnded, Choice, DebtorLine, Reply
from simulator.engine.monitor import NullMonitor, TurnMonitor

__all__ = ["Call", "CallEnded", "Choice", "DebtorLine", "NullMonitor", "Reply", "TurnMonitor"]
