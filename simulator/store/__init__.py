"""The results store: sessions, turns, scores and reviews in one SQLite file (no Textual here)."""

from simulator.store.errors import StoreError
from simulator.store.paths import default_db_path
from simulator.store.records import SessionRecord, TurnRecord
from simulator.store.store import ResultsStore

__all__ = ["ResultsStore", "SessionRecord", "StoreError", "TurnRecord", "default_db_path"]
