"""Alerts on small hand-made daily series: each kind fires where it should, and stays quiet where it must.

The quiet cases are the ones a person would be annoyed by: a weekend dip, a
campaign's first days, a small campaign's normal quiet day, a pause the team
agreed and wrote down in a note.
"""

from __future__ import annotations

import datetime as dt

import pytest

from generator import pipeline
from generator.compute import alerts, freshness
from generator.compute.internal import can_hold_internal
from generator.models import AlertSettings, MetricRow
from generator.problems import InvalidSource
from tests.support.agency import write
from tests.support.memory import client, day as date, lasting, meeting, series

START = date("2026-03-02")
"""A Monday."""

DEFAULTS = AlertSettings()


def day(n: int) -> dt.date:
    """Day ``n`` of the campaign, counting from 0 (START, a Monday)."""
    return START + dt.timedelta(days=n)


def rows(start: dt.date = START, channel: str = "search", **columns) -> list[MetricRow]:
    return series(start.isoformat(), channel, **columns)


def campaign(metrics=(), start: dt.date = START, days: int = 60, budget: float = 100_000, **spec):
    return lasting(list(metrics), start, days, budget=budget, **spec)


def note(when: dt.date, **front):
    return meeting(when.isoformat(), **front)


def run(metrics: list[MetricRow], as_of: dt.date, settings: AlertSettings = DEFAULTS, pauses=(), **spec) -> tuple[alerts.Alert, ...]:
    return alerts.campaign_alerts(campaign(metrics, **spec), as_of, settings, pauses)


def of_kind(found, kind: str) -> list[alerts.Alert]:
    return [a for a in found if a.kind == kind]


def steady(days: int, spend: float = 100.0, conversions: float | None = 10.0, start: dt.date = START, channel: str = "search"):
    return rows(start, channel, spend=[spend] * days, conversions=[conversions] * days, clicks=[50.0] * days)


def weekly_pattern(weeks: int, weekday_spend: float, weekend_spend: float, weekend_conversions: float = 0.0):
    """Monday to Friday at one level, Saturday and Sunday at another, from START (a Monday)."""
    spend, conversions = [], []
    for index in range(weeks * 7):
        weekend = index % 7 >= 5
        spend.append(weekend_spend if weekend else weekday_spend)
        conversions.append(weekend_conversions if weekend else 10.0)
    return rows(spend=spend, conversions=conversions, clicks=[value / 2 for value in spend])


# --- conversions stopped ----------------------------------------------------------------


def test_conversions_stop_for_two_days_while_spend_goes_on():
    metrics = steady(20) + steady(2, conversions=0.0, start=day(20))
    found = of_kind(run(metrics, day(21)), "conversions-stopped")
    assert len(found) == 1
    alert = found[0]
    assert (alert.campaign, alert.channel, alert.first_day) == ("spring", "search", day(20))
    assert (alert.figure("days"), alert.figure("spend"), alert.figure("expected_results")) == (2, 200.0, 20.0)
    assert alert.figure("usual_daily_results") == 10.0
    assert alert.first_step == alerts.FIRST_STEPS["conversions-stopped"]


def test_an_empty_conversions_cell_counts_as_no_conversion():
    metrics = steady(20) + steady(1, conversions=0.0, start=day(20)) + steady(1, conversions=None, start=day(21))
    assert [a.first_day for a in of_kind(run(metrics, day(21)), "conversions-stopped")] == [day(20)]


def test_one_day_without_conversions_is_not_yet_an_alert():
    metrics = steady(21) + steady(1, conversions=0.0, start=day(21))
    assert of_kind(run(metrics, day(21)), "conversions-stopped") == []


def test_conversions_that_stopped_and_came_back_are_no_alert():
    metrics = steady(20) + steady(3, conversions=0.0, start=day(20)) + steady(1, start=day(23))
    assert of_kind(run(metrics, day(23)), "conversions-stopped") == []


def test_weekend_dip_with_no_weekend_orders_is_no_alert():
    """Weekend spend at 40 % of the usual is not "the usual level": no orders then is normal."""
    assert of_kind(run(weekly_pattern(3, 100, 40), day(20)), "conversions-stopped") == []
    # The same weekend at 60 % of the usual spend would be broken tracking:
    assert [a.first_day for a in of_kind(run(weekly_pattern(3, 100, 60), day(20)), "conversions-stopped")] == [day(19)]


