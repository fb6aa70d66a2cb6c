"""``debrief new``: a client, a campaign or a meeting note, written ready to fill in.

``new client`` and ``new campaign`` write files with a comment on every key that
validate as written; neither ever overwrites a file. ``new meeting`` writes a
preparation pack. A check-in goes well when each side brings what it needs: the campaign's numbers, and
what was promised last time. The note holds valid front matter with the type's questions as
empty answers (their text as comments, in the client's language), and a body with
the current KPI status of the campaign and the actions still open. The body is the
user's Markdown afterwards, so the text copied into it (action texts, names) is escaped
just enough to stay text: what the earlier note showed as ``<b>x</b>`` or ``[x](y)`` must
not become markup in the new one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import click
from pydantic import ValidationError

from ..compute import actions as action_compute
from ..compute import campaigns as campaign_compute
from ..i18n import Formatter
from ..layout import reserved
from ..models import MAX_SLUG_LENGTH, SLUG, Campaign, Client, ClientFile
from ..questions import question_keys, question_text
from ..render.base import Renderer
from ..sources.campaign import SHARED_EXPORTS
from ..sources.presets import PRESETS


def write_meeting(client: Client, source: Path, meeting_type: str, campaign: str | None, date: dt.date,
                  slug: str | None) -> Path:
    """``content/<client>/meetings/<date>-<slug>.md`` with the type's questions; refuses to overwrite."""
    if campaign and client.campaign(campaign) is None:
        known = ", ".join(c.slug for c in client.campaigns)
        raise click.BadParameter(f"no campaign '{campaign}' for {client.slug} (campaigns: {known})", param_hint="--campaign")
    if slug is not None and not (SLUG.fullmatch(slug) and len(slug) <= MAX_SLUG_LENGTH):
        raise click.BadParameter(f"'{slug}' is not a valid name: use up to {MAX_SLUG_LENGTH} lower-case letters, digits "
                                 "and single hyphens", param_hint="--slug")
    path = source / "content" / client.slug / "meetings" / f"{date.isoformat()}-{slug or meeting_type}.md"
    if path.exists():
        raise click.ClickException(f"{path} already exists: pass --slug to name the new note")
    _write(path, meeting_note(client, meeting_type, date, campaign))
    return path


