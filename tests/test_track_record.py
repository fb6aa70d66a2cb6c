"""Targets against the agency's own history, on small agencies built in memory."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


from generator.compute import track_record
from generator.compute.internal import can_hold_internal
from tests.support.memory import agency, client, day, kpi, lasting, series

START = day("2026-03-02")

AS_OF = dt.date(2026, 6, 1)
CPA = {"id": "cpa", "name": "Cost per order", "ratio": ["spend", "conversions"], "target": 11, "better": "lower", "unit": "currency"}
ORDERS = {"id": "orders", "name": "Orders", "metric": "conversions", "target": 300}


def rows(start: dt.date, channel: str, **columns):
    return series(start.isoformat(), channel, **columns)


def campaign(metrics, slug: str, days: int, kpis: list[dict], start: dt.date = START):
    return lasting(list(metrics), start, days, slug=slug, name=slug.replace("-", " ").title(), kpis=tuple(kpi(**k) for k in kpis))


def past(slug: str, cost: float, days: int = 10, channel: str = "search", start: dt.date = START, kpis=None):
    """A finished campaign whose every day spends ``cost`` for one order."""
    metrics = rows(start, channel, spend=[cost] * days, conversions=[1.0] * days)
    return campaign(metrics, slug=slug, start=start, days=days, kpis=kpis or [CPA, ORDERS])


def current(target: float = 11, measure: dict = CPA, slug: str = "new", start: dt.date = dt.date(2026, 5, 20), days: int = 60, metrics=()):
    return campaign(metrics, slug=slug, start=start, days=days, kpis=[{**measure, "target": target}])


def check(world, owner, subject, as_of: dt.date = AS_OF) -> track_record.TargetCheck | None:
    return track_record.target_check(track_record.track_record(world), owner, subject, subject.spec.kpis[0], as_of)


def test_target_against_past_campaigns_of_every_client_in_the_same_currency():
    subject = current(11)
    acme = client(past("a", 10), past("b", 12), subject, slug="acme")
    globex = client(past("c", 15), past("d", 20), slug="globex")
    volga = client(past("e", 500), slug="volga", currency="RUB")
    result = check(agency(acme, globex, volga), acme, subject)
    assert [(p.campaign, p.value) for p in result.past] == [("A", 10), ("B", 12), ("C", 15), ("D", 20)]
    assert (result.count, result.median, result.better_than, result.reached) == (4, 13.5, 3, 1)
    assert (result.basis, result.target, result.channel, result.ambitious, result.outcome) == ("as-is", 11, "", False, None)


def test_a_target_only_the_best_tenth_reached_is_ambitious():
    costs = [10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]  # a target of 11.5: better than 10 of 11, reached by one
    history = [past(f"p{index}", cost) for index, cost in enumerate(costs)]
    subject = current(11.5)
    owner = client(*history, subject)
    result = check(agency(owner), owner, subject)
    assert (result.count, result.better_than, result.reached, result.ambitious) == (11, 10, 1, True)
    two_reached = current(12.5)
    owner = client(*history, two_reached)
    assert check(agency(owner), owner, two_reached).reached == 2
    assert not check(agency(owner), owner, two_reached).ambitious


def test_summed_kpis_are_compared_per_campaign_day():
    subject = current(300, ORDERS, days=60)  # 5 orders a day
    owner = client(past("short", 9, days=10), past("long", 9, days=40), subject)
    result = check(agency(owner), owner, subject)
    assert (result.basis, result.target) == ("per-day", 5.0)
    assert [p.value for p in result.past] == [1.0, 1.0]  # one order a day, whatever the length
    assert (result.better_than, result.reached, result.ambitious) == (2, 0, True)


def test_only_ended_campaigns_with_the_same_metric_count():
    running = past("running", 9, days=100)  # ends after the report date
    other_unit = past("other-unit", 9, kpis=[{**CPA, "unit": "number"}])
    other_columns = past("other-columns", 9, kpis=[{**CPA, "ratio": ["spend", "clicks"]}])
    ended_yesterday = past("yesterday", 14, start=AS_OF - dt.timedelta(days=10))
    subject = current(11)
    owner = client(running, other_unit, other_columns, ended_yesterday, subject)
    result = check(agency(owner), owner, subject)
    assert [p.campaign for p in result.past] == ["Yesterday"]


def test_no_past_to_compare_with_is_no_check():
    subject = current(11)
    owner = client(subject, past("running", 9, days=100))
    assert check(agency(owner), owner, subject) is None
    assert track_record.target_checks(track_record.track_record(agency(owner)), owner, subject, AS_OF) == ()


def test_a_campaign_on_one_channel_is_compared_with_that_channel_of_past_campaigns():
    both = campaign(
        rows(START, "search", spend=[8.0] * 10, conversions=[1.0] * 10) + rows(START, "social", spend=[30.0] * 10, conversions=[1.0] * 10),
        slug="both", days=10, kpis=[CPA],
    )
    search_only = current(11, metrics=rows(dt.date(2026, 5, 20), "search", spend=[10.0], conversions=[1.0]))
    owner = client(both, search_only)
    result = check(agency(owner), owner, search_only)
    assert (result.channel, [p.value for p in result.past]) == ("search", [8.0])
    across = current(11, metrics=rows(dt.date(2026, 5, 20), "search", spend=[10.0], conversions=[1.0]) + rows(dt.date(2026, 5, 20), "social", spend=[10.0], conversions=[1.0]))
    owner = client(both, across)
    assert [p.value for p in check(agency(owner), owner, across).past] == [19.0]


def test_an_ended_campaign_ranks_among_the_past_ones():
    finished = past("finished", 13, start=dt.date(2026, 5, 1))  # ends May 10
    owner = client(past("a", 10), past("b", 12), past("c", 15), finished)
    result = check(agency(owner), owner, finished)
    assert [p.campaign for p in result.past] == ["A", "B", "C"]
    assert (result.outcome.value, result.outcome.rank, result.outcome.of) == (13, 3, 4)


def test_ties_share_the_better_rank():
    finished = past("finished", 12, start=dt.date(2026, 5, 1))
    owner = client(past("a", 10), past("b", 12), finished)
    assert check(agency(owner), owner, finished).outcome.rank == 2


def test_every_value_of_the_track_record_is_internal_only():
    @dataclass(frozen=True)
    class CampaignPage:
        name: str
        targets: dict[str, list[track_record.PastResult]]

    assert can_hold_internal(CampaignPage)
    assert all(can_hold_internal(kind) for kind in (track_record.TrackRecord, track_record.TargetCheck, track_record.Outcome))
