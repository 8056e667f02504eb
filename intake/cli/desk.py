"""``intake serve``: the coordinator's desk, a web page over the campaign's database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from intake.cli.state import open_store, out


def serve_command(
    ctx: typer.Context,
    host: Annotated[
        str | None,
        typer.Option("--host", help="Address to listen on (default: desk.host, 127.0.0.1)."),
    ] = None,
    port: Annotated[
        int | None, typer.Option("--port", help="Port to listen on (default: desk.port, 8765).")
    ] = None,
    tls_cert: Annotated[
        Path | None, typer.Option("--tls-cert", help="Certificate file: serve HTTPS.")
    ] = None,
    tls_key: Annotated[
        Path | None, typer.Option("--tls-key", help="The certificate's key file.")
    ] = None,
    behind_proxy: Annotated[
        bool, typer.Option("--behind-proxy", help="A reverse proxy with TLS is in front.")
    ] = False,
) -> None:
    """Run the desk: settle the review queue, answer questions, keep the list, in a browser."""
    from intake.desk.server import Listen, serve

    with open_store(ctx) as (settings, store):
        desk = settings.desk
        listen = Listen(
            host=host or desk.host,
            port=desk.port if port is None else port,
            tls_cert=tls_cert or settings.resolve(desk.tls_cert),
            tls_key=tls_key or settings.resolve(desk.tls_key),
            behind_proxy=behind_proxy or desk.behind_proxy,
        )
        serve(
            settings, store, listen, say=lambda line: out.print(line, markup=False, soft_wrap=True)
        )


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``intake`` app."""
    app.command("serve")(serve_command)
