"""The small rules across a client's files, run once each file has been checked on its own.

``validate`` checks each file by itself (its YAML or its rows through their models),
then hands the results here: a note names a campaign the client has, an action id is
used once per client, a pause names a channel its campaign has, a client-wide alert
setting fits each campaign. Every rule reports the file and line the user has to change.
"""

from __future__ import annotations

from pathlib import Path

from .load import YamlDoc
from .models import Campaign, ClientFile, Meeting, Survey
from .problems import Report


def client_alerts(spec: ClientFile, doc: YamlDoc, path: Path, campaigns: tuple[Campaign, ...], report: Report) -> None:
    """A client-wide ``alerts.result`` column that a campaign lacks leaves that campaign without result alerts: say so."""
    if spec.alerts is None or "result" not in spec.alerts.model_fields_set:
        return
    for campaign in campaigns:
        own = campaign.spec.alerts
        if (own is None or "result" not in own.model_fields_set) and spec.alerts.result not in campaign.columns:
            report.warn(
                path, doc.line_of(("alerts", "result")),
                f"alerts.result: campaign '{campaign.slug}' has no column '{spec.alerts.result}', so it gets no "
                "conversion or cost alerts: set alerts.result in its campaign.yml",
            )


def notes(
    slug: str, spec: ClientFile | None, campaign_slugs: list[str], meetings: tuple[Meeting, ...],
    fronts: dict[str, YamlDoc], surveys: tuple[Survey, ...], source: Path, report: Report,
) -> None:
    """Rules across a client's notes: campaigns exist, action ids unique, surveys by someone else."""
    first_seen: dict[str, str] = {}
    for meeting in meetings:
        doc = fronts[meeting.source]
        path = source / meeting.source
        if meeting.spec.campaign is not None and meeting.spec.campaign not in campaign_slugs:
            known = ", ".join(campaign_slugs) or "none yet"
            report.error(path, doc.line_of(("campaign",)), f"no campaign '{meeting.spec.campaign}' for client '{slug}' (campaigns: {known})")
        for index, action in enumerate(meeting.spec.actions):
            if action.id in first_seen:
                report.error(path, doc.line_of(("actions", index, "id")), f"duplicate action id '{action.id}' (first used in {first_seen[action.id]})")
            else:
                first_seen[action.id] = meeting.source
    for survey in surveys:
        if spec is not None and survey.spec.conducted_by == spec.account_manager:
            report.warn(source / survey.source, 0, "conducted by the account manager: satisfaction is best measured by someone other than the account manager; ask a colleague to run surveys")


def pauses(
    campaigns: tuple[Campaign, ...], meetings: tuple[Meeting, ...], fronts: dict[str, YamlDoc], source: Path, report: Report,
) -> None:
    """A pause belongs to the note's campaign, runs forwards, and names a channel that campaign has."""
    by_slug = {c.slug: c for c in campaigns}
    for meeting in meetings:
        doc, path = fronts[meeting.source], source / meeting.source
        for index, pause in enumerate(meeting.spec.pauses):
            at = ("pauses", index)
            if meeting.spec.campaign is None:
                report.error(path, doc.line_of(at), "a pause needs the note's campaign: add 'campaign: <campaign>' to this note")
                continue
            if pause.end < pause.start:
                report.error(path, doc.line_of(at + ("to",)), f"pause: 'to' {pause.end} is before 'from' {pause.start}")
            campaign = by_slug.get(meeting.spec.campaign)
            channels = sorted({row.channel for row in campaign.metrics if row.channel}) if campaign else []
            if pause.channel is not None and campaign is not None and pause.channel not in channels:
                known = ", ".join(channels) or "none: metrics.csv has no channel column"
                report.error(path, doc.line_of(at + ("channel",)), f"pause: campaign '{campaign.slug}' has no channel '{pause.channel}' (channels: {known})")
