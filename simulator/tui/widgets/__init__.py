"""Reusable widgets: transcript, conversation, meters, score bars, source preview, tables."""
