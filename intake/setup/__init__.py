"""Setting a campaign up: ``intake init`` (starter files) and ``intake check`` (with hints)."""
