"""Typed models built in memory, for compute tests that need no files: small, explicit, exact."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from generator.models import (
    Agency, Campaign, CampaignFile, Client, ClientFile, Deliverable, Kpi, Meeting, MeetingFile, MetricRow, NpsSurvey,
    Survey, WorkEntry,
)

DAY = dt.timedelta(days=1)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def kpi(id: str = "orders", **fields: Any) -> Kpi:
    fields.setdefault("name", id.title())
    fields.setdefault("target", 100)
    if "ratio" not in fields:
        fields.setdefault("metric", "conversions")
    return Kpi(id=id, **fields)


def daily(start: str, days: int, channel: str = "", **values: float | None) -> list[MetricRow]:
    """The same values every day from ``start``."""
    return [MetricRow(day(start) + i * DAY, channel, dict(values)) for i in range(days)]


def series(start: str, channel: str = "", **columns: Sequence[float | None]) -> list[MetricRow]:
    """A value per column per day from ``start`` (None: an empty cell)."""
    lengths = {len(values) for values in columns.values()}
    assert len(lengths) == 1, "every column needs a value for every day"
    return [
        MetricRow(day(start) + i * DAY, channel, {name: values[i] for name, values in columns.items()})
        for i in range(lengths.pop())
    ]


def campaign(
    start: str = "2026-03-01", end: str = "2026-03-10", kpis: tuple[Kpi, ...] = (), rows: list[MetricRow] = (),  # type: ignore[assignment]
    slug: str = "spring", work: list[WorkEntry] = (), deliverables: list[Deliverable] = (), **spec: Any,  # type: ignore[assignment]
) -> Campaign:
    spec = {"budget": 1000, "hours": 40, "revision_rounds": 2, **spec}
    file = CampaignFile(
        name=spec.pop("name", "Spring Launch"), start=day(start), end=day(end), objectives={"primary": "Sell"},
        success="Sold", failure="Not sold", kpis=list(kpis or (kpi(),)), **spec,
    )
    columns = tuple(dict.fromkeys(column for row in rows for column in row.values))
    return Campaign(slug, file, tuple(rows), columns, tuple(work), tuple(deliverables))


def lasting(rows: list[MetricRow], start: dt.date, days: int, **fields: Any) -> Campaign:
    """A campaign of ``days`` days from ``start`` over ``rows``, sorted as validation sorts them."""
    ordered = sorted(rows, key=lambda r: (r.date, r.channel))
    return campaign(start.isoformat(), (start + (days - 1) * DAY).isoformat(), rows=ordered, **fields)


def meeting(date: str, slug: str = "meeting", body: str = "", **spec: Any) -> Meeting:
    spec.setdefault("type", "meeting")
    return Meeting(f"{date}-{slug}", f"content/acme/meetings/{date}-{slug}.md", MeetingFile(date=day(date), **spec), body)


def nps(date: str, *scores: int) -> Survey:
    responses = [{"respondent": f"R{i}", "score": s} for i, s in enumerate(scores)]
    return Survey(f"{date}-nps", f"content/acme/surveys/{date}-nps.yml", NpsSurvey(date=day(date), kind="nps", responses=responses))


def client(*campaigns: Campaign, meetings: tuple[Meeting, ...] = (), surveys: tuple[Survey, ...] = (),
           language: str = "en", currency: str = "USD", slug: str = "acme", **keys: Any) -> Client:
    """``keys`` adds client.yml keys (``alerts``, ``fee``)."""
    spec = ClientFile(name="Acme Widgets", language=language, currency=currency, account_manager="Ann Manager", **keys)
    return Client(slug, spec, tuple(campaigns), tuple(sorted(meetings, key=lambda m: (m.spec.date, m.slug))), tuple(surveys))


def agency(*clients: Client, language: str = "en") -> Agency:
    return Agency(tuple(clients), language)  # type: ignore[arg-type]