def test_small_campaign_quiet_days_are_chance_not_broken_tracking():
    metrics = steady(20, conversions=1.0) + steady(2, conversions=0.0, start=day(20))
    assert of_kind(run(metrics, day(21)), "conversions-stopped") == []  # 2 orders expected: zero is chance
    fewer = AlertSettings(min_expected_results=2)
    assert len(of_kind(run(metrics, day(21), fewer), "conversions-stopped")) == 1


def test_first_days_without_conversions_are_no_alert():
    metrics = steady(3, conversions=0.0)
    assert run(metrics, day(2)) == ()


def test_clicks_stand_in_for_spend_when_a_campaign_records_none():
    metrics = rows(clicks=[50.0] * 20 + [50.0, 50.0], conversions=[10.0] * 20 + [0.0, 0.0])
    found = of_kind(run(metrics, day(21)), "conversions-stopped")
    assert [(a.figure("clicks"), a.figure("expected_results")) for a in found] == [(100.0, 20.0)]


# --- spend spike --------------------------------------------------------------------------

NOISY = [100.0 + (index % 5 - 2) * 2 for index in range(20)]
"""96 to 104: median 100, MAD 2 over any 14 days of it."""


def spend_rows(spend: list[float]):
    return rows(spend=spend, conversions=[10.0] * len(spend), clicks=[50.0] * len(spend))


def test_spend_spike_far_above_the_recent_range():
    found = of_kind(run(spend_rows(NOISY + [300.0]), day(20)), "spend-spike")
    assert len(found) == 1
    alert = found[0]
    assert (alert.first_day, alert.figure("spend"), alert.figure("usual_spend"), alert.figure("days")) == (day(20), 300.0, 100.0, 1)
    assert alert.figure("limit") == 150.0  # 1.5 x the median is above median + 3.5 robust sd (110.4)


def test_spend_above_the_spread_but_under_one_and_a_half_times_the_median_is_no_spike():
    assert of_kind(run(spend_rows(NOISY + [140.0]), day(20)), "spend-spike") == []
    looser = AlertSettings(spike_ratio=1.2)
    assert len(of_kind(run(spend_rows(NOISY + [140.0]), day(20), looser), "spend-spike")) == 1


def test_monday_after_a_weekend_dip_is_no_spike():
    """Monday spends 2.5 times Sunday: it is the usual weekday level, not a spike."""
    assert of_kind(run(weekly_pattern(3, 100, 40) + steady(1, start=day(21)), day(21)), "spend-spike") == []


def test_spike_in_the_first_days_is_no_alert():
    assert of_kind(run(spend_rows([100.0, 100.0, 100.0, 400.0]), day(3)), "spend-spike") == []


def test_spike_older_than_the_recent_days_is_no_longer_an_alert():
    spend = NOISY[:15] + [300.0] + NOISY[:8]
    assert of_kind(run(spend_rows(spend), day(23)), "spend-spike") == []
    assert len(of_kind(run(spend_rows(spend), day(23), AlertSettings(recent_days=9)), "spend-spike")) == 1


# --- spend stopped ------------------------------------------------------------------------


def test_spend_stops_on_a_running_campaign():
    found = of_kind(run(steady(14) + steady(1, spend=0.0, start=day(14)), day(14)), "spend-stopped")
    assert [(a.first_day, a.figure("days"), a.figure("usual_spend")) for a in found] == [(day(14), 1, 100.0)]


def test_a_channel_missing_from_the_data_has_stopped_spending():
    metrics = steady(14) + steady(15, channel="social")
    found = of_kind(run(metrics, day(14)), "spend-stopped")
    assert [(a.channel, a.first_day) for a in found] == [("search", day(14))]


def test_an_empty_spend_cell_beside_clicks_is_missing_data_not_a_stop():
    metrics = steady(14) + rows(day(14), spend=[None], conversions=[10.0], clicks=[50.0])
    assert of_kind(run(metrics, day(14)), "spend-stopped") == []


def test_weekend_dip_is_not_a_stop():
    assert of_kind(run(weekly_pattern(3, 100, 40), day(20)), "spend-stopped") == []


