"""The ``debrief`` command: parse options, run the pipeline or a command, print problems. Nothing else.

What each command does beyond building sites lives in ``commands/`` (one module per
command); the options several commands share are declared once, below.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sys
import time
from pathlib import Path
from typing import Callable, Iterator

import click

from . import __version__, pipeline
from .commands import hosting as hosting_config
from .site.engines import ENGINES
from .models import FIRST_YEAR, LANGUAGES, LAST_YEAR, Client, MeetingFile
from .outputs import OutputRefused
from .problems import InvalidSource, Problem
from .site import BuildFailed, SiteResult
from .sources.presets import PRESETS

# --- options several commands share -------------------------------------------------------------

source_option = click.option(
    "--source", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    help="Agency folder holding campaigns/ and content/.",
)
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
engine_option = click.option(
    "--engine", type=click.Choice(list(ENGINES)), default=None,
    help="What builds the sites: MkDocs with Material, or Zensical.  [default: extra.engine of mkdocs.yml, else mkdocs]",
)


def out_option(help: str, default: Path | None = None, required: bool = False) -> Callable:
    """``--out``: the folder a command writes, which must be new, empty or one it wrote itself."""
    return click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=default, required=required,
                        show_default=default is not None, help=help)


class Day(click.ParamType):
    """A day written ``YYYY-MM-DD`` in the years 2000 to 2100, as in the files: a report as of 9999 is a typo."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            day = dt.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
        except ValueError:
            day = None
        if day is None:
            self.fail(f"'{value}' is not a day written YYYY-MM-DD, e.g. 2026-11-20", param, ctx)
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            self.fail(f"{day} is outside the years {FIRST_YEAR} to {LAST_YEAR}: check the year", param, ctx)
        return day


DAY = Day()


def as_of_option(help: str = "Report date (default: each client's last day with data).") -> Callable:
    return click.option("--as-of", type=DAY, help=help)


# --- how problems are shown ---------------------------------------------------------------------


def _print_problems(problems: list[Problem], kind: str) -> None:
    for problem in problems:
        click.echo(f"{problem}" if kind == "error" else f"warning: {problem}", err=True)


@contextlib.contextmanager
def _reported(outcome: str, previous: str | None = None) -> Iterator[None]:
    """Expected failures as one line each and the exit code the README promises: bad input 1, refused output 2.

    ``outcome`` says what did not happen ("nothing was built"); ``previous`` what is left as it was.
    """
    try:
        yield
    except InvalidSource as exc:
        _print_problems(exc.problems, "error")
        raise click.ClickException(f"{len(exc.problems)} error(s): {outcome}. Fix the files above and run again.") from None
    except OutputRefused as exc:
        raise click.UsageError(f"{exc}. Nothing was written.") from exc
    except BuildFailed as exc:
        raise click.ClickException(f"{exc}. {previous}" if previous else str(exc)) from exc


def _loaded(source: Path, outcome: str, strict: bool = False) -> pipeline.Loaded:
    with _reported(outcome):
        return pipeline.load(source, strict)


def _client(loaded: pipeline.Loaded, slug: str) -> Client:
    found = next((c for c in loaded.agency.clients if c.slug == slug), None)
    if found is None:
        known = ", ".join(c.slug for c in loaded.agency.clients)
        raise click.BadParameter(f"no client '{slug}' (clients: {known})", param_hint="CLIENT")
    return found


@click.group()
@click.version_option(__version__, prog_name="debrief")
def main() -> None:
    """Debrief: campaign data and meeting notes in git, one static report site per client.

    \b
    Example:
        debrief validate
        debrief build --out site
    """


# --- build and validate -------------------------------------------------------------------------


