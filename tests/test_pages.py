"""Page models, built in memory: each page's figures from one place, consistent with each other and exact.

One test per way the site used to contradict itself (issue 14), each on the smallest
client that shows it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from generator import charts, render
from generator.compute import periodic
from generator.compute.pages import campaign as campaign_page
from generator.compute.pages import common, meetings, portfolio, reports
from generator.compute.rounding import half_up, shares
from generator.i18n import Formatter
from generator.models import Deliverable, WorkEntry
from generator.render.labels import meeting_title
from tests.memory import agency, campaign, client, daily, day, kpi, meeting


def page_of(the_campaign, as_of: str, **client_fields):
    the_client = client(the_campaign, **client_fields)
    return campaign_page.campaign_page(the_client, the_campaign, day(as_of))


def markdown(spec, path: str) -> str:
    return next(p.markdown for p in spec.pages if p.path == path)


# --- the plan ------------------------------------------------------------------------------

BACK_LOADED = kpi(target=600, plan={"2026-04": 100, "2026-05": 500})


def test_a_back_loaded_plan_is_projected_along_its_own_shape():
    """107 % of plan to date must not sit beside "projected 214 of 600": status, projection and what-if agree."""
    rows = daily("2026-04-01", 30, conversions=107 / 30)
    model = page_of(campaign("2026-04-01", "2026-05-31", (BACK_LOADED,), rows), "2026-04-30")
    orders = model.summary.report.kpis[0]
    assert orders.pace == pytest.approx(1.07) and orders.status == "on-track"
    assert orders.projected == pytest.approx(107 + 500 * 1.07)  # the May plan still to come, at the pace so far
    assert orders.daily_rate == pytest.approx(500 * 1.07 / 31)
    assert orders.projected_share > 1 and model.what_ifs == ()


def test_without_a_plan_the_projection_is_the_straight_line():
    model = page_of(campaign(rows=daily("2026-03-01", 4, conversions=10)), "2026-03-04")
    orders = model.summary.report.kpis[0]
    assert (orders.projected, orders.daily_rate) == (pytest.approx(100), pytest.approx(10))


def test_a_month_without_a_plan_shows_the_plan_it_is_measured_against_marked_implied():
    """Expected by now counts April's share of what the target leaves: the table shows it too."""
    the_kpi = kpi(target=100, plan={"2026-03": 62})
    model = page_of(campaign("2026-03-01", "2026-04-30", (the_kpi,), daily("2026-03-01", 40, conversions=2)), "2026-04-09")
    march, april = model.kpis[0].months
    assert (march.plan, march.implied) == (Decimal(62), False)
    assert (april.plan, april.implied, april.plan_to_date) == (Decimal(38), True, Decimal("11.40"))  # 38 x 9 / 30
    assert march.plan_to_date + april.plan_to_date == half_up(model.summary.report.kpis[0].expected, 2)
    page = markdown(render.client_site(client(model.campaign), day("2026-04-09"), False), "campaigns/spring.md")
    assert "| April 2026 (to date) | 38 <span class=\"debrief-implied\"" in page and "(implied)</span>" in page


def test_the_plan_vs_fact_chart_compares_a_running_month_with_its_plan_to_date():
    """The table (rightly) uses the plan to date; the bars beside it must too, not the month's whole plan."""
    the_kpi = kpi(target=100, plan={"2026-03": 31, "2026-04": 69})
    model = page_of(campaign("2026-03-01", "2026-04-30", (the_kpi,), daily("2026-03-01", 10, conversions=1)), "2026-03-10")
    section = model.kpis[0]
    spec = charts.monthly_plan_vs_fact(section.report, list(section.months), charts.Theme(Formatter("en")))
    plans = {row["month"]: row["value"] for row in spec["data"]["values"] if row["series"] == "Plan"}
    assert plans == {"March 2026 (to date)": 10.0, "April 2026": 69.0}


# --- hours, caps, not started ------------------------------------------------------------


def test_hours_have_one_rate_and_projection_needed_rate_and_sign_tell_one_story():
    """Preparation before the start counts as used, but not into the daily rate the projection continues."""
    work = [WorkEntry(day("2026-02-20"), "Ann", "manager", 10, "prep"), *(
        WorkEntry(day("2026-03-01") + i * dt.timedelta(days=1), "Ann", "manager", 3, "work") for i in range(5))]
    model = page_of(campaign(rows=daily("2026-03-01", 5, conversions=10), work=work, hours=40), "2026-03-05")
    hours = next(row for row in model.next_steps if row.kind == "hours")
    assert hours.rate == 3  # 15 h in 5 days; the 10 h of preparation are not a daily rate
    assert hours.projected == 25 + 3 * 5
    assert hours.needed == 3  # (40 - 25) / 5 days left
    assert (hours.projected > 40) == (hours.rate > hours.needed)  # over plan exactly when the rate beats the one needed