def test_an_ad_schedule_off_at_weekends_is_not_a_stop_but_a_silent_monday_is():
    schedule = weekly_pattern(3, 100, 0)
    assert of_kind(run(schedule, day(20)), "spend-stopped") == []
    monday = schedule + steady(1, spend=0.0, start=day(21))
    found = of_kind(run(monday, day(21)), "spend-stopped")
    assert [(a.first_day, a.figure("days")) for a in found] == [(day(21), 1)]


def test_first_days_are_no_stop():
    assert run(steady(1) + steady(1, spend=0.0, start=day(1)), day(1)) == ()


# --- a planned pause written in a note -----------------------------------------------------


def test_planned_pause_in_a_note_is_not_judged():
    metrics = steady(20) + steady(3, spend=0.0, conversions=0.0, start=day(20))
    assert [a.kind for a in run(metrics, day(22))] == ["spend-stopped"]
    pause = note(day(19), campaign="spring", pauses=[{"from": day(20), "to": day(26)}])
    owner = client(campaign(metrics), meetings=[pause])
    assert alerts.client_alerts(owner, day(22)) == ()


def test_a_pause_of_one_channel_leaves_the_other_judged():
    metrics = steady(20) + steady(20, channel="social") + steady(2, spend=0.0, start=day(20)) + steady(2, spend=0.0, start=day(20), channel="social")
    pause = note(day(19), campaign="spring", pauses=[{"from": day(20), "to": day(26), "channel": "social"}])
    found = alerts.client_alerts(client(campaign(metrics), meetings=[pause]), day(21))
    assert [(a.kind, a.channel) for a in found] == [("spend-stopped", "search")]


def test_a_pause_written_after_the_report_date_does_not_count_yet():
    metrics = steady(20) + steady(2, spend=0.0, start=day(20))
    pause = note(day(23), campaign="spring", pauses=[{"from": day(20), "to": day(26)}])
    found = alerts.client_alerts(client(campaign(metrics), meetings=[pause]), day(21))
    assert [a.kind for a in found] == ["spend-stopped"]


def test_days_after_a_pause_are_measured_against_the_days_before_it():
    metrics = steady(10) + steady(10, spend=0.0, conversions=0.0, start=day(10)) + steady(1, spend=300.0, conversions=30.0, start=day(20))
    pause = note(day(9), campaign="spring", pauses=[{"from": day(10), "to": day(19)}])
    found = alerts.client_alerts(client(campaign(metrics), meetings=[pause]), day(20))
    assert [(a.kind, a.figure("usual_spend")) for a in found] == [("spend-spike", 100.0)]


# --- overspend ahead --------------------------------------------------------------------


def test_overspend_ahead_with_the_day_the_budget_runs_out():
    metrics = spend_rows([80.0, 80.0, 160.0, 160.0, 160.0])
    found = of_kind(run(metrics, day(4), days=10, budget=1000), "overspend-ahead")
    assert len(found) == 1
    alert = found[0]
    assert (alert.figure("projected"), alert.figure("budget"), alert.figure("overage")) == (1280.0, 1000.0, 280.0)
    assert alert.figure("budget_runs_out") == day(7)  # 640 spent, 128 a day: 1,024 on day 7
    assert alert.first_day == day(2)  # the projection first passed the budget on the third day
    assert alert.channel == ""


def test_spend_on_budget_or_within_the_margin_is_no_overspend():
    assert of_kind(run(spend_rows([100.0] * 5), day(4), days=10, budget=1000), "overspend-ahead") == []
    within = AlertSettings(overspend_margin=0.25)
    assert of_kind(run(spend_rows([120.0] * 5), day(4), within, days=10, budget=1000), "overspend-ahead") == []
    assert len(of_kind(run(spend_rows([120.0] * 5), day(4), days=10, budget=1000), "overspend-ahead")) == 1


def test_budget_already_spent_names_the_day_it_ran_out():
    found = of_kind(run(spend_rows([120.0] * 5), day(4), days=10, budget=500), "overspend-ahead")
    assert [a.figure("budget_runs_out") for a in found] == [day(4)]  # 480 on day 3, 600 on day 4


def test_an_ended_campaign_has_no_alerts():
    assert run(spend_rows([120.0] * 10), day(12), days=10, budget=500) == ()


# --- cost per result jump ---------------------------------------------------------------