def write_client(source: Path, slug: str, name: str, language: str, currency: str, manager: str) -> Path:
    """``campaigns/<slug>/client.yml``, checked against the contract before it is written."""
    check_slug(slug, "SLUG")
    path = source / "campaigns" / slug / "client.yml"
    _refuse_existing(path)
    try:
        ClientFile(name=name, language=language, currency=currency, account_manager=manager)
    except ValidationError as exc:
        raise click.UsageError("; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())) from exc
    _write(path, client_yml(name, language, currency, manager))
    return path


def write_campaign(source: Path, client: str, slug: str, start: dt.date, end: dt.date, name: str | None,
                   platforms: list[str]) -> list[str]:
    """``campaign.yml`` and an export folder per platform (or a metrics.csv header); the lines to print."""
    check_slug(slug, "SLUG")
    client_folder = source / "campaigns" / client
    if not (client_folder / "client.yml").is_file():
        raise click.BadParameter(f"no client '{client}': run debrief new client {client} first", param_hint="CLIENT")
    if end < start:
        raise click.BadParameter(f"--end {end} is before --start {start}", param_hint="--end")
    folder = client_folder / slug
    _refuse_existing(folder / "campaign.yml")
    _write(folder / "campaign.yml", campaign_yml(name or slug.replace("-", " ").title(), start, end, platforms))
    lines = []
    for platform in platforms:
        _write(folder / "exports" / platform / ".gitkeep", "")
        lines.append(f"Put the {PRESETS[platform].title} exports in {folder / 'exports' / platform}/ ({PRESETS[platform].steps})")
    if not platforms:
        _write(folder / "metrics.csv", "date,channel,impressions,clicks,conversions,spend\n")
    return [*lines, f"Wrote {folder / 'campaign.yml'}"]


def check_slug(slug: str, hint: str) -> None:
    if not SLUG.fullmatch(slug) or len(slug) > MAX_SLUG_LENGTH:
        raise click.BadParameter(f"'{slug}' is not a valid name: lower-case letters, digits and single hyphens", param_hint=hint)
    why = reserved(slug) or (f"'{SHARED_EXPORTS}' holds the exports shared by a client's campaigns" if slug == SHARED_EXPORTS else None)
    if why:
        raise click.BadParameter(f"'{slug}' is reserved: {why}; choose another name", param_hint=hint)


def _refuse_existing(path: Path) -> None:
    if path.exists():
        raise click.ClickException(f"{path} already exists: nothing was written (Debrief never overwrites your files)")


def _write(path: Path, text: str) -> None:
    """Write a new file of the client's own folders, never through a symlink leading out of them.

    ``path`` is ``<source>/campaigns|content/<client>/...``: it must resolve inside that client folder
    as it lies in its real parent, as every file a site is read from must.
    """
    top = path
    while top.parent.name not in ("campaigns", "content"):
        top = top.parent
    own = top.parent.resolve() / top.name
    target = path.resolve()
    if target != own and own not in target.parents:
        parts = path.relative_to(top).parts
        link = next((p for p in (top, *(top.joinpath(*parts[:i]) for i in range(1, len(parts) + 1))) if p.is_symlink()), top)
        raise click.ClickException(f"{link} is a symlink leading outside {top.parent.name}/{top.name}/ (to {target.parent}): "
                                   "Debrief writes only inside the client's own folders; remove the link")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# --- the preparation pack --------------------------------------------------------------------


def meeting_note(client: Client, meeting_type: str, day: dt.date, campaign: str | None) -> str:
    """The text of a new note: front matter with every standard question, then the preparation pack."""
    return "---\n" + "\n".join(front_matter(client, meeting_type, day, campaign)) + "\n---\n\n" + pack(client, day, campaign)


def front_matter(client: Client, meeting_type: str, day: dt.date, campaign: str | None) -> list[str]:
    language = client.spec.language
    lines = [f"date: {day.isoformat()}", f"type: {meeting_type}"]
    if campaign:
        lines.append(f"campaign: {campaign}")
    lines += ["visibility: client", f"attendees: [{json.dumps(client.spec.account_manager, ensure_ascii=False)}]"]
    keys = question_keys(meeting_type) if meeting_type != "retro" else ()
    lines.append("answers:" if keys else "answers: {}")
    for key in keys:
        lines += [f"  # {question_text(meeting_type, key, language)}", f'  {key}: ""']
    lines += ["decisions: []", "actions: []"]
    if meeting_type == "retro":
        lines.append("retro:")
        for key in question_keys("retro"):
            lines += [f"  # {question_text('retro', key, language)}", f"  {key}: []"]
    lines.append("lessons: []")
    return lines


def pack(client: Client, day: dt.date, campaign_slug: str | None) -> str:
    """The body: KPI status of the campaign(s) and the actions still open on the meeting's date."""
    fmt = Formatter(client.spec.language, client.spec.currency)
    _ = fmt.gettext
    sections = []
    for campaign in pack_campaigns(client, day, campaign_slug):
        sections.append(kpi_section(campaign, status_date(client, day), fmt))
    # A new note is client-visible: actions from internal notes must not be copied into it.
    still_open = action_compute.still_open(action_compute.register(client.for_client_site().meetings, day))
    if still_open:
        rows = [
            [t.action.id, t.action.text, t.action.owner, fmt.date(t.action.due), t.meeting.slug,
             _("Overdue") if t.state == "overdue" else _("Open")]
            for t in still_open
        ]
        sections.append("## " + _("Actions still open") + "\n\n" + table(
            [_("ID"), _("Action"), _("Owner"), _("Due"), _("From"), _("State")], rows))
    else:
        sections.append("## " + _("Actions still open") + "\n\n" + _("None."))
    sections.append("## " + _("Notes") + "\n")
    return "\n\n".join(sections) + "\n"


def pack_campaigns(client: Client, day: dt.date, campaign_slug: str | None) -> list[Campaign]:
    """The campaign named, else every campaign running on the meeting's date."""
    if campaign_slug:
        return [c for c in client.campaigns if c.slug == campaign_slug]
    return [c for c in client.campaigns if c.spec.start <= day <= c.spec.end]


def status_date(client: Client, day: dt.date) -> dt.date:
    """The meeting's date, or the last day with data when the meeting is prepared ahead of it."""
    last = campaign_compute.default_as_of(client)
    return min(day, last) if last else day


def kpi_section(campaign: Campaign, as_of: dt.date, fmt: Formatter) -> str:
    _ = fmt.gettext
    values = Renderer(fmt, internal=False)
    report = campaign_compute.campaign_report(campaign, as_of)
    rows = [
        [k.kpi.name, str(values.kpi_value(k.kpi.target, k.kpi.unit)), str(values.kpi_actual(k)),
         str(values.kpi_value(k.expected, k.kpi.unit)), fmt.percent(k.pace, 0), str(values.status_label(k.status))]
        for k in report.kpis
    ]
    heading = _("KPI status of {campaign} on {date}").format(campaign=literal(campaign.spec.name), date=fmt.date(as_of, "long"))
    header = [_("KPI"), _("Target"), _("Actual"), _("Expected by now"), _("Pace"), _("Status")]
    return f"## {heading}\n\n" + table(header, rows, numeric=(1, 2, 3, 4))


MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]])")
"""Characters that start inline Markdown: a backslash in front keeps each one as text."""
ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def literal(text: str) -> str:
    """Text that reads in Markdown as it reads on a page: no emphasis, link, image, code or HTML; line breaks folded."""
    text = ENTITY.sub("&amp;", " ".join(text.split())).replace("<", "&lt;")
    return MARKDOWN_INLINE.sub(r"\\\1", text)