def test_a_lower_is_better_kpi_past_its_cap_cannot_be_reached():
    complaints = kpi("complaints", metric="complaints", target=10, better="lower")
    model = page_of(campaign(kpis=(complaints,), rows=daily("2026-03-01", 5, complaints=3)), "2026-03-05")
    report = model.summary.report.kpis[0]
    assert (report.actual, report.cap_passed, report.needed_rate) == (15, True, None)
    assert [w.kind for w in model.what_ifs] == ["cap-passed"]
    page = markdown(render.client_site(client(model.campaign), day("2026-03-05"), False), "campaigns/spring.md")
    assert "0.00 a day" not in page and "cannot be reached" in page and "the target cannot be met any more" in page


def test_before_the_start_every_tile_is_not_started_and_nothing_is_counted():
    deliverables = [Deliverable("Banners", day("2026-03-03"), None, 3)]
    work = [WorkEntry(day("2026-02-20"), "Ann", "manager", 2, "prep")]
    model = page_of(campaign(rows=daily("2026-03-01", 5, conversions=5, spend=40), work=work, deliverables=deliverables), "2026-02-25")
    strip = model.summary.strip
    statuses = {t.report.status for t in strip.kpis} | {strip.budget.report.status, strip.hours.report.status,
                                                          strip.deliverables.report.status}
    assert statuses == {"not-started"}
    assert (strip.budget.report.spent, strip.hours.report.used) == (0, 2)  # amounts as recorded, not n/a beside 2 h
    assert (model.deliverables.report.revisions_used, strip.deliverables.over_allowance) == (0, 0)
    assert model.running is False and model.what_ifs == ()


# --- ratios -----------------------------------------------------------------------------------


def test_a_ratio_counts_the_days_where_both_values_exist_and_says_how_many_it_left_out():
    cpa = kpi("cpa", ratio=("spend", "conversions"), target=10, better="lower", unit="currency")
    rows = daily("2026-03-01", 3, spend=40, conversions=5) + daily("2026-03-04", 1, spend=40, conversions=None)
    model = page_of(campaign(kpis=(cpa,), rows=rows), "2026-03-04")
    report = model.summary.report.kpis[0]
    assert (report.actual, report.days_left_out) == (8, 1)  # 120 / 15, not 160 / 15
    assert model.kpis[0].series[-1].actual == 8  # the chart's last point says the same
    page = markdown(render.client_site(client(model.campaign), day("2026-03-04"), False), "campaigns/spring.md")
    assert "Cpa: 1 day with only one of its two values left out of both sums." in page


# --- rounding ---------------------------------------------------------------------------------


def test_one_rounding_rule_half_up_everywhere():
    fmt = Formatter("en")
    assert (fmt.number(2.5), fmt.decimal(0.125), fmt.percent(0.125, 0), fmt.money(0.125)) == ("3", "0.13", "13%", "$0.13")
    assert common.progress(0.61245) == Decimal("0.6125")


def test_a_change_is_the_difference_of_the_shown_values():
    rows = daily("2026-03-02", 7, spend=10.004) + daily("2026-03-09", 7, spend=10.006)
    the_client = client(campaign("2026-03-02", "2026-03-15", rows=rows))
    week = periodic.weekly_report(the_client, periodic.week_of(day("2026-03-09")), day("2026-03-15")).campaigns[0]
    assert (week.spend.current, week.spend.previous, week.spend.delta) == (Decimal("70.04"), Decimal("70.03"), Decimal("0.01"))


def test_shares_of_a_whole_add_up_to_100_percent_as_shown():
    assert shares([1, 1, 1]) == [Decimal("0.34"), Decimal("0.33"), Decimal("0.33")]
    work = [WorkEntry(day("2026-03-01"), name, role, 1, "x") for name, role in (("A", "a"), ("B", "b"), ("C", "c"))]
    model = page_of(campaign(rows=daily("2026-03-01", 1, conversions=1), work=work), "2026-03-01")
    assert sum(role.share for role in model.hours.report.by_role) == 1
    rows = daily("2026-03-01", 1, "search", conversions=1) + daily("2026-03-01", 1, "social", conversions=1) + daily(
        "2026-03-01", 1, "video", conversions=1)
    assert sum(row.shares["orders"] for row in page_of(campaign(rows=rows), "2026-03-01").channels) == 1


# --- periods and what is known on the report date ---------------------------------------------


def test_every_decision_is_in_the_reports_of_its_week_and_month():
    """A pre-launch meeting weeks before the start has its week and its month; an idle month has none."""
    prep = meeting("2026-01-14", type="pre-launch", decisions=["Launch on March 1"])
    the_client = client(campaign(rows=daily("2026-03-01", 5, conversions=5)), meetings=(prep,))
    pages = reports.report_pages(the_client, day("2026-03-05"))
    assert [p.report.month for p in pages.monthly] == ["2026-01", "2026-03"]  # no February: nothing happened
    january = pages.monthly[0]
    assert [d.text for d in january.decisions] == ["Launch on March 1"] and january.campaigns == ()
    assert [d.text for d in pages.weekly[0].decisions] == ["Launch on March 1"]