def test_cost_per_result_jumps_over_the_last_week():
    metrics = steady(21) + steady(7, conversions=6.0, start=day(21))
    found = of_kind(run(metrics, day(27)), "cost-per-result-jump")
    assert len(found) == 1
    alert = found[0]
    assert alert.first_day == day(21)
    assert alert.figure("recent_cost") == pytest.approx(700 / 42)
    assert alert.figure("to_date_cost") == pytest.approx(2800 / 252)
    assert alert.figure("change") == pytest.approx(0.5)


def test_a_small_rise_in_cost_is_no_jump():
    metrics = steady(21) + steady(7, conversions=9.0, start=day(21))
    assert of_kind(run(metrics, day(27)), "cost-per-result-jump") == []  # 8 % dearer


def test_cost_in_the_first_weeks_is_not_compared():
    metrics = steady(3) + steady(7, conversions=4.0, start=day(3))
    assert of_kind(run(metrics, day(9)), "cost-per-result-jump") == []


# --- data is stale ----------------------------------------------------------------------


def test_data_more_than_three_days_old_is_stale():
    metrics = steady(10)
    assert of_kind(run(metrics, day(12)), "data-stale") == []
    found = of_kind(run(metrics, day(13)), "data-stale")
    assert [(a.first_day, a.figure("days"), a.figure("data_up_to")) for a in found] == [(day(10), 4, day(9))]


def test_no_data_at_all_after_the_start_is_stale_from_the_start():
    empty = campaign([], start=START)
    assert freshness.stale_since(empty, day(2)) is None
    assert freshness.stale_since(empty, day(3)) == START
    assert freshness.data_up_to(empty, day(3)) is None


def test_weekly_rows_cover_their_week():
    weekly = [MetricRow(day(0), "", {"spend": 700.0}), MetricRow(day(7), "", {"spend": 700.0})]
    assert freshness.cadence_days(weekly) == 7
    assert freshness.data_up_to(campaign(weekly), day(16)) == day(13)
    assert freshness.stale_since(campaign(weekly), day(16)) is None
    assert freshness.stale_since(campaign(weekly), day(17)) == day(14)
    assert [a.kind for a in run(weekly, day(17))] == ["data-stale"]  # weekly data: no daily rules


def test_report_date_inside_the_data_sees_only_the_data_up_to_it():
    assert freshness.data_up_to(campaign(steady(30)), day(12)) == day(12)


def test_not_started_yet_is_no_alert():
    assert run(steady(5, start=day(10)), day(3), start=day(10)) == ()


# --- settings ---------------------------------------------------------------------------


def test_campaign_settings_override_the_clients_key_by_key():
    own = campaign(steady(5), alerts={"stale_after_days": 2})
    owner = client(own, alerts={"stale_after_days": 5, "cost_jump": 0.5})
    settings = alerts.settings_for(owner, own)
    assert (settings.stale_after_days, settings.cost_jump, settings.spike_z) == (2, 0.5, DEFAULTS.spike_z)


def test_a_kind_switched_off_is_not_reported():
    metrics = steady(14) + steady(1, spend=0.0, start=day(14))
    assert of_kind(run(metrics, day(14), AlertSettings(ignore=["spend-stopped"])), "spend-stopped") == []


def test_the_result_column_is_settable():
    metrics = rows(spend=[100.0] * 22, leads=[10.0] * 20 + [0.0, 0.0])
    assert of_kind(run(metrics, day(21)), "conversions-stopped") == []  # no 'conversions' column: nothing to judge
    found = of_kind(run(metrics, day(21), AlertSettings(result="leads")), "conversions-stopped")
    assert [a.first_day for a in found] == [day(20)]


def test_alerts_are_sorted_by_kind_then_channel():
    metrics = steady(20) + steady(20, channel="social") + steady(2, spend=0.0, start=day(20)) + steady(2, spend=0.0, start=day(20), channel="social")
    found = run(metrics, day(26))
    assert [(a.kind, a.channel) for a in found] == [("spend-stopped", "search"), ("spend-stopped", "social"), ("data-stale", "")]


# --- internal only --------------------------------------------------------------------------


def test_a_model_with_a_place_for_alerts_cannot_make_a_client_page():
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Listing:
        title: str
        items: tuple[alerts.Alert, ...] | None

    @dataclass(frozen=True)
    class Figures:
        figures: tuple[alerts.Figure, ...]

    assert can_hold_internal(Listing)
    assert not can_hold_internal(Figures)


