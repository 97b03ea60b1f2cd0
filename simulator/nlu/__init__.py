"""Offline, deterministic understanding of what the trainee said."""