def test_a_campaign_starting_after_the_report_date_gives_its_week_no_report():
    the_client = client(campaign("2026-03-06", "2026-03-20", rows=daily("2026-03-06", 5, conversions=5)))
    assert periodic.report_weeks(the_client, day("2026-03-04")) == []


def test_a_campaigns_last_partial_week_is_compared_like_with_like():
    """Ending on a Tuesday, its last week counts Monday and Tuesday against the same two days: no −71 % collapse."""
    the_client = client(campaign("2026-03-02", "2026-03-17", rows=daily("2026-03-02", 16, conversions=10)))
    last = periodic.weekly_report(the_client, periodic.week_of(day("2026-03-16")), day("2026-03-31")).campaigns[0]
    assert (last.comparison, last.compared) == ("same-days", (day("2026-03-16"), day("2026-03-17")))
    assert (last.kpis[0].change.current, last.kpis[0].change.previous, last.kpis[0].change.delta_percent) == (20, 20, 0)


def test_nothing_after_the_report_date_is_shown_except_the_next_prepared_meeting():
    done_later = meeting("2026-03-02", "check-in", type="check-in", actions=[
        {"id": "a1", "text": "Send banners", "owner": "Ann", "due": "2026-03-04", "done": "2026-03-20"}])
    notes = (done_later, meeting("2026-03-09", "weekly", type="weekly", body="Agenda for Monday"),
             meeting("2026-03-31", "post-mortem", type="post-mortem", body="Final figures: 212 orders"))
    the_client = common.known_on(client(campaign(rows=daily("2026-03-01", 10, conversions=5)), meetings=notes), day("2026-03-05"))
    assert [m.slug for m in the_client.meetings] == ["2026-03-02-check-in", "2026-03-09-weekly"]
    row = meetings.meeting_page(the_client, done_later, day("2026-03-05"), internal=False).actions[0]
    assert (row.tracked.state, row.done) == ("overdue", None)  # its done date, March 20, is not known yet
    spec = render.client_site(client(campaign(rows=daily("2026-03-01", 10, conversions=5)), meetings=notes), day("2026-03-05"), False)
    every_page = "\n".join(page.markdown for page in spec.pages)
    assert "Final figures: 212 orders" not in every_page and "Mar 20, 2026" not in every_page
    assert "Agenda for Monday" in every_page


# --- names and money ------------------------------------------------------------------------


def test_an_untitled_meeting_is_named_in_the_site_language_wherever_it_is_linked():
    check_in = meeting("2026-03-02", "check-in", type="check-in", campaign="spring", answers={"tracking": "По плану."},
                       decisions=["Перенести бюджет"])
    spec = render.client_site(client(campaign(rows=daily("2026-03-01", 5, conversions=5)), meetings=(check_in,),
                                     language="ru", currency="RUB"), day("2026-03-05"), False)
    label = meeting_title(check_in, Formatter("ru"), dated=False)
    for path in ("campaigns/spring.md", "reports/2026-03.md", "reports/2026-w10.md"):
        page = markdown(spec, path)
        assert f"· {label}](../meetings/2026-03-02-check-in.md)" in page, path
        assert "· check-in]" not in page, path


def test_the_client_home_names_the_next_meeting_with_its_date_once():
    upcoming = meeting("2026-03-11", "check-in", type="check-in")
    spec = render.client_site(client(campaign(rows=daily("2026-03-01", 5, conversions=5)), meetings=(upcoming,)), day("2026-03-05"), False)
    assert "[March 11, 2026 · In-flight check-in](meetings/2026-03-11-check-in.md)" in markdown(spec, "index.md")


def test_the_portfolio_writes_money_as_the_client_pages_do():
    """Cents, the symbol the client's own site uses and a true minus sign: −₽..., not -RUB..."""
    rows = daily("2026-03-01", 5, conversions=5, spend=40.25)
    the_client = client(campaign(rows=rows), language="ru", currency="RUB", slug="volga")
    model = portfolio.portfolio_page((the_client,), {"volga": day("2026-03-05")})
    assert model.rows[0].report.budget.projected_overage == pytest.approx(402.5 - 1000)
    spec = render.portfolio_site(agency(the_client), {"volga": day("2026-03-05")})
    page = markdown(spec, "index.md")
    assert "projected ₽402.50 (−₽597.50)" in page and "RUB" not in page


def test_the_chart_projects_along_the_plan_to_the_projected_end():
    """The dotted line bends where the plan does and ends where "projected at end" says."""
    rows = daily("2026-04-01", 30, conversions=107 / 30)
    model = page_of(campaign("2026-04-01", "2026-05-31", (BACK_LOADED,), rows), "2026-04-20")
    section = model.kpis[0]
    (first, start_value), (month_end, at_month_end), (end, at_end) = section.projection
    assert (first, month_end, end) == (day("2026-04-20"), day("2026-04-30"), day("2026-05-31"))
    assert start_value == section.report.actual and at_end == pytest.approx(section.report.projected)
    pace = section.report.actual / section.report.expected
    assert at_month_end == pytest.approx(section.report.actual + 100 * 10 / 30 * pace)  # April's last ten days of plan