def test_every_kind_has_a_first_step():
    assert set(alerts.FIRST_STEPS) == set(alerts.ALERT_KINDS)


# --- in the files: settings and pauses are checked with their lines ---------------------------

CLIENT = "campaigns/acme/client.yml"
CAMPAIGN = "campaigns/acme/spring/campaign.yml"
NOTE = "content/acme/meetings/2026-03-02-check-in.md"
PAUSE = "pauses:\n  - {from: 2026-03-04, to: 2026-03-06, channel: social}\n"


def append(root, relative: str, text: str, before: str | None = None) -> None:
    path = root / relative
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace(before, text + before, 1) if before else original + text, encoding="utf-8")


def problems(root) -> list[str]:
    with pytest.raises(InvalidSource) as caught:
        pipeline.load(root)
    return [str(p) for p in caught.value.problems]


def test_settings_and_pauses_from_the_files_are_used(agency):
    append(agency, CLIENT, "alerts:\n  cost_jump: 0.4\n")
    append(agency, CAMPAIGN, "alerts:\n  ignore: [data-stale]\n")
    append(agency, NOTE, PAUSE, before="---\nWe met")
    owner = next(c for c in pipeline.load(agency).agency.clients if c.slug == "acme")
    settings = alerts.settings_for(owner, owner.campaigns[0])
    assert (settings.cost_jump, settings.ignore) == (0.4, ["data-stale"])
    assert [(p.start, p.end, p.channel) for p in alerts.planned_pauses(owner, owner.campaigns[0], dt.date(2026, 3, 5))] == [
        (dt.date(2026, 3, 4), dt.date(2026, 3, 6), "social"),
    ]


@pytest.mark.parametrize("relative, text, before, expected", [
    (CLIENT, "alerts:\n  spike: 3\n", None, "campaigns/acme/client.yml:12: unknown key 'spike'; allowed here: result, conversions_stopped_days"),
    (CAMPAIGN, "alerts:\n  result: leads\n", None,
     "campaigns/acme/spring/campaign.yml:29: alerts.result: metrics.csv has no column 'leads' (it has: impressions, clicks, conversions, spend)"),
    (CAMPAIGN, "alerts:\n  ignore: [spend-spikes]\n", None, "campaigns/acme/spring/campaign.yml:29: 'alerts.ignore.0': Input should be"),
    (CAMPAIGN, "alerts:\n  usual_level: 2\n", None, "campaigns/acme/spring/campaign.yml:29: 'alerts.usual_level': Input should be less than or equal to 1"),
    (NOTE, "pauses:\n  - {from: 2026-03-06, to: 2026-03-04}\n", "---\nWe met",
     "content/acme/meetings/2026-03-02-check-in.md:24: pause: 'to' 2026-03-04 is before 'from' 2026-03-06"),
    (NOTE, "pauses:\n  - {from: 2026-03-04, to: 2026-03-06, channel: display}\n", "---\nWe met",
     "content/acme/meetings/2026-03-02-check-in.md:24: pause: campaign 'spring' has no channel 'display' (channels: search, social)"),
    (NOTE, "pauses:\n  - {from: 2026-03-04, until: 2026-03-06}\n", "---\nWe met",
     "content/acme/meetings/2026-03-02-check-in.md:24: unknown key 'until'; allowed here: from, to, channel"),
])
def test_bad_settings_and_pauses_name_the_line(agency, relative, text, before, expected):
    append(agency, relative, text, before)
    assert any(line.startswith(expected) for line in problems(agency)), problems(agency)


def test_a_pause_needs_the_notes_campaign(agency):
    write(agency, "content/acme/meetings/2026-03-04-weekly.md", "---\ndate: 2026-03-04\ntype: weekly\n" + PAUSE + "---\n")
    assert "content/acme/meetings/2026-03-04-weekly.md:5: a pause needs the note's campaign: add 'campaign: <campaign>' to this note" in problems(agency)


def test_a_client_wide_result_column_a_campaign_lacks_is_a_warning(agency):
    append(agency, CLIENT, "alerts:\n  result: leads\n")
    warnings = [str(p) for p in pipeline.load(agency).warnings]
    assert "campaigns/acme/client.yml:12: alerts.result: campaign 'spring' has no column 'leads', so it gets no " \
           "conversion or cost alerts: set alerts.result in its campaign.yml" in warnings
