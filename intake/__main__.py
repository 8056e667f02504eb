"""``python -m intake``: the same as the ``intake`` command."""

if __name__ == "__main__":  # worker processes re-import this module: never run the CLI there
    from intake.cli import main

    main()
