"""Helpers that tests share: real servers on loopback, campaign settings, sample mail."""
