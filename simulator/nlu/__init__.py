"""Offline, deterministic understanding of what the trainee said."""

from simulator.nlu.model import THRESHOLD, Entity, IntentMatch, Understanding
from simulator.nlu.understander import Understander

__all__ = ["THRESHOLD", "Entity", "IntentMatch", "Understander", "Understanding"]
