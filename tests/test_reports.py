"""Campaign reporting on built sites: campaign pages, weekly and monthly reports, the portfolio.

The small agency (tests/support/agency.py) is built as of its last day of data, March 5, 2026:
5 of the campaign's 10 days, 50 orders of 100, 400.00 spent of a 1,000.00 budget.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

from generator import pipeline
from generator.i18n import Formatter
from tests.support.agency import DELIVERABLES_CSV, WORK_CSV, write
from tests.support.pages import article_text, html, output_files
from tests.support.serve import served as serve_folder
from tests.support.tools import PROJECT_ROOT


def test_campaign_page_shows_status_budget_forecast_and_data_tables(built):
    page = html(built, "acme/campaigns/spring.html")
    text = article_text(page)
    assert "✓ On track 3 of 3 KPIs: On track Day 5 of 10 · 5 days to go" in text
    assert "Spent $400.00 of $1,000.00 (40%) with 50% of the campaign's days gone." in text
    assert "At the current rate the campaign ends at $800.00, $200.00 under budget." in text
    # what happens next: orders projected at 100 (10 a day), 10 a day still needed
    assert "Orders 100 100 10 10 ✓ On track" in text
    assert "Spend $1,000.00 $800.00 $80.00 $120.00" in text
    assert "Success looks like 100 orders" in text and "Failure looks like Under 60 orders" in text
    # every chart has its data beneath it, collapsed
    assert page.count('class="debrief-chart"') == page.count('<details class="debrief-data">') == 5
    assert "Mar 1, 2026 $80.00 $100.00 8.0%" in text  # the budget's first day: spent, even pace, share


def test_campaign_page_hours_deliverables_and_channels(agency):
    write(agency, "campaigns/acme/spring/work.csv", WORK_CSV)
    write(agency, "campaigns/acme/spring/deliverables.csv", DELIVERABLES_CSV)
    out = agency / "site"
    pipeline.build(agency, out, only=("acme",))
    text = article_text(html(out, "acme/campaigns/spring.html"))
    assert "20 h used of 40 h planned (50%)." in text
    assert "At the current rate the campaign needs 38 h, 2 h under plan." in text
    assert "designer 15 75%" in text and "Dan Designer designer 15 75%" in text
    assert "2 of 4 delivered: 1 on time, 1 late; 1 open, 1 overdue." in text
    assert "Revision rounds: 6 used of 8 allowed (2 per deliverable)." in text
    assert "Landing page Mar 4, 2026 — ✗ Overdue by 1 day ⚠ 3 / 2 · over allowance" in text
    assert "search $200.00 (50%) 25 (50%) $8.00 5.00%" in text
    home = article_text(html(out, "acme/index.html"))
    assert "Hours 20 h of 40 h planned · 50%" in home
    assert "Deliverables 2 of 4 delivered" in home and "1 overdue · 1 late · 1 over revision allowance" in home


def test_home_names_the_next_meeting_from_a_note_prepared_ahead(agency):
    out = agency / "site"
    pipeline.build(agency, out, only=("acme",))
    assert '<p class="debrief-latest"><strong>Next meeting:</strong> not scheduled yet</p>' in html(out, "acme/index.html")
    write(agency, "content/acme/meetings/2026-03-09-weekly.md", "---\ndate: 2026-03-09\ntype: weekly\n---\nAgenda: the first week.\n")
    write(agency, "content/acme/meetings/2026-03-12-plan.md", "---\ndate: 2026-03-12\ntype: meeting\ntitle: Planning\n---\n")
    pipeline.build(agency, out, only=("acme",))
    home = html(out, "acme/index.html")
    assert "Next meeting: March 9, 2026 · Weekly summary Campaigns" in article_text(home)  # the earlier, its date once
    assert re.search(r'<p class="debrief-latest"><strong>Next meeting:</strong> <a href="meetings/2026-03-09-weekly.html">', home)


def test_weekly_and_monthly_reports_are_built_with_navigation(built):
    reports = sorted(p.name for p in (built / "acme" / "reports").iterdir())
    assert reports == ["2026-03.html", "2026-w09.html", "2026-w10.html", "index.html"]
    week = article_text(html(built, "acme/reports/2026-w10.html"))
    assert "Weekly report · Week 10, 2026" in week
    assert "week to date, as of March 5, 2026" in week
    # March 2-5 against February 23-26, before the campaign: nothing to compare with
    assert "Orders 40 n/a n/a n/a" in week
    assert "Shift budget to search — Mar 2, 2026" in week
    assert "Our margin is thin" not in week  # the internal post-mortem of March 3
    month = article_text(html(built, "acme/reports/2026-03.html"))
    assert "Monthly report · March 2026" in month and "Month to date, as of March 5, 2026" in month
    # no monthly plan: the month's plan is implied (the target over the campaign's days) and marked so
    assert "Orders 100 (implied) 50 (implied) 50 0 0.0% ✓ On track" in month
    assert "How is the campaign tracking against the metrics defined earlier? — Mar 2, 2026" in month
    assert "Orders are on plan." in month and "Internal view only" not in month
    internal_month = article_text(html(built, "internal/acme/reports/2026-03.html"))
    assert "Internal view only" in internal_month
    home = html(built, "acme/index.html")
    assert 'href="reports/2026-w10.html"' in home and 'href="reports/2026-03.html"' in home
    assert re.search(r'md-nav__link[^>]*>\s*<span class="md-ellipsis">\s*Q1 2026', html(built, "acme/reports/2026-03.html"))


def test_monthly_report_plan_against_fact(agency):
    text = (agency / "campaigns/acme/spring/campaign.yml").read_text()
    write(agency, "campaigns/acme/spring/campaign.yml", text.replace("    target: 100\n", "    target: 100\n    plan: {2026-03: 100}\n", 1))
    out = agency / "site"
    pipeline.build(agency, out, only=("acme",), as_of=dt.date(2026, 3, 31))
    month = article_text(html(out, "acme/reports/2026-03.html"))
    assert "Plan against fact for the whole month" in month
    assert "Orders 100 100 50 −50 −50.0% ✗ Missed" in month


def test_portfolio_has_a_sortable_row_per_campaign(built):
    page = html(built, "internal/index.html")
    assert page.count('<table class="debrief-sortable debrief-portfolio">') == 1
    assert 'src="assets/javascripts/tables.js"' in page
    text = article_text(page)
    assert "Acme Widgets Spring Launch Mar 1, 2026 – Mar 10, 2026 ✓ On track" in text
    assert "spent 40% · time 50% projected $800.00 (−$200.00)" in text  # cents and a minus sign, as on every page
    assert "25.0" in text  # the latest NPS: 2 promoters, 1 detractor of 4
    rows = re.findall(r"<tr>\s*<td data-sort=", page)
    assert len(rows) == 2  # acme and globex, one campaign each


def test_zero_denominator_shows_na_and_rebuild_is_byte_identical(agency, tmp_path):
    write(agency, "campaigns/acme/spring/metrics.csv",
          "date,channel,impressions,clicks,conversions,spend\n2026-03-01,search,0,0,0,0.00\n")
    first, second = tmp_path / "first", tmp_path / "second"
    day = dt.date(2026, 3, 1)
    pipeline.build(agency, first, as_of=day)
    pipeline.build(agency, second, as_of=day)
    text = article_text(html(first, "acme/campaigns/spring.html"))
    assert "Cost per order (lower is better) $10.00 n/a $10.00 n/a n/a – No data yet" in text
    assert "inf" not in text.lower().replace("info", "")
    def site_files(out: Path) -> list[Path]:
        """Every file of every site (the output folder's own bookkeeping, like the build manifest, aside)."""
        return sorted(p.relative_to(out) for site in out.iterdir() if site.is_dir() for p in output_files(site))

    files = site_files(first)
    assert len(files) > 100 and files == site_files(second)
    different = [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert different == []


@pytest.fixture(scope="module")
def served(built: Path):
    with serve_folder(built) as origin:
        yield origin


def test_every_chart_of_a_campaign_page_renders_an_svg(browser, served):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{served}/acme/campaigns/spring.html")
    charts = page.locator(".debrief-chart")
    assert charts.count() == 5  # 3 KPIs over time, budget burn, channel split (no hours logged, no monthly plan)
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()  # charts are drawn as they come near the viewport
        chart.locator("svg").first.wait_for(timeout=15000)
        assert chart.locator("svg .mark-line, svg .mark-rect, svg .mark-rule").count() > 0
    assert errors == []
    page.close()


def test_demo_spend_is_right_to_the_cent(demo):
    """Every demo campaign's spend, its daily cells (metrics.csv or the exports) summed exactly, is the figure on its page."""
    agency = pipeline.load(PROJECT_ROOT).agency
    checked = 0
    for client in agency.clients:
        as_of = pipeline.as_of_dates(agency, None)[client.slug]
        fmt = Formatter(client.spec.language, client.spec.currency)
        for campaign in client.campaigns:
            last = min(as_of, campaign.spec.end)
            spent = sum(Decimal(str(row.values["spend"])) for row in campaign.metrics
                        if row.values.get("spend") is not None and campaign.spec.start <= row.date <= last)
            page = html(demo, f"{client.slug}/campaigns/{campaign.slug}.html")
            assert fmt.money(float(spent)) in page, (client.slug, campaign.slug, spent)
            checked += 1
    assert checked == 9


def test_the_demo_raises_an_alert_of_each_kind_on_its_internal_sites_and_none_on_a_client_site(demo):
    """The demo's data is made to raise every kind of alert: each one is on its client's internal Alerts page."""
    from generator.compute.alerts import client_alerts
    from generator.models import ALERT_KINDS
    from generator.render.labels import alert_kind_label

    agency = pipeline.load(PROJECT_ROOT).agency
    dates = pipeline.as_of_dates(agency, None)
    raised = set()
    for client in agency.clients:
        fmt = Formatter(client.spec.language, client.spec.currency)
        alerts_page = article_text(html(demo, f"internal/{client.slug}/alerts.html"))
        for alert in client_alerts(client, dates[client.slug]):
            raised.add(alert.kind)
            campaign = next(c for c in client.campaigns if c.slug == alert.campaign)
            assert f"{alert_kind_label(alert.kind, fmt)}: {campaign.spec.name}" in alerts_page, (client.slug, alert.kind)
        client_site = demo / client.slug
        assert not (client_site / "alerts.html").exists()
        labels = [alert_kind_label(kind, fmt) for kind in ALERT_KINDS]
        for page in client_site.rglob("*.html"):
            text = article_text(page.read_text(encoding="utf-8"))
            assert not [label for label in labels if label in text], page
    assert raised == set(ALERT_KINDS)


def test_every_internal_campaign_page_with_a_past_sets_its_targets_against_it_and_no_client_page_does(demo):
    """Targets against the agency's history: on each internal campaign page that has past campaigns to compare with."""
    from generator.compute.track_record import target_checks, track_record

    agency = pipeline.load(PROJECT_ROOT).agency
    dates = pipeline.as_of_dates(agency, None)
    record = track_record(agency)
    compared = 0
    for client in agency.clients:
        heading = Formatter(client.spec.language, client.spec.currency).gettext("Targets against the agency's history")
        for campaign in client.campaigns:
            internal_page = article_text(html(demo, f"internal/{client.slug}/campaigns/{campaign.slug}.html"))
            client_page = article_text(html(demo, f"{client.slug}/campaigns/{campaign.slug}.html"))
            checks = target_checks(record, client, campaign, dates[client.slug])
            assert (heading in internal_page) == bool(checks), (client.slug, campaign.slug)
            assert heading not in client_page
            for check in checks:
                assert check.kpi.name in internal_page
            compared += bool(checks)
    assert compared >= 3