def table(header: list[str], rows: list[list[str]], numeric: tuple[int, ...] = ()) -> str:
    """A Markdown table; cells keep their text (see ``literal``), with ``|`` escaped too."""
    def cell(text: str) -> str:
        return literal(text).replace("|", "\\|")

    rule = ["--:" if index in numeric else "---" for index in range(len(header))]
    lines = [header, rule, *rows]
    return "\n".join("| " + " | ".join(cell(c) for c in line) + " |" for line in lines)


# --- debrief new client / new campaign ------------------------------------------------------


def client_yml(name: str, language: str, currency: str, manager: str) -> str:
    """A client.yml with a comment on every key: the README's contract, in the file."""
    return "\n".join([
        "# The client: one report site per client (see the README, 'The file contract').",
        f"name: {json.dumps(name, ensure_ascii=False)}          # any Unicode: the site's title",
        f"language: {language}                 # en | ru | ko | zh: the language of this client's site",
        f"currency: {currency}                # ISO 4217: every export's money must be in it",
        f"account_manager: {json.dumps(manager, ensure_ascii=False)}  # runs the account; surveys are run by someone else",
        "# brand:                      # optional",
        "#   color: \"#1F5FA8\"          # accent colour of the site",
        "#   logo: logo.svg            # a file beside client.yml (svg, png, jpg, webp)",
        "# fee:                        # optional: a fixed part and a part floating with satisfaction",
        "#   monthly: 10000",
        "#   floating_share: 0.3       # 30 % floats with the score",
        "#   score: csi                # csi | nps",
        "#   zero_at: 60               # floating part 0 % at this score ...",
        "#   full_at: 90               # ... rising linearly to 100 % at this one",
        "",
    ])


def campaign_yml(name: str, start: dt.date, end: dt.date, platforms: list[str]) -> str:
    """A campaign.yml with a comment on every key and a ``sources:`` block per platform named."""
    lines = [
        "# A campaign: its plan, and where its daily figures come from (see the README).",
        f"name: {json.dumps(name, ensure_ascii=False)}",
        f"start: {start.isoformat()}           # first day",
        f"end: {end.isoformat()}             # last day",
        "objectives:",
        "  primary: \"Say what the campaign is for\"",
        "  secondary: []                 # more goals, one per line",
        "success: \"What counts as a success\"",
        "failure: \"What counts as a failure\"",
        "budget: 0                       # in the client's currency: compared with the summed spend",
        "hours: 0                        # planned hours (work.csv logs the hours used)",
        "revision_rounds: 2              # allowed per deliverable",
        "kpis:                           # each has exactly one of metric or ratio",
        "  - id: conversions",
        "    name: Conversions",
        "    metric: conversions         # a column, summed over the period",
        "    target: 100",
        "    # plan: {2026-01: 40, 2026-02: 60}   # optional monthly plan",
        "  - id: cpa",
        "    name: Cost per conversion",
        "    ratio: [spend, conversions] # sum of the first / sum of the second",
        "    target: 20",
        "    better: lower               # higher (default) | lower",
        "    unit: currency              # number (default) | currency | percent",
    ]
    if not platforms:
        lines += ["sources: []                     # platform exports; without them, metrics.csv holds the figures", ""]
        return "\n".join(lines)
    lines.append("sources:                        # the platforms' own exports, committed as downloaded")
    for platform in platforms:
        preset = PRESETS[platform]
        lines += [
            f"  - platform: {platform}",
            f"    files: exports/{platform}/*    # a glob relative to this folder; re-downloads may overlap",
            f"    channel: {platform}         # the channel of these rows on the pages",
            "    # campaign: \"Name in the export\"  # keep only the rows of this export campaign",
            f"    # download: {preset.steps}",
        ]
    lines.append("")
    return "\n".join(lines)
