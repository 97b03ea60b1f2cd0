"""Text handling shared by intent understanding and compliance checks."""
