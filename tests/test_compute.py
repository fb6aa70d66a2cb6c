"""Exact figures from the compute stage, on the small agency and variations of it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from generator import pipeline
from generator.compute import actions, campaigns, periodic, satisfaction
from tests.agency import write


def load_client(root, slug="acme"):
    return next(c for c in pipeline.load(root).agency.clients if c.slug == slug)


def kpis(root, as_of):
    client = load_client(root)
    report = campaigns.campaign_report(client.campaigns[0], as_of)
    return {k.kpi.id: k for k in report.kpis}


def test_kpis_mid_campaign(agency):
    result = kpis(agency, dt.date(2026, 3, 5))
    orders = result["orders"]
    assert (orders.actual, orders.expected, orders.pace, orders.status) == (50, 50, 1.0, "on-track")
    assert (orders.projected, orders.daily_rate, orders.needed_rate) == (100, 10, 10)
    assert orders.percent_of_target == 0.5
    cpa = result["cpa"]
    assert (cpa.actual, cpa.pace, cpa.status) == (8.0, 1.25, "on-track")
    assert result["ctr"].actual == pytest.approx(0.05)


def test_lower_is_better_over_target_is_off_track(agency):
    rows = ["date,channel,impressions,clicks,conversions,spend"]
    rows += [f"2026-03-0{d},search,1000,50,2,40.00" for d in range(1, 6)]
    write(agency, "campaigns/acme/spring/metrics.csv", "\n".join(rows) + "\n")
    cpa = kpis(agency, dt.date(2026, 3, 5))["cpa"]
    assert cpa.actual == 20.0
    assert cpa.pace == 0.5
    assert cpa.status == "off-track"


def test_at_risk_between_80_and_95_percent(agency):
    rows = ["date,channel,impressions,clicks,conversions,spend"]
    rows += [f"2026-03-0{d},search,1000,50,9,40.00" for d in range(1, 6)]
    write(agency, "campaigns/acme/spring/metrics.csv", "\n".join(rows) + "\n")
    orders = kpis(agency, dt.date(2026, 3, 5))["orders"]
    assert orders.pace == pytest.approx(0.9)
    assert orders.status == "at-risk"


def test_missing_cells_are_not_zero(agency):
    write(agency, "campaigns/acme/spring/metrics.csv",
          "date,channel,impressions,clicks,conversions,spend\n"
          "2026-03-01,search,1000,50,5,40.00\n"
          "2026-03-02,search,1000,50,,40.00\n")
    result = kpis(agency, dt.date(2026, 3, 2))
    assert result["orders"].actual == 5
    assert result["cpa"].actual == 8.0  # 40 spend / 5 conversions: the day without conversions is left out of both sums
    assert (result["cpa"].days_left_out, result["orders"].days_left_out) == (1, 0)


def test_not_started_and_ended(agency):
    before = kpis(agency, dt.date(2026, 2, 1))
    assert {k.status for k in before.values()} == {"not-started"}
    after = kpis(agency, dt.date(2026, 4, 1))
    assert after["orders"].status == "missed"  # 50 of 100
    assert after["cpa"].status == "met"  # 8 <= 10
    assert after["orders"].needed_rate is None


def test_zero_denominator_is_none(agency):
    write(agency, "campaigns/acme/spring/metrics.csv",
          "date,channel,impressions,clicks,conversions,spend\n2026-03-01,search,0,0,0,0\n")
    result = kpis(agency, dt.date(2026, 3, 1))
    assert result["ctr"].actual is None
    assert result["ctr"].status == "no-data"
    assert result["cpa"].actual is None


def test_monthly_plan_accumulates_and_month_without_plan(agency):
    campaign = (agency / "campaigns/acme/spring/campaign.yml").read_text()
    campaign = campaign.replace("end: 2026-03-10", "end: 2026-04-30").replace(
        "    target: 100\n", "    target: 100\n    plan: {2026-03: 62}\n", 1)
    write(agency, "campaigns/acme/spring/campaign.yml", campaign)
    client = load_client(agency)
    report = campaigns.campaign_report(client.campaigns[0], dt.date(2026, 3, 5))
    orders = report.kpis[0]
    assert orders.expected == pytest.approx(62 * 5 / 31)
    months = campaigns.monthly_plan_vs_fact(orders.kpi, client.campaigns[0], report.period)
    assert [(m.month, m.plan, m.implied, m.fact, m.variance) for m in months] == [
        ("2026-03", 62, False, 50, 40), ("2026-04", 38, True, None, None)]  # March so far: 50 against 10 planned by the 5th
    # April has no plan: it is given what the target leaves (100 - 62), the share "expected by now" gives it
    assert months[0].variance_percent == pytest.approx(4.0)


def test_cumulative_series_ratio_of_sums(agency):
    client = load_client(agency)
    campaign = client.campaigns[0]
    series = campaigns.cumulative_series(campaign.spec.kpis[0], campaign, campaigns.period(campaign, dt.date(2026, 3, 3)))
    assert [(p.date.day, p.actual, p.expected) for p in series] == [(1, 10, 10), (2, 20, 20), (3, 30, 30)]


def test_nps_csi_and_fee(agency):
    client = load_client(agency)
    score = satisfaction.score(client.surveys[0])
    assert score.value == 25.0  # 2 promoters, 1 detractor of 4
    result = satisfaction.fee(client.spec.fee, score)
    assert (result.fixed, result.floating_max, result.floating, result.total) == (7000, 3000, 1500, 8500)


def test_csi_formula(agency):
    write(agency, "content/acme/surveys/2026-03-06-csi.yml", """\
        date: 2026-03-06
        kind: csi
        responses:
          - respondent: A
            ratings: {speed: [5, 4], quality: [3, 2]}
          - respondent: B
            ratings: {speed: [1, 5]}
        """)
    survey = load_client(agency).surveys[1]
    assert satisfaction.csi(survey.spec) == pytest.approx(((20 + 6) / 40 * 100 + 100) / 2)
    assert satisfaction.csi_by_aspect(survey.spec) == pytest.approx({"quality": 40.0, "speed": 25 / 30 * 100})


def test_action_register_and_carry_over(agency):
    client = load_client(agency)
    register = {t.action.id: t for t in actions.register(client.meetings, dt.date(2026, 3, 5))}
    assert register["a1"].state == "done" and register["a1"].days_late == 1
    assert register["a2"].state == "overdue"
    internal = client.meetings[1]
    carried = [t.action.id for t in actions.carried_over(client.meetings, internal, dt.date(2026, 3, 5))]
    assert carried == ["a2", "a1"]


def test_a_meeting_still_to_come_carries_actions_over_as_they_stand_on_the_report_date(agency):
    write(agency, "content/acme/meetings/2026-03-20-weekly.md", "---\ndate: 2026-03-20\ntype: weekly\n---\n")
    client = load_client(agency)
    upcoming = client.meetings[-1]
    on_report_date = {t.action.id: t.state for t in actions.carried_over(client.meetings, upcoming, dt.date(2026, 3, 3))}
    assert on_report_date == {"a1": "open", "a2": "open"}  # a1 is done on March 5 and a2 due on March 3: not yet known
    assert [t.action.id for t in actions.carried_over(client.meetings, upcoming, dt.date(2026, 3, 31))] == ["a2"]


# --- campaign reporting (issue 3) --------------------------------------------------------

WORK_CSV = """\
date,person,role,hours,task
2026-02-27,Ann Manager,account-manager,2,Kick-off preparation
2026-03-02,Ann Manager,account-manager,3,Client call
2026-03-03,Dan Designer,designer,10,Banners
2026-03-04,Dan Designer,designer,5,Banner revisions
2026-03-08,Dan Designer,designer,4,Logged after the report date
"""

DELIVERABLES_CSV = """\
name,due,delivered,revisions
Banners,2026-03-03,2026-03-03,1
Landing page,2026-03-04,2026-03-06,3
Final report,2026-03-10,,0
Video,2026-03-02,2026-03-04,2
"""


def report_of(root, as_of, slug="acme"):
    return campaigns.campaign_report(load_client(root, slug).campaigns[0], as_of)


def with_plan(root, plan: str, end: str = "2026-04-30"):
    text = (root / "campaigns/acme/spring/campaign.yml").read_text()
    text = text.replace("end: 2026-03-10", f"end: {end}").replace("    target: 100\n", f"    target: 100\n    plan: {plan}\n", 1)
    write(root, "campaigns/acme/spring/campaign.yml", text)


def test_budget_spend_pace_projection_and_overage(agency):
    budget = report_of(agency, dt.date(2026, 3, 5)).budget
    # 5 days x 2 channels x 40.00 spent; 5 of 10 days gone of a 1,000.00 budget
    assert (budget.spent, budget.expected, budget.share_spent, budget.pace) == (400, 500, 0.4, 0.8)
    assert (budget.projected, budget.projected_overage, budget.status) == (800, -200, "on-track")


def test_budget_overspent_is_off_track_then_missed(agency):
    rows = ["date,channel,impressions,clicks,conversions,spend"]
    rows += [f"2026-03-0{d},search,1000,50,10,150.00" for d in range(1, 6)]
    write(agency, "campaigns/acme/spring/metrics.csv", "\n".join(rows) + "\n")
    running = report_of(agency, dt.date(2026, 3, 5)).budget
    assert (running.spent, running.pace, running.projected, running.projected_overage) == (750, 1.5, 1500, 500)
    assert running.status == "off-track"  # 500 expected / 750 spent = 0.67
    ended = report_of(agency, dt.date(2026, 3, 31)).budget
    assert (ended.projected, ended.projected_overage, ended.status) == (750, -250, "met")


def test_budget_with_every_spend_cell_missing_is_no_data(agency):
    write(agency, "campaigns/acme/spring/metrics.csv",
          "date,channel,impressions,clicks,conversions,spend\n2026-03-01,search,1000,50,5,\n")
    budget = report_of(agency, dt.date(2026, 3, 1)).budget
    assert (budget.spent, budget.share_spent, budget.projected, budget.status) == (None, None, None, "no-data")


def test_hours_by_role_and_person_projection_and_overage(agency):
    write(agency, "campaigns/acme/spring/work.csv", WORK_CSV)
    hours = report_of(agency, dt.date(2026, 3, 5)).hours
    # 20 h logged by March 5 (2 before the start), 18 h in the 5 campaign days: 3.6 h a day for 5 more days
    assert (hours.used, hours.expected, hours.share_used, hours.pace) == (20, 20, 0.5, 1.0)
    assert (hours.projected, hours.overage, hours.over_plan, hours.status) == (38, -2, 0, "on-track")
    assert [(r.name, r.hours, r.share) for r in hours.by_role] == [("designer", 15, 0.75), ("account-manager", 5, 0.25)]
    assert [(p.name, p.detail, p.hours) for p in hours.by_person] == [("Dan Designer", "designer", 15), ("Ann Manager", "account-manager", 5)]


def test_hours_over_plan_after_the_end(agency):
    write(agency, "campaigns/acme/spring/work.csv", WORK_CSV + "2026-03-09,Ann Manager,account-manager,30,Wrap-up\n")
    hours = report_of(agency, dt.date(2026, 3, 20)).hours
    assert (hours.used, hours.projected, hours.overage, hours.over_plan, hours.status) == (54, 54, 14, 14, "missed")


def test_deliverables_on_time_late_open_overdue_and_revisions(agency):
    write(agency, "campaigns/acme/spring/deliverables.csv", DELIVERABLES_CSV)
    result = report_of(agency, dt.date(2026, 3, 5)).deliverables
    states = {i.deliverable.name: (i.state, i.days_late, i.revisions_over) for i in result.items}
    assert states == {
        "Video": ("late", 2, 0), "Banners": ("on-time", 0, 0),
        "Landing page": ("overdue", 1, 1),  # delivered on March 6: after the report date
        "Final report": ("open", None, 0),
    }
    assert [i.deliverable.name for i in result.items] == ["Video", "Banners", "Landing page", "Final report"]
    assert (result.delivered, result.count("open"), result.revisions_used, result.revisions_allowed) == (2, 1, 6, 8)
    assert [i.deliverable.name for i in result.over_allowance] == ["Landing page"]
    assert result.status == "at-risk"
    later = report_of(agency, dt.date(2026, 3, 7)).deliverables
    assert {i.deliverable.name: i.state for i in later.items}["Landing page"] == "late"


def test_channel_split_values_and_shares(agency):
    report = report_of(agency, dt.date(2026, 3, 5))
    rows = campaigns.channel_split(report.campaign, report.period)
    assert [r.channel for r in rows] == ["search", "social"]
    search = rows[0]
    assert search.values == {"orders": 25, "cpa": 8.0, "ctr": 0.05}
    assert search.shares == {"orders": 0.5}
    assert (search.spend, search.spend_share) == (200, 0.5)


def test_channel_split_is_empty_without_channels(agency):
    write(agency, "campaigns/acme/spring/metrics.csv", "date,impressions,clicks,conversions,spend\n2026-03-01,1000,50,5,40\n")
    report = report_of(agency, dt.date(2026, 3, 1))
    assert campaigns.channel_split(report.campaign, report.period) == []


def test_what_if_rates(agency):
    orders = report_of(agency, dt.date(2026, 3, 4)).kpis[0]
    # 40 orders in 4 days: 10 a day; 60 to go in 6 days
    assert (orders.daily_rate, orders.needed_rate, orders.needed_vs_current) == (10, 10, 1)
    assert (orders.projected, orders.projected_share) == (100, 1)


def test_ended_on_its_end_date_is_final(agency):
    report = report_of(agency, dt.date(2026, 3, 10))
    orders = report.kpis[0]
    assert report.period.ended and report.period.remaining_days == 0
    assert (orders.actual, orders.status, orders.projected, orders.needed_rate) == (50, "missed", 50, None)
    assert report.worst_status == "missed"
    assert report.status_counts == [("missed", 1), ("met", 2)]


def test_not_started_budget_hours_and_what_if(agency):
    write(agency, "campaigns/acme/spring/work.csv", WORK_CSV)
    report = report_of(agency, dt.date(2026, 2, 28))
    # one rule before the start: every tile not started, amounts as recorded (nothing spent, preparation logged)
    assert (report.budget.spent, report.budget.expected, report.budget.status) == (0, None, "not-started")
    assert (report.hours.used, report.hours.projected, report.hours.status) == (2, None, "not-started")
    assert report.budget.daily_rate is None and report.hours.daily_rate is None
    assert (report.kpis[0].actual, report.kpis[0].expected, report.kpis[0].daily_rate) == (None, None, None)


def test_months_without_plan_share_what_the_plan_leaves(agency):
    with_plan(agency, "{2026-03: 62}")
    report = report_of(agency, dt.date(2026, 4, 10))
    # March planned 62; April has no plan: it shares the 38 the target leaves, 10 of its 30 days gone
    assert report.kpis[0].expected == pytest.approx(62 + 38 * 10 / 30)


def test_month_in_progress_is_compared_with_its_plan_to_date(agency):
    with_plan(agency, "{2026-03: 62, 2026-04: 30}")
    report = report_of(agency, dt.date(2026, 3, 5))
    march, april = campaigns.monthly_plan_vs_fact(report.kpis[0].kpi, report.campaign, report.period)
    assert (march.plan, march.plan_to_date, march.fact, march.variance) == (62, 10, 50, 40)
    assert (march.variance_percent, march.complete, march.reached) == (4.0, False, True)
    assert (april.plan, april.plan_to_date, april.fact, april.variance, april.reached) == (30, None, None, None, False)


def test_zero_denominators_everywhere_are_none(agency):
    write(agency, "campaigns/acme/spring/metrics.csv",
          "date,channel,impressions,clicks,conversions,spend\n2026-03-01,search,0,0,0,0\n")
    text = (agency / "campaigns/acme/spring/campaign.yml").read_text().replace("budget: 1000", "budget: 0")
    write(agency, "campaigns/acme/spring/campaign.yml", text.replace("hours: 40", "hours: 0"))
    report = report_of(agency, dt.date(2026, 3, 1))
    assert report.budget.share_spent is None and report.hours.share_used is None
    assert report.kpis[1].pace is None  # cost per order: 0 spend / 0 orders
    row = campaigns.channel_split(report.campaign, report.period)[0]
    assert row.values["ctr"] is None and row.shares["orders"] is None and row.spend_share is None


def weekly_metrics(days: int) -> str:
    """Day d of March: d orders, 10 x d spend and clicks, 100 x d impressions (one channel)."""
    rows = ["date,channel,impressions,clicks,conversions,spend"]
    rows += [f"2026-03-{d:02d},search,{100 * d},{10 * d},{d},{10 * d}.00" for d in range(1, days + 1)]
    return "\n".join(rows) + "\n"


def test_weekly_report_compares_with_the_week_before(agency):
    write(agency, "campaigns/acme/spring/metrics.csv", weekly_metrics(10))
    write(agency, "campaigns/acme/spring/work.csv", WORK_CSV)
    client = load_client(agency)
    weeks = periodic.report_weeks(client, dt.date(2026, 3, 10))
    assert [w.slug for w in weeks] == ["2026-w09", "2026-w10", "2026-w11"]  # March 1, 2026 is a Sunday
    report = periodic.weekly_report(client, weeks[1], dt.date(2026, 3, 10))
    assert report.complete and report.last_day == dt.date(2026, 3, 8)
    week = report.campaigns[0]
    # The week before ran one day (Sunday, March 1): like with like, Sunday against Sunday,
    # not 35 orders of a whole week against 1 of a single day (a +3,400 % "boom")
    assert (week.comparison, week.compared) == ("same-days", (dt.date(2026, 3, 8), dt.date(2026, 3, 8)))
    orders = week.kpis[0].change
    assert (orders.current, orders.previous, orders.delta, orders.delta_percent, orders.improved) == (8, 1, 7, 7, True)
    cpa = week.kpis[1].change
    assert (cpa.current, cpa.previous, cpa.delta, cpa.improved) == (10, 10, 0, None)
    assert (week.spend.current, week.spend.previous, week.spend.improved) == (80, 10, None)
    assert (week.hours.current, week.hours.previous) == (4, 0)
    assert week.report.period.as_of == dt.date(2026, 3, 8)
    assert [m.slug for m in report.meetings] == ["2026-03-02-check-in", "2026-03-03-post-mortem"]


def test_week_in_progress_is_compared_with_the_same_weekdays(agency):
    write(agency, "campaigns/acme/spring/metrics.csv", weekly_metrics(10))
    client = load_client(agency)
    report = periodic.weekly_report(client, periodic.week_of(dt.date(2026, 3, 10)), dt.date(2026, 3, 10))
    orders = report.campaigns[0].kpis[0].change
    assert not report.complete
    assert (orders.current, orders.previous, orders.delta) == (19, 5, 14)  # March 9-10 against March 2-3
    assert report.campaigns[0].comparison == "week-to-date"


def test_monthly_report_plan_fact_comments_and_isolation(agency):
    with_plan(agency, "{2026-03: 62}")
    client = load_client(agency)
    report = periodic.monthly_report(client, "2026-03", dt.date(2026, 3, 31))
    orders = report.campaigns[0].kpis[0]
    assert (orders.row.plan, orders.row.fact, orders.row.variance) == (62, 50, -12)
    assert orders.status == "at-risk"  # 50 of 62 planned by March 31
    assert report.campaigns[0].spend == 400
    assert [(r.key, r.text) for r in report.comments] == [("tracking", "Orders are on plan."), ("goals-met", "Internal view only")]
    client_view = periodic.monthly_report(client.for_client_site(), "2026-03", dt.date(2026, 3, 31))
    assert [r.text for r in client_view.comments] == ["Orders are on plan."]
    assert periodic.report_months(client, dt.date(2026, 4, 2)) == ["2026-03", "2026-04"]


INTERNAL_LATE = "---\ndate: 2026-03-20\ntype: meeting\nvisibility: internal\n---\nOnly for the agency.\n"


@pytest.mark.parametrize("remove_survey, expected", [(False, dt.date(2026, 3, 5)), (True, dt.date(2026, 3, 2))],
                         ids=["survey-is-latest", "client-note-is-latest"])
def test_the_report_date_never_comes_from_an_internal_note(agency, remove_survey, expected):
    """Without metrics the report date is the latest client-visible note or survey; internal notes never set it."""
    write(agency, "campaigns/acme/spring/metrics.csv", "date,channel,impressions,clicks,conversions,spend\n")
    write(agency, "content/acme/meetings/2026-03-20-review.md", INTERNAL_LATE)
    if remove_survey:
        (agency / "content/acme/surveys/2026-03-05-nps.yml").unlink()
    assert campaigns.default_as_of(load_client(agency)) == expected


def test_the_client_home_dates_its_report_by_client_visible_files_only(agency):
    write(agency, "campaigns/acme/spring/metrics.csv", "date,channel,impressions,clicks,conversions,spend\n")
    write(agency, "content/acme/meetings/2026-03-20-review.md", INTERNAL_LATE)
    pipeline.build(agency, agency / "site", only=("acme",))
    for site in ("acme", "internal/acme"):  # both sites of the client agree on the date
        assert "Report as of March 5, 2026" in (agency / "site" / site / "index.html").read_text(encoding="utf-8"), site
    assert "March 20, 2026" not in (agency / "site" / "acme" / "index.html").read_text(encoding="utf-8")


METRICS_HEADER = "date,channel,impressions,clicks,conversions,spend\n"


def test_spend_without_conversions_is_off_track_and_says_so(agency):
    """A zero denominator with spend: the cost per order cannot be computed, and that is bad news, not 'no data yet'."""
    write(agency, "campaigns/acme/spring/metrics.csv", METRICS_HEADER + "2026-03-01,search,1000,50,0,40\n2026-03-02,search,1000,50,0,40\n")
    running = kpis(agency, dt.date(2026, 3, 2))["cpa"]
    assert (running.actual, running.status, running.nothing_to_divide_by) == (None, "off-track", "conversions")
    assert kpis(agency, dt.date(2026, 4, 1))["cpa"].status == "missed"
    assert kpis(agency, dt.date(2026, 3, 1))["ctr"].nothing_to_divide_by is None
    pipeline.build(agency, agency / "site", only=("acme",), as_of=dt.date(2026, 3, 2))
    campaign = (agency / "site/acme/campaigns/spring.html").read_text(encoding="utf-8")
    assert "| Cost per order (lower is better) | $10.00 | no conversions |" in (
        agency / ".debrief-work/site/acme/docs/campaigns/spring.md").read_text(encoding="utf-8")
    assert "no conversions" in campaign and "Off track" in campaign
    write(agency, "campaigns/acme/spring/metrics.csv", METRICS_HEADER + "2026-03-01,search,0,0,0,0\n")
    assert kpis(agency, dt.date(2026, 3, 1))["cpa"].status == "no-data", "nothing spent, nothing converted: no data"


@pytest.mark.parametrize("better, actual_orders, expected_status, final", [
    ("higher", 5, "on-track", "met"), ("higher", 0, "on-track", "met"),
    ("lower", 0, "on-track", "met"), ("lower", 5, "off-track", "missed"),
])
def test_a_target_of_zero_has_a_status(agency, better, actual_orders, expected_status, final):
    """A target of 0 (no complaints) is a real target: never 'no data yet' once there is data."""
    campaign = agency / "campaigns/acme/spring/campaign.yml"
    campaign.write_text(campaign.read_text().replace("    target: 100\n", f"    target: 0\n    better: {better}\n"))
    write(agency, "campaigns/acme/spring/metrics.csv", METRICS_HEADER + f"2026-03-01,search,1000,50,{actual_orders},40\n")
    assert kpis(agency, dt.date(2026, 3, 1))["orders"].status == expected_status
    assert kpis(agency, dt.date(2026, 4, 1))["orders"].status == final


@pytest.mark.parametrize("cell, value", [("1,000", 1000), ("1,234,567.5", 1234567.5), ("0.25", 0.25), (".5", 0.5), ("12", 12)])
def test_plain_numbers_and_thousands_groups_are_read_as_written(agency, cell, value):
    write(agency, "campaigns/acme/spring/metrics.csv", METRICS_HEADER + f'2026-03-01,search,"{cell}",50,5,40\n')
    assert load_client(agency).campaigns[0].metrics[0].values["impressions"] == value


def test_a_days_expectation_costs_the_same_however_long_the_campaign(agency, monkeypatch):
    """A chart asks for every day's expectation: worked out per month once, it is linear in the days, not days x months."""
    campaign = agency / "campaigns/acme/spring/campaign.yml"
    campaign.write_text(campaign.read_text().replace("start: 2026-03-01", "start: 2000-01-01").replace("end: 2026-03-10", "end: 2026-12-31")
                        .replace("    target: 100\n", "    target: 100\n    plan: {2000-01: 10, 2013-06: 20}\n"))
    write(agency, "campaigns/acme/spring/metrics.csv", METRICS_HEADER + "2000-01-01,search,1000,50,5,40\n")
    kpi = load_client(agency).campaigns[0].spec.kpis[0]
    calls = []
    original = campaigns.month_days
    monkeypatch.setattr(campaigns, "month_days", lambda *args: calls.append(args) or original(*args))
    campaigns._month_plans.cache_clear()
    campaigns._accumulated_plan.cache_clear()
    when = campaigns.Period(dt.date(2000, 1, 1), dt.date(2026, 12, 31), dt.date(2026, 12, 31))
    series = campaigns.cumulative_series(kpi, load_client(agency).campaigns[0], when)
    assert len(series) == 9862 and len(calls) == 2 * 324  # 27 years of days; each of the 324 months counted twice, once
    # and the figures are the plan's: all of 2000-01 and 2013-06, the other 322 months share the remaining 70
    assert series[30].expected == pytest.approx(10)
    assert series[-1].expected == pytest.approx(100)


def test_retro_items_of_emoji_or_punctuation_only_do_not_merge(agency):
    from generator.compute.meetings import recurring_themes

    for day, item in (("06", "🎉"), ("07", "👍"), ("08", "!!!"), ("09", "🎉")):
        write(agency, f"content/acme/meetings/2026-03-{day}-retro.md",
              f"---\ndate: 2026-03-{day}\ntype: retro\nretro:\n  went-well: [{json.dumps(item, ensure_ascii=False)}]\n---\n")
    themes = recurring_themes(load_client(agency).meetings)
    assert [(t.label, t.count) for t in themes if not t.by_tag] == [("🎉", 2)]
