"""Exact figures from the compute stage, on the small agency and variations of it."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import pipeline
from generator.compute import actions, campaigns, satisfaction
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
    assert result["cpa"].actual == 16.0  # 80 spend / 5 conversions: the missing day adds nothing


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
    assert [(m.month, m.plan, m.fact, m.variance) for m in months] == [
        ("2026-03", 62, 50, -12), ("2026-04", None, None, None)]
    assert months[0].variance_percent == pytest.approx(-12 / 62)


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
    carried = [t.action.id for t in actions.carried_over(client.meetings, internal)]
    assert carried == ["a2", "a1"]
