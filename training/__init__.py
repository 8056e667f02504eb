"""Training for intake's learned parts: ``python -m training`` (deterministic)."""