def _shard(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    """``K/N`` with 1 <= K <= N."""
    if value is None:
        return None
    number, _, count = value.partition("/")
    if not (number.isdigit() and count.isdigit() and 1 <= int(number) <= int(count)):
        raise click.BadParameter(f"'{value}' is not K/N with 1 <= K <= N, e.g. 2/4")
    return int(number), int(count)


def _progress_line(result: SiteResult, done: int, total: int) -> None:
    """One line per finished site, for logs."""
    seconds = result.render_seconds + result.engine_seconds
    some = f" ({result.pages_built} of {result.pages} pages)" if result.state == "built" and result.pages_built < result.pages else ""
    click.echo(f"[{done}/{total}] {result.state} {result.site_id}{some} in {seconds:.1f} s of CPU", err=True)


class _ProgressBar:
    """One line redrawn in place, for a terminal."""

    WIDTH = 30

    def __init__(self) -> None:
        self.drawn = False

    def __call__(self, result: SiteResult, done: int, total: int) -> None:
        filled = self.WIDTH * done // max(total, 1)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        click.echo(f"\r[{bar}] {done}/{total} {result.site_id[:40]:<40}", nl=False, err=True)
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            click.echo("", err=True)


@main.command()
@source_option
@out_option("Output folder.", default=Path("site"))
@click.option("--client", "clients", multiple=True, metavar="SLUG", help="Build only this client (repeatable).")
@as_of_option()
@strict_option
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="number of cores",
              help="Sites built at the same time, in worker processes.")
@click.option("--force", is_flag=True, help="Rebuild every site, changed or not.")
@click.option("--shard", callback=_shard, metavar="K/N",
              help="Build every N-th client starting with the K-th (shard 1 also builds the portfolio).")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@engine_option
def build(
    source: Path, out: Path, clients: tuple[str, ...], as_of: dt.date | None, strict: bool, jobs: int, force: bool,
    shard: tuple[int, int] | None, quiet: bool, engine: str | None,
) -> None:
    """Build every client site into OUT/<client>/ and the agency's sites into OUT/internal/.

    Only sites whose inputs changed since the last build into OUT are built again.

    \b
    Example:
        debrief build --source . --out site --as-of 2026-11-20
        debrief build --shard 2/4 --out site-2    # the second of four CI jobs
        debrief build --engine zensical
    """
    started = time.perf_counter()
    progress = None if quiet else _ProgressBar() if sys.stderr.isatty() else _progress_line
    try:
        with _reported("nothing was built", f"The previous output in {out}/ is unchanged."):
            built = pipeline.build(source, out, clients, as_of, strict, jobs=jobs, force=force, shard=shard,
                                   progress=progress, engine=engine)
    finally:
        if isinstance(progress, _ProgressBar):
            progress.close()
    if not quiet:
        _print_problems(built.warnings, "warning")
        made = len(built.report.built)
        click.echo(
            f"Built {made} site(s) into {out}/ ({len(built.report.sites) - made} unchanged, {built.clients} client(s))"
            f" in {time.perf_counter() - started:.1f} s"
        )


@main.command()
@source_option
@strict_option
def validate(source: Path, strict: bool) -> None:
    """Check every file and print all problems at once; builds nothing.

    \b
    Example:
        debrief validate --source .
    """
    from .commands.sources import revision_lines

    loaded = _loaded(source, "nothing was built", strict)
    _print_problems(loaded.warnings, "warning")
    for client in loaded.agency.clients:
        for campaign in client.campaigns:
            for summary in campaign.sources:
                for line in revision_lines(summary):
                    click.echo(line)
    click.echo(f"OK: {len(loaded.agency.clients)} client(s), no errors")


# --- the other commands (commands/) -------------------------------------------------------------


