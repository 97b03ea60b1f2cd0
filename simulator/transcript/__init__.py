"""Transcripts: the turns of a call, whether played here or taken from a real call."""
