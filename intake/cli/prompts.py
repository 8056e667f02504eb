"""Questions on the terminal, for ``intake init`` (the interview's ``Prompter``)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape


class TerminalPrompter:
    """Asks on ``console``: ``Question [default]: `` and reads one line."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def ask(self, question: str, default: str | None) -> str:
        shown = escape(f" [{default}]") if default else ""
        reply = self.console.input(f"[bold]{escape(question)}[/bold]{shown}: ").strip()
        return reply if reply or default is None else default

    def confirm(self, question: str, default: bool) -> bool:
        choices = "Y/n" if default else "y/N"
        while True:
            reply = self.console.input(
                f"[bold]{escape(question)}[/bold] {escape(f'[{choices}]')}: "
            )
            reply = reply.strip().lower()
            if not reply:
                return default
            if reply in ("y", "yes", "n", "no"):
                return reply.startswith("y")
            self.console.print("  type y or n", markup=False)

    def say(self, text: str) -> None:
        self.console.print(text, markup=False, highlight=False)
