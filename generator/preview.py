"""Live preview: build one client's site, serve it on loopback, rebuild when its files change."""

from __future__ import annotations

import functools
import http.server
import tempfile
import threading
import time
from pathlib import Path

import click

from . import pipeline
from .problems import InvalidSource
from .site import BuildFailed


def _snapshot(source: Path) -> dict[Path, float]:
    return {
        p: p.stat().st_mtime
        for folder in ("campaigns", "content")
        for p in (source / folder).rglob("*")
        if p.is_file()
    }


def _rebuild(source: Path, client: str, out: Path, engine: str | None) -> None:
    try:
        pipeline.build(source, out, (client,), engine=engine)
        click.echo(f"Rebuilt {client} at {time.strftime('%H:%M:%S')}")
    except InvalidSource as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo("Not rebuilt: fix the errors above (the preview shows the last good build).", err=True)
    except BuildFailed as exc:
        click.echo(str(exc), err=True)


def serve_preview(source: Path, client: str, port: int, engine: str | None = None) -> None:
    """Serve until Ctrl+C; the preview's temporary output is removed when it stops."""
    with tempfile.TemporaryDirectory(prefix="debrief-preview-") as folder:
        _serve(source, client, port, Path(folder) / "site", engine)


def _serve(source: Path, client: str, port: int, out: Path, engine: str | None) -> None:
    _rebuild(source, client, out, engine)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out.parent))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    click.echo(f"Serving http://127.0.0.1:{port}/site/{client}/index.html (Ctrl+C to stop)")
    seen = _snapshot(source)
    try:
        while True:
            time.sleep(1)
            now = _snapshot(source)
            if now != seen:
                seen = now
                _rebuild(source, client, out, engine)
    except KeyboardInterrupt:
        server.shutdown()
