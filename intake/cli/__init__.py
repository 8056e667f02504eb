"""The ``intake`` command: a thin shell over the library."""

from intake.cli.campaign import app, main

__all__ = ["app", "main"]