@main.command()
@click.argument("client")
@click.argument("campaign", required=False)
@source_option
@as_of_option("Report date (default: the client's last day with data).")
def sources(client: str, campaign: str | None, source: Path, as_of: dt.date | None) -> None:
    """Show where every number of a client's campaigns came from: files, rows, days, gaps and totals.

    Compare the totals with the platform's own screen for the same dates.

    \b
    Example:
        debrief sources aurora-coffee holiday-gift-boxes --as-of 2026-11-20
    """
    from .commands.sources import campaign_lines

    loaded = _loaded(source, "nothing to show")
    found = _client(loaded, client)
    campaigns = found.campaigns
    if campaign is not None:
        campaigns = tuple(c for c in found.campaigns if c.slug == campaign)
        if not campaigns:
            known = ", ".join(c.slug for c in found.campaigns)
            raise click.BadParameter(f"no campaign '{campaign}' for {client} (campaigns: {known})", param_hint="CAMPAIGN")
    day = as_of or pipeline.as_of_dates(loaded.agency, None)[client]
    for index, chosen in enumerate(campaigns):
        if index:
            click.echo("")
        for line in campaign_lines(client, chosen, day):
            click.echo(line)


@main.group()
def new() -> None:
    """Create new files from templates."""


MEETING_TYPES = MeetingFile.model_fields["type"].annotation.__args__  # type: ignore[union-attr]


@new.command("meeting")
@click.argument("client")
@click.option("--type", "meeting_type", type=click.Choice(MEETING_TYPES), required=True, help="Meeting type.")
@click.option("--campaign", help="Campaign slug the meeting is about.")
@click.option("--date", "day", type=DAY, help="Meeting date (default: today).")
@click.option("--slug", help="File name part after the date (default: the type).")
@source_option
def new_meeting(client: str, meeting_type: str, campaign: str | None, day: dt.date | None, slug: str | None, source: Path) -> None:
    """Write content/<client>/meetings/<date>-<slug>.md with the type's questions to answer.

    \b
    Example:
        debrief new meeting aurora-coffee --type check-in --campaign holiday-gift-boxes
    """
    from .commands import new as new_files

    found = _client(_loaded(source, "nothing was built"), client)
    path = new_files.write_meeting(found, source, meeting_type, campaign, day or dt.date.today(), slug)
    click.echo(f"Wrote {path}")


@new.command("client")
@click.argument("slug")
@click.option("--name", required=True, help="The client's name, any Unicode.")
@click.option("--language", type=click.Choice(LANGUAGES), required=True, help="Language of the client's site.")
@click.option("--currency", required=True, help="ISO 4217 code (USD, RUB, KRW, CNY ...): every export's money is in it.")
@click.option("--manager", default="Account Manager", show_default=True, help="The account manager's name.")
@source_option
def new_client(slug: str, name: str, language: str, currency: str, manager: str, source: Path) -> None:
    """Write campaigns/<slug>/client.yml, every key explained in a comment; it validates as written.

    \b
    Example:
        debrief new client kestrel-outdoor --name "Kestrel Outdoor" --language en --currency USD
    """
    from .commands import new as new_files

    path = new_files.write_client(source, slug, name, language, currency.upper(), manager)
    click.echo(f"Wrote {path}")
    click.echo(f"Next: debrief new campaign {slug} <campaign> --start YYYY-MM-DD --end YYYY-MM-DD --platform google-ads")


@new.command("campaign")
@click.argument("client")
@click.argument("slug")
@click.option("--start", type=DAY, required=True, help="First day of the campaign.")
@click.option("--end", type=DAY, required=True, help="Last day of the campaign.")
@click.option("--name", help="Display name (default: from the slug).")
@click.option("--platform", "platforms", multiple=True, type=click.Choice(list(PRESETS)),
              help="An ad platform whose exports feed the campaign (repeatable).")
@source_option
def new_campaign(client: str, slug: str, start: dt.date, end: dt.date, name: str | None,
                 platforms: tuple[str, ...], source: Path) -> None:
    """Write campaigns/<client>/<slug>/campaign.yml with a sources: block per platform and its export folders.

    Without --platform it writes a metrics.csv header for hand-kept figures instead.

    \b
    Example:
        debrief new campaign kestrel-outdoor autumn --start 2026-09-01 --end 2026-11-30 \\
            --platform google-ads --platform meta-ads
    """
    from .commands import new as new_files

    chosen = list(dict.fromkeys(platforms))
    for line in new_files.write_campaign(source, client, slug, start, end, name, chosen):
        click.echo(line)


