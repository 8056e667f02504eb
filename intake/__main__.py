"""``python -m intake``: the same as the ``intake`` command."""

from intake.cli import main

if __name__ == "__main__":  # worker processes re-import this module: never run the CLI there
    main()
