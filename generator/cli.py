"""The ``debrief`` command: parse options, run the pipeline, print problems. Nothing else."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click

from . import __version__, pipeline
from .models import MeetingFile
from .problems import InvalidSource, Problem
from .scaffold import meeting_note
from .site import BuildFailed

source_option = click.option(
    "--source", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    help="Agency folder holding campaigns/ and content/.",
)


def _print_problems(problems: list[Problem], kind: str) -> None:
    for problem in problems:
        click.echo(f"{problem}" if kind == "error" else f"warning: {problem}", err=True)


def _fail(exc: InvalidSource) -> None:
    _print_problems(exc.problems, "error")
    raise click.ClickException(f"{len(exc.problems)} error(s): nothing was built. Fix the files above and run again.")


@click.group()
@click.version_option(__version__, prog_name="debrief")
def main() -> None:
    """Debrief: campaign data and meeting notes in git, one static report site per client.

    \b
    Example:
        debrief validate
        debrief build --out site
    """


@main.command()
@source_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True, help="Output folder.")
@click.option("--client", "clients", multiple=True, metavar="SLUG", help="Build only this client (repeatable).")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Report date (default: each client's last day with data).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
def build(source: Path, out: Path, clients: tuple[str, ...], as_of: dt.datetime | None, strict: bool, quiet: bool) -> None:
    """Build every client site into OUT/<client>/ and the agency's sites into OUT/internal/.

    \b
    Example:
        debrief build --source . --out site --as-of 2026-11-20
    """
    started = time.perf_counter()
    try:
        loaded = pipeline.build(source, out, clients, as_of.date() if as_of else None, strict)
    except InvalidSource as exc:
        _fail(exc)
        return
    except BuildFailed as exc:
        raise click.ClickException(f"{exc}. The previous output in {out}/ is unchanged.") from exc
    if not quiet:
        _print_problems(loaded.warnings, "warning")
        count = len(clients) or len(loaded.agency.clients)
        click.echo(f"Built {count} client site(s) and the internal sites into {out}/ in {time.perf_counter() - started:.1f} s")


@main.command()
@source_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def validate(source: Path, strict: bool) -> None:
    """Check every file and print all problems at once; builds nothing.

    \b
    Example:
        debrief validate --source .
    """
    try:
        loaded = pipeline.load(source, strict)
    except InvalidSource as exc:
        _fail(exc)
        return
    _print_problems(loaded.warnings, "warning")
    click.echo(f"OK: {len(loaded.agency.clients)} client(s), no errors")


@main.group()
def new() -> None:
    """Create new files from templates."""


MEETING_TYPES = MeetingFile.model_fields["type"].annotation.__args__  # type: ignore[union-attr]


@new.command("meeting")
@click.argument("client")
@click.option("--type", "meeting_type", type=click.Choice(MEETING_TYPES), required=True, help="Meeting type.")
@click.option("--campaign", help="Campaign slug the meeting is about.")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), help="Meeting date (default: today).")
@click.option("--slug", help="File name part after the date (default: the type).")
@source_option
def new_meeting(client: str, meeting_type: str, campaign: str | None, day: dt.datetime | None, slug: str | None, source: Path) -> None:
    """Write content/<client>/meetings/<date>-<slug>.md with the type's questions to answer.

    \b
    Example:
        debrief new meeting aurora-coffee --type check-in --campaign holiday-gift-boxes
    """
    try:
        loaded = pipeline.load(source)
    except InvalidSource as exc:
        _fail(exc)
        return
    found = next((c for c in loaded.agency.clients if c.slug == client), None)
    if found is None:
        known = ", ".join(c.slug for c in loaded.agency.clients)
        raise click.BadParameter(f"no client '{client}' (clients: {known})", param_hint="CLIENT")
    if campaign and found.campaign(campaign) is None:
        known = ", ".join(c.slug for c in found.campaigns)
        raise click.BadParameter(f"no campaign '{campaign}' for {client} (campaigns: {known})", param_hint="--campaign")
    date = day.date() if day else dt.date.today()
    path = source / "content" / client / "meetings" / f"{date.isoformat()}-{slug or meeting_type}.md"
    if path.exists():
        raise click.ClickException(f"{path} already exists: pass --slug to name the new note")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(meeting_note(found, meeting_type, date, campaign), encoding="utf-8")
    click.echo(f"Wrote {path}")


@main.command()
@click.argument("client")
@source_option
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
def serve(client: str, source: Path, port: int) -> None:
    """Preview one client's site on 127.0.0.1, rebuilding when a source file changes.

    \b
    Example:
        debrief serve aurora-coffee
    """
    from .preview import serve_preview

    serve_preview(source, client, port)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