@main.group()
def hosting() -> None:
    """Configuration to serve the built sites on the web, with a password per client."""


def _matching(pattern: re.Pattern[str]):
    def check(ctx: click.Context, param: click.Parameter, value: str) -> str:
        if not pattern.fullmatch(value):
            raise click.BadParameter(f"'{value}' is not a valid value here")
        return value
    return check


@hosting.command("nginx")
@click.option("--credentials", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="YAML file of staff and client users with their passwords; keep it outside git.")
@out_option("Folder for debrief.conf and the htpasswd files (outside the web root).", required=True)
@click.option("--site", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True,
              help="The built sites to serve.")
@click.option("--listen", default="8080", show_default=True, callback=_matching(hosting_config.LISTEN),
              help="nginx listen address: PORT or HOST:PORT.")
@click.option("--server-name", default="_", show_default=True, callback=_matching(hosting_config.SERVER_NAME),
              help="nginx server_name: the host name(s) of the site.")
@click.option("--certificate", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TLS certificate (chain) file: nginx serves HTTPS itself.")
@click.option("--certificate-key", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The certificate's private key file.")
def hosting_nginx(credentials: Path, out: Path, site: Path, listen: str, server_name: str,
                  certificate: Path | None, certificate_key: Path | None) -> None:
    """Write an nginx server block serving SITE with HTTP basic auth per client, and its htpasswd files.

    \b
    Example:
        debrief hosting nginx --credentials ~/.config/debrief/credentials.yml --out /etc/nginx/debrief
    """
    if (certificate is None) != (certificate_key is None):
        raise click.UsageError("give both --certificate and --certificate-key, or neither")
    server = hosting_config.Server(listen, server_name, certificate and certificate.resolve(),
                                   certificate_key and certificate_key.resolve())
    with _reported("nothing was written"):
        users, warnings = hosting_config.read_credentials(credentials)
        written = hosting_config.write_nginx(users, site, out, server)
    if certificate is None:
        warnings.append("plain HTTP: basic auth sends passwords readable on the way; "
                        "pass --certificate and --certificate-key, or put HTTPS in front")
    for warning in warnings + written.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"Wrote {written.config} and {len(written.password_files)} password file(s) (bcrypt)")
    click.echo(f"Add `include {written.config};` inside the http {{ }} block of nginx.conf, then: nginx -t && nginx -s reload")


@main.command()
@click.argument("client")
@source_option
@out_option("Folder for the PDF files.  [default: pdf/CLIENT]")
@engine_option
def pdf(client: str, source: Path, out: Path | None, engine: str | None) -> None:
    """Print each report of a client (every campaign, weekly and monthly report) to an A4 PDF.

    Builds the client's site from the current files and prints it with the system's Chromium.

    \b
    Example:
        debrief pdf aurora-coffee --out ~/Desktop/aurora
    """
    from .commands.pdf import ChromiumMissing, print_client_reports

    out = out or Path("pdf") / client
    try:
        with _reported("no PDF was written"):
            written = print_client_reports(source, client, out, engine)
    except ChromiumMissing as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Wrote {len(written)} PDF(s) into {out}/")


REPORTS = ("weekly", "monthly", "meeting")


@main.command()
@click.argument("client", required=False)
@click.argument("report", required=False, type=click.Choice(REPORTS))
@click.argument("note", required=False)
@click.option("--due", is_flag=True, help="Every message due on the report date and not sent yet, for every client.")
@click.option("--digest", is_flag=True, help="The staff digest, to the agency's own address (extra.mail.staff).")
@click.option("--week", metavar="YYYY-Www", help="The week of a weekly report (default: the one due on the report date).")
@click.option("--month", metavar="YYYY-MM", help="The month of a monthly report (default: the one due on the report date).")
@out_option("Folder for the .eml files and the sent log.", default=Path("mail"))
@click.option("--send", is_flag=True, help="Send through SMTP (DEBRIEF_SMTP_* or --smtp); without it nothing is sent.")
@click.option("--resend", is_flag=True, help="Send again what the sent log says went out already.")
@click.option("--smtp", "smtp_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML file of SMTP settings (host, port, user, password, starttls), kept outside git.")
@click.option("--attach-pdf", is_flag=True, help="Attach the report printed to PDF (needs Chromium).")
@as_of_option()
@source_option
def mail(client: str | None, report: str | None, note: str | None, due: bool, digest: bool, week: str | None,
         month: str | None, out: Path, send: bool, resend: bool, smtp_file: Path | None, attach_pdf: bool,
         as_of: dt.date | None, source: Path) -> None:
    """Write the reports as e-mails into OUT (.eml files); with --send, send them too.

    \b
    Example:
        debrief mail aurora-coffee weekly --week 2026-W47 --out mail
        debrief mail aurora-coffee meeting 2026-11-20-holiday-weekly
        debrief mail --due --send             # the scheduled job, each weekday morning
        debrief mail --digest --send          # overdue actions and meetings, for the agency
    """
    from .commands.mail import outbox, settings
    from .commands.pdf import ChromiumMissing

    if client is None and not (due or digest):
        raise click.UsageError("name a client and a report (weekly, monthly or meeting NOTE), or pass --due or --digest")
    if client is not None and due:
        raise click.UsageError("--due covers every client: leave out the client, or name a report instead of --due")
    if client is not None and report is None:
        raise click.UsageError(f"which report of {client}? weekly, monthly or meeting NOTE")
    if (report == "meeting") != (note is not None):
        raise click.UsageError("meeting needs the note's file name without .md, e.g. meeting 2026-11-20-weekly"
                               if report == "meeting" else "only a meeting takes a note's name")
    if week and report != "weekly" or month and report != "monthly":
        raise click.UsageError("--week goes with weekly, --month with monthly")
    if resend and not send:
        raise click.UsageError("--resend goes with --send")
    request = outbox.Request(due, digest, client, report, week or month or note)
    try:
        with _reported("no message was written or sent"):
            smtp = settings.smtp_settings(smtp_file) if send else None
            outcome = outbox.run(source, out, request, as_of=as_of, send=send, resend=resend,
                                 smtp=smtp, attach_pdf=attach_pdf, progress=lambda line: click.echo(line, err=True))
    except outbox.MailFailed as exc:
        done = exc.outcome
        raise click.ClickException(f"{exc}. Sent {len(done.sent)} of {len(done.written)} message(s) before it; "
                                   "those are in the sent log, the rest were not sent.") from exc
    except ChromiumMissing as exc:
        raise click.ClickException(str(exc)) from exc
    for key in outcome.skipped:
        click.echo(f"Not sent again: {key} is in the sent log (pass --resend to send it again)", err=True)
    if not outcome.written:
        click.echo("Nothing to write: no message is due" + ("" if outcome.skipped else " on the report date"))
        return
    click.echo(f"Wrote {len(outcome.written)} message(s) into {out}/" + (f", sent {len(outcome.sent)}" if send else ""))


@main.command()
@click.argument("client")
@source_option
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port on 127.0.0.1.")
@engine_option
def serve(client: str, source: Path, port: int, engine: str | None) -> None:
    """Preview one client's site on 127.0.0.1: each save rebuilds it and the open page reloads by itself.

    \b
    Example:
        debrief serve aurora-coffee
    """
    from .commands.serve import serve_preview

    serve_preview(source, client, port, engine)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
