"""Evaluation scripts for newsclaims (run as ``python -m eval.<name>``)."""
