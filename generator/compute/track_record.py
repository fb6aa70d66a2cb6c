"""The agency's track record: each KPI target set against what its past campaigns achieved.

Named so as not to be confused with ``make bench`` (build timings) or ``history``
(git dates of notes). ``track_record`` takes the whole agency, so only what builds the
internal sites can call it, and reduces every campaign once to its KPI values (not its
rows), so each internal page compares in a few dictionary look-ups. Everything here is
``InternalOnly``: no client-site page model can hold it. A ``TargetCheck`` carries only
per-campaign figures and campaign names, never another client's name.

Which past campaigns count, for a KPI of a campaign on the report date:

- every campaign of any client that ended before the report date, other than this one,
  with a KPI on the same metric: the same ``metric`` column or the same ``ratio``
  columns, in the same unit;
- a KPI in money (``unit: currency``, or any KPI over the ``spend`` column) only from
  clients in the same currency, since there is no exchange rate to compare by;
- a campaign whose data so far has a single channel is compared with the past campaigns'
  rows of that channel; otherwise whole campaigns are.

Ratio KPIs (cost per order, CTR) are compared as they are. Summed KPIs (orders) depend
on a campaign's length, so they are compared per campaign day: the target divided by the
campaign's days against each past campaign's total divided by its days.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import statistics
from dataclasses import dataclass
from typing import Literal, Mapping

from ..models import Agency, Campaign, Client, Kpi
from .campaigns import SPEND, counted_rows, kpi_value, period
from .internal import InternalOnly

AMBITIOUS_SHARE = 0.1
"""A target that at most this share of past campaigns reached is ambitious: only the best tenth did."""

Basis = Literal["as-is", "per-day"]


@dataclass(frozen=True)
class PastResult(InternalOnly):
    campaign: str
    """The past campaign's name (never its client's)."""
    value: float
    """What it achieved, on the basis of the comparison."""


@dataclass(frozen=True)
class Outcome(InternalOnly):
    """How an ended campaign ranked among the past campaigns it was compared with."""

    value: float
    rank: int
    """1 is the best; ties share the better rank."""
    of: int
    """The past campaigns and this one."""


@dataclass(frozen=True)
class TargetCheck(InternalOnly):
    kpi: Kpi
    basis: Basis
    target: float
    """The KPI's target on the basis of the comparison (per day for a summed KPI)."""
    channel: str
    """The one channel compared; empty: whole campaigns."""
    past: tuple[PastResult, ...]
    """Best first."""
    median: float
    better_than: int
    """Past campaigns that did worse than the target."""
    reached: int
    """Past campaigns that did as well as the target, or better."""
    outcome: Outcome | None
    """For a campaign that has ended: its own result and rank; None while it runs."""

    @property
    def count(self) -> int:
        return len(self.past)

    @property
    def ambitious(self) -> bool:
        return self.reached <= AMBITIOUS_SHARE * self.count


MetricKey = tuple[str | None, tuple[str, str] | None, str]
"""What makes two KPIs the same metric: the ``metric`` column, the ``ratio`` columns, the unit."""


def metric_key(kpi: Kpi) -> MetricKey:
    return kpi.metric, kpi.ratio, kpi.unit


def in_money(kpi: Kpi) -> bool:
    return kpi.unit == "currency" or SPEND in kpi.columns


def better(kpi: Kpi, value: float, than: float) -> bool:
    return value < than if kpi.better == "lower" else value > than


def single_channel(campaign: Campaign, as_of: dt.date) -> str:
    """The campaign's one channel in its data up to the report date; empty when it has several, none or no data yet."""
    channels = {row.channel for row in campaign.metrics if row.date <= as_of}
    return channels.pop() if len(channels) == 1 else ""


def achieved(kpi: Kpi, campaign: Campaign, channel: str = "") -> float | None:
    """The KPI over the whole campaign (one channel's rows when given), on the basis of the comparison."""
    when = period(campaign, campaign.spec.end)
    rows = [row for row in counted_rows(campaign, when) if not channel or row.channel == channel]
    value = kpi_value(kpi, rows)
    if value is None or kpi.ratio is not None:
        return value
    return value / when.total_days


@dataclass(frozen=True)
class PastCampaign(InternalOnly):
    """One campaign as the track record keeps it: who ran it, when it ended, what each of its KPIs achieved."""

    client: str
    slug: str
    name: str
    currency: str
    end: dt.date
    results: dict[tuple[MetricKey, str], float]
    """(metric, channel) -> the value on the basis of the comparison; channel "" is the whole campaign."""


