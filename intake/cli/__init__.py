"""The ``intake`` command: a thin shell over the library.

``app`` holds the global options and registers the command groups:
``campaign`` (init, check, poll, run, status, backup), ``offline`` (demo,
extract: no campaign needed) and ``coordinator`` (digest, export, signers,
review). Commands read the global options from Typer's context
(:mod:`intake.cli.state`), so no command module imports the app.
"""

from intake.cli.app import app, main

__all__ = ["app", "main"]
