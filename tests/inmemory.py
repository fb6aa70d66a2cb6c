"""Typed models built in memory, for compute tests that are about figures, not files.

Each builder takes only what a test is about and fills the rest of the file
contract with plain defaults, validated by the same pydantic models as real files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from generator.models import Agency, Campaign, CampaignFile, Client, ClientFile, Meeting, MeetingFile, MetricRow

START = dt.date(2026, 3, 2)
"""A Monday."""


def days_from(start: dt.date, count: int) -> list[dt.date]:
    return [start + dt.timedelta(days=offset) for offset in range(count)]


def rows(start: dt.date = START, channel: str = "search", **columns: Sequence[float | None]) -> list[MetricRow]:
    """One row per day from ``start``, a value per column per day (None: an empty cell)."""
    lengths = {len(values) for values in columns.values()}
    assert len(lengths) == 1, "every column needs a value for every day"
    count = lengths.pop()
    return [
        MetricRow(day, channel, {name: values[index] for name, values in columns.items()})
        for index, day in enumerate(days_from(start, count))
    ]


def campaign(
    metrics: Sequence[MetricRow] = (), slug: str = "spring", start: dt.date = START, days: int = 60,
    budget: float = 100_000, kpis: list[dict] | None = None, **spec: object,
) -> Campaign:
    """A campaign of ``days`` days from ``start``; ``spec`` adds or replaces campaign.yml keys."""
    fields = {
        "name": slug.replace("-", " ").title(), "start": start, "end": start + dt.timedelta(days=days - 1),
        "objectives": {"primary": "Sell"}, "success": "Sold", "failure": "Not sold",
        "budget": budget, "hours": 100, "revision_rounds": 2,
        "kpis": kpis or [{"id": "orders", "name": "Orders", "metric": "conversions", "target": 100}],
        **spec,
    }
    columns = tuple(dict.fromkeys(name for row in metrics for name in row.values)) or ("conversions",)
    ordered = tuple(sorted(metrics, key=lambda r: (r.date, r.channel)))
    return Campaign(slug, CampaignFile.model_validate(fields), ordered, columns)


def note(day: dt.date, **front: object) -> Meeting:
    spec = MeetingFile.model_validate({"date": day, "type": "meeting", **front})
    return Meeting(f"{day.isoformat()}-note", f"content/acme/meetings/{day.isoformat()}-note.md", spec, "")


def client(
    *campaigns: Campaign, slug: str = "acme", currency: str = "USD", meetings: Sequence[Meeting] = (), **spec: object,
) -> Client:
    fields = {"name": slug.title(), "language": "en", "currency": currency, "account_manager": "Ann", **spec}
    return Client(slug, ClientFile.model_validate(fields), tuple(campaigns), tuple(meetings), ())


def agency(*clients: Client) -> Agency:
    return Agency(tuple(clients))