@dataclass(frozen=True)
class TrackRecord(InternalOnly):
    """Every campaign of the agency, reduced once to what comparisons need (not rows)."""

    campaigns: tuple[PastCampaign, ...]

    def seen_on(self, as_of: dt.date) -> tuple[PastCampaign, ...]:
        """The campaigns that ended before the report date: all a comparison on that day can use."""
        return tuple(c for c in self.campaigns if c.end < as_of)

    def fingerprint(self, as_of: dt.date) -> str:
        """A digest of what a page on the report date can compare with: when it changes, the page must be made again."""
        ends, digests = self._digests_by_end
        return digests[bisect.bisect_left(ends, as_of)]

    @functools.cached_property
    def _digests_by_end(self) -> tuple[list[dt.date], list[str]]:
        """The campaigns by end date, and for each count of them (those that ended before a day) the digest
        of those: every internal site asks for its own report date, so each is one look-up, not a pass."""
        ordered = sorted((c.end, _digest(c)) for c in self.campaigns)
        hasher, digests = hashlib.sha256(b"track record"), []
        for _, digest in ordered:
            digests.append(hasher.hexdigest())
            hasher.update(digest.encode("ascii"))
        digests.append(hasher.hexdigest())
        return [end for end, _ in ordered], digests


def _digest(campaign: PastCampaign) -> str:
    described = (campaign.client, campaign.slug, campaign.name, campaign.currency, campaign.end.isoformat(),
                 sorted(map(repr, campaign.results.items())))
    return hashlib.sha256(repr(described).encode("utf-8")).hexdigest()


def track_record(agency: Agency, kept: Mapping[str, tuple[PastCampaign, ...]] | None = None) -> TrackRecord:
    """The agency's track record, computed once for every internal page that compares with it; a client in
    ``kept`` (its campaigns as ``client_campaigns`` reduced them, for the same files) is not computed again."""
    kept = kept or {}
    return TrackRecord(tuple(
        campaign for client in agency.clients
        for campaign in (kept[client.slug] if client.slug in kept else client_campaigns(client))
    ))


def client_campaigns(client: Client) -> tuple[PastCampaign, ...]:
    """One client's campaigns as the track record keeps them."""
    kept = []
    for campaign in client.campaigns:
        channels = ("", *sorted({row.channel for row in campaign.metrics if row.channel}))
        results = {}
        for kpi in campaign.spec.kpis:
            for channel in channels:
                value = achieved(kpi, campaign, channel)
                if value is not None:
                    results[(metric_key(kpi), channel)] = value
        kept.append(PastCampaign(client.slug, campaign.slug, campaign.spec.name, client.spec.currency, campaign.spec.end, results))
    return tuple(kept)


def target_check(record: TrackRecord, client: Client, campaign: Campaign, kpi: Kpi, as_of: dt.date) -> TargetCheck | None:
    """One KPI's target against the agency's past campaigns; None when there is none to compare with."""
    channel = single_channel(campaign, as_of)
    key = (metric_key(kpi), channel)
    past = [
        PastResult(other.name, other.results[key])
        for other in record.seen_on(as_of)
        if key in other.results
        and (other.client, other.slug) != (client.slug, campaign.slug)
        and (not in_money(kpi) or other.currency == client.spec.currency)
    ]
    if not past:
        return None
    past.sort(key=lambda p: (-p.value if kpi.better == "higher" else p.value, p.campaign))
    basis: Basis = "as-is" if kpi.ratio is not None else "per-day"
    target = kpi.target if kpi.ratio is not None else kpi.target / period(campaign, as_of).total_days
    values = [p.value for p in past]
    outcome = None
    if as_of >= campaign.spec.end:
        own = achieved(kpi, campaign, channel)
        if own is not None:
            outcome = Outcome(own, 1 + sum(1 for v in values if better(kpi, v, own)), len(values) + 1)
    return TargetCheck(
        kpi=kpi, basis=basis, target=target, channel=channel, past=tuple(past), median=statistics.median(values),
        better_than=sum(1 for v in values if better(kpi, target, v)),
        reached=sum(1 for v in values if not better(kpi, target, v)),
        outcome=outcome,
    )


def target_checks(record: TrackRecord, client: Client, campaign: Campaign, as_of: dt.date) -> tuple[TargetCheck, ...]:
    """Every KPI of the campaign that has a past to compare with, in the campaign's KPI order."""
    checks = (target_check(record, client, campaign, kpi, as_of) for kpi in campaign.spec.kpis)
    return tuple(check for check in checks if check is not None)
