"""``debrief serve``: one client's own site on 127.0.0.1, rebuilt on each save, the open page reloading by itself.

MkDocs' own live-reload server serves it (``mkdocs.livereload``: each page asks it,
by a long poll, whether a newer build is there, and reloads when one is). Its files are
watched by ``watchdog`` through the kernel's notifications (inotify), not by polling,
and only the client's own two folders are watched. A save rebuilds the client's own
site alone, from its own files alone (no other client is read), into a temporary
output. A save that makes an error keeps the last good site and shows the errors,
``path:line: message``, in the terminal and over the page (which reloads to show
them), until a save fixes them.
"""

from __future__ import annotations

import errno
import html
import socket
import tempfile
import time
from pathlib import Path

import click
import watchdog.events
import watchdog.observers
from mkdocs.livereload import LiveReloadServer

from .. import layout, pipeline
from ..outputs import OutputRefused
from ..problems import InvalidSource
from ..site import BuildFailed

OVERLAY = """<div id="debrief-preview-errors" role="alert" style="position:fixed;inset:0;z-index:10000;overflow:auto;
background:rgba(20,20,20,.92);color:#fff;font:15px/1.5 system-ui,sans-serif;padding:2rem">
<h1 style="color:#ff8a80;font-size:1.4rem;margin:0 0 1rem">{title}</h1>
<pre style="white-space:pre-wrap;font:14px/1.6 ui-monospace,monospace;margin:0">{problems}</pre>
<p style="opacity:.8">{hint}</p></div>"""
"""Shown over every page while the last save has errors; the page under it is the last good build."""


class Preview:
    """One client's own site, rebuilt from its files, and what went wrong with the last rebuild (if anything)."""

    def __init__(self, source: Path, client: str, out: Path, engine: str | None):
        self.source, self.client, self.out, self.engine = source, client, out, engine
        self.problems: list[str] = []

    @property
    def site(self) -> Path:
        return self.out / layout.client_site(self.client)

    def rebuild(self) -> None:
        """Build the client's own site; on an error keep the last good one and remember what to show."""
        started = time.perf_counter()
        try:
            pipeline.build(self.source, self.out, (self.client,), engine=self.engine, own_site_only=True)
        except InvalidSource as exc:
            self.problems = [str(problem) for problem in exc.problems]
        except (BuildFailed, OutputRefused) as exc:
            self.problems = [str(exc)]
        else:
            self.problems = []
            click.echo(f"Rebuilt {self.client} in {time.perf_counter() - started:.1f} s at {time.strftime('%H:%M:%S')}",
                       err=True)
            return
        for problem in self.problems:
            click.echo(problem, err=True)
        click.echo("Not rebuilt: fix the errors above (the preview shows them over the last good build).", err=True)

    def overlay(self) -> bytes:
        if not self.problems:
            return b""
        return OVERLAY.format(
            title=html.escape(f"{len(self.problems)} error(s): the page below is the last good build"),
            problems=html.escape("\n".join(self.problems)),
            hint=html.escape("Save a fix and this page reloads by itself."),
        ).encode("utf-8")


CHANGES = [watchdog.events.FileCreatedEvent, watchdog.events.FileModifiedEvent, watchdog.events.FileClosedEvent,
           watchdog.events.FileDeletedEvent, watchdog.events.FileMovedEvent]
"""What a save is. Not a file opened or closed unwritten: watchdog reports those too, and each rebuild reads the
client's files, so a rebuild that failed (and so reads them all again) would start the next one, for ever."""


class ChangeObserver(watchdog.observers.Observer):
    """The kernel-notified observer (inotify on Linux), told only of changes."""

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or CHANGES,
                                follow_symlink=follow_symlink)


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server with a kernel-notified watcher, and the preview's errors over each page."""

    def __init__(self, preview: Preview, port: int):
        super().__init__(preview.rebuild, "127.0.0.1", port, str(preview.site), shutdown_delay=0.1)
        self.preview = preview
        self.observer = ChangeObserver()  # inotify on Linux, instead of mkdocs' polling observer
        self.build_delay = 0.05  # a save is one event or a few: no need to wait long for more

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)
        overlay = self.preview.overlay()
        if not overlay:
            return content
        end = content.rfind(b"</body>")
        return content[:end] + overlay + content[end:] if end != -1 else content + overlay


def check_port(port: int) -> None:
    """Refuse a port something else listens on before building, as the server would bind it (address reused)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
            probe.listen()
        except OSError as exc:
            raise click.ClickException(f"port {port} on 127.0.0.1 is in use: stop what serves there, or pass another --port"
                                       if exc.errno == errno.EADDRINUSE else f"cannot serve on 127.0.0.1:{port}: {exc.strerror}") from exc


def serve_preview(source: Path, client: str, port: int, engine: str | None = None) -> None:
    """Serve until Ctrl+C; the preview's temporary output is removed when it stops."""
    check_port(port)
    with tempfile.TemporaryDirectory(prefix="debrief-preview-") as folder:
        preview = Preview(source, client, Path(folder) / "site", engine)
        preview.rebuild()
        if not preview.site.is_dir():
            raise click.ClickException(f"{client}: no site to serve until the errors above are fixed")
        server = PreviewServer(preview, port)
        for watched in (source / "campaigns" / client, source / "content" / client):
            if watched.is_dir():
                server.watch(str(watched))
        click.echo(f"Serving {client} on {server.url} (Ctrl+C to stop); watching its files", err=True)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
