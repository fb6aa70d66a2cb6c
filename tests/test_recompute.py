"""An independent recomputation: the headline figures of every page, redone from the raw files.

The arithmetic here is its own (csv, yaml and decimals; nothing from ``generator``),
following the README's "Campaign reporting" section as the contract. Only the page
models it is compared with come from Debrief. The test agency runs one campaign over
a year boundary, through ISO week 53 of 2026 (December 28 to January 3), with a
back-loaded monthly plan, a missing cell in a ratio's column, hours logged before
the start, and NPS and CSI surveys; it is checked before the start, on a Saturday
mid-campaign, on the Saturday of week 53 and after the end.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from tests.agency import write

DAY = dt.timedelta(days=1)
START, END = dt.date(2026, 12, 7), dt.date(2027, 1, 24)
PLAN = {"2026-12": 1000, "2027-01": 2000}
TARGET = 3000
BUDGET, HOURS = 60000, 300
REPORT_DATES = [dt.date(2026, 11, 30), dt.date(2026, 12, 19), dt.date(2027, 1, 2), dt.date(2027, 2, 10)]

CAMPAIGN = f"""\
name: Winter Sale
start: {START}
end: {END}
objectives: {{primary: Sell over the holidays}}
success: Plan met
failure: Plan missed
budget: {BUDGET}
hours: {HOURS}
revision_rounds: 2
kpis:
  - {{id: orders, name: Orders, metric: conversions, target: {TARGET}, plan: {PLAN}}}
  - {{id: cpa, name: Cost per order, ratio: [spend, conversions], target: 20, better: lower, unit: currency}}
  - {{id: ctr, name: Click-through rate, ratio: [clicks, impressions], target: 0.03, unit: percent}}
"""


def metrics_csv() -> str:
    rows = ["date,channel,impressions,clicks,conversions,spend"]
    day, n = START, 0
    while day <= END:
        for channel, weight in (("search", 3), ("social", 2)):
            n += 1
            conversions = "" if day == dt.date(2026, 12, 24) and channel == "social" else str(10 + (n * 7) % 23 + weight * n // 9)
            rows.append(f"{day},{channel},{1000 + (n * 37) % 500},{30 + (n * 13) % 29},{conversions},{500 + (n * 53) % 400}.{n % 100:02d}")
        day += DAY
    return "\n".join(rows) + "\n"


WORK = "date,person,role,hours,task\n2026-12-01,Ann,manager,6,Preparation\n" + "".join(
    f"{START + i * DAY},Dan,designer,{2 + i % 3},Work\n" for i in range((END - START).days + 1))

SURVEYS = {
    "2026-12-20-nps.yml": "date: 2026-12-20\nkind: nps\nresponses:\n" + "".join(
        f"  - {{respondent: R{i}, score: {s}}}\n" for i, s in enumerate([10, 9, 9, 8, 7, 6, 3, 10, 9])),
    "2027-01-10-csi.yml": "date: 2027-01-10\nkind: csi\nresponses:\n"
    "  - {respondent: A, ratings: {speed: [5, 4], quality: [3, 5]}}\n  - {respondent: B, ratings: {speed: [2, 3]}}\n",
}


@pytest.fixture(scope="module")
def agency(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("recompute")
    write(root, "campaigns/acme/client.yml", "name: Acme\nlanguage: en\ncurrency: USD\naccount_manager: Ann\n")
    write(root, "campaigns/acme/winter/campaign.yml", CAMPAIGN)
    write(root, "campaigns/acme/winter/metrics.csv", metrics_csv())
    write(root, "campaigns/acme/winter/work.csv", WORK)
    write(root, "content/acme/meetings/2026-11-25-kickoff.md", "---\ndate: 2026-11-25\ntype: pre-launch\ndecisions: [Go]\n---\n")
    for name, text in SURVEYS.items():
        write(root, f"content/acme/surveys/{name}", text)
    return root


# --- the recomputation: its own arithmetic, from the files -------------------------------------


def read_rows(root: Path) -> list[dict[str, object]]:
    with (root / "campaigns/acme/winter/metrics.csv").open(encoding="utf-8") as handle:
        return [{"date": dt.date.fromisoformat(r["date"]),
                 **{k: (Decimal(v) if v else None) for k, v in r.items() if k not in ("date", "channel")}}
                for r in csv.DictReader(handle)]


def total(rows, column, first, last, both=None):
    """Σ of a column from first to last; with ``both``, only over rows where that column has a value too."""
    values = [r[column] for r in rows if first <= r["date"] <= last and r[column] is not None
              and (both is None or r[both] is not None)]
    return sum(values, Decimal(0)) if values else None


def month_days(month: str, first: dt.date, last: dt.date) -> int:
    return sum(1 for i in range((last - first).days + 1) if (first + i * DAY).isoformat()[:7] == month)


def expected(as_of: dt.date) -> Decimal:
    last = min(as_of, END)
    return sum((Decimal(plan) * month_days(month, START, last) / month_days(month, START, END) for month, plan in PLAN.items()),
               Decimal(0))


def half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def status(pace: Decimal) -> str:
    return "on-track" if pace >= Decimal("0.95") else "at-risk" if pace >= Decimal("0.8") else "off-track"


def recompute_campaign(root: Path, as_of: dt.date) -> dict[str, object]:
    rows = read_rows(root)
    last = min(as_of, END)
    if as_of < START:
        return {"orders": None, "status": "not-started", "spent": Decimal(0)}
    orders = total(rows, "conversions", START, last)
    cpa = total(rows, "spend", START, last, both="conversions") / total(rows, "conversions", START, last, both="spend")
    ctr = total(rows, "clicks", START, last, both="impressions") / total(rows, "impressions", START, last, both="clicks")
    spent = total(rows, "spend", START, last)
    wanted = expected(as_of)
    figures = {"orders": orders, "cpa": cpa, "ctr": ctr, "spent": spent, "expected": wanted}
    if as_of >= END:
        figures["status"] = "met" if orders >= TARGET else "missed"
        figures["projected"] = orders
    else:
        figures["status"] = status(orders / wanted)
        figures["projected"] = orders + (Decimal(sum(PLAN.values())) - wanted) * orders / wanted
    return figures


def recompute_week(root: Path, as_of: dt.date) -> dict[str, object]:
    """The week of the report date: orders on the weekdays both weeks ran, against the same weekdays a week before."""
    rows = read_rows(root)
    monday = as_of - as_of.weekday() * DAY
    last = min(as_of, monday + 6 * DAY)
    ran = lambda first, count: {i for i in range(count) if START <= first + i * DAY <= END}  # noqa: E731
    both = ran(monday, (last - monday).days + 1) & ran(monday - 7 * DAY, 7)
    year, week, _ = monday.isocalendar()
    lo, hi = min(both), max(both)
    return {"slug": f"{year:04d}-w{week:02d}",
            "current": total(rows, "conversions", monday + lo * DAY, monday + hi * DAY),
            "previous": total(rows, "conversions", monday + (lo - 7) * DAY, monday + (hi - 7) * DAY)}


def recompute_month(root: Path, as_of: dt.date) -> dict[str, object]:
    rows = read_rows(root)
    month = as_of.isoformat()[:7]
    first = max(START, dt.date.fromisoformat(month + "-01"))
    last = min(as_of, END)
    plan_to_date = Decimal(PLAN[month]) * month_days(month, START, last) / month_days(month, START, END)
    fact = total(rows, "conversions", first, last)
    return {"month": month, "fact": fact, "plan_to_date": half_up(plan_to_date, 0),
            "variance": fact - half_up(plan_to_date, 0)}


def recompute_scores(root: Path, as_of: dt.date) -> dict[str, Decimal]:
    found = {}
    for name in sorted(SURVEYS):
        survey = yaml.safe_load((root / "content/acme/surveys" / name).read_text(encoding="utf-8"))
        if survey["date"] > as_of:
            continue
        responses = survey["responses"]
        if survey["kind"] == "nps":
            scores = [r["score"] for r in responses]
            value = Decimal(100) * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores)
        else:
            value = sum((Decimal(100) * sum(i * s for i, s in r["ratings"].values()) / sum(5 * i for i, _ in r["ratings"].values())
                         for r in responses), Decimal(0)) / len(responses)
        found[survey["kind"]] = half_up(value, 1)
    return found


# --- Debrief's page models ------------------------------------------------------------------


def models(root: Path, as_of: dt.date):
    from generator import pipeline
    from generator.compute.pages import campaign, reports, satisfaction
    from generator.compute.pages.common import known_on

    client = known_on(pipeline.load(root).agency.clients[0], as_of)
    return (campaign.campaign_page(client, client.campaigns[0], as_of), reports.report_pages(client, as_of),
            satisfaction.satisfaction_page(client, as_of))


def close(value, expected) -> bool:
    return (value is None and expected is None) or abs(Decimal(repr(float(value))) - expected) < Decimal("1e-6")


@pytest.mark.parametrize("as_of", REPORT_DATES, ids=lambda d: d.isoformat())
def test_campaign_page_figures_are_the_recomputed_ones(agency, as_of):
    page, _reports, _satisfaction = models(agency, as_of)
    mine = recompute_campaign(agency, as_of)
    orders, cpa, ctr = page.summary.report.kpis
    assert close(orders.actual, mine["orders"]) and orders.status == mine["status"]
    assert close(page.budget.report.spent, mine["spent"])
    if as_of >= START:
        assert close(cpa.actual, mine["cpa"]) and close(ctr.actual, mine["ctr"])
        assert close(orders.expected, mine["expected"]) and close(orders.projected, mine["projected"])


@pytest.mark.parametrize("as_of", REPORT_DATES[1:3], ids=lambda d: d.isoformat())
def test_weekly_report_of_the_report_date_is_the_recomputed_one(agency, as_of):
    _page, pages, _satisfaction = models(agency, as_of)
    mine = recompute_week(agency, as_of)
    week = pages.weekly[-1]
    assert week.report.week.slug == mine["slug"]
    change = week.campaigns[0].figures.kpis[0].change
    assert (change.current, change.previous) == (mine["current"], mine["previous"])
    assert change.delta == mine["current"] - mine["previous"]


def test_week_53_is_a_report_of_its_own_between_two_years(agency):
    _page, pages, _satisfaction = models(agency, REPORT_DATES[3])
    slugs = [p.report.week.slug for p in pages.weekly]
    assert "2026-w53" in slugs and slugs.index("2027-w01") == slugs.index("2026-w53") + 1


@pytest.mark.parametrize("as_of", REPORT_DATES[1:3], ids=lambda d: d.isoformat())
def test_monthly_report_of_the_report_date_is_the_recomputed_one(agency, as_of):
    _page, pages, _satisfaction = models(agency, as_of)
    mine = recompute_month(agency, as_of)
    month = pages.monthly[-1]
    row = month.campaigns[0].rows[0]
    assert month.report.month == mine["month"]
    assert (row.fact, row.plan_to_date, row.variance) == (mine["fact"], mine["plan_to_date"], mine["variance"])


@pytest.mark.parametrize("as_of", REPORT_DATES, ids=lambda d: d.isoformat())
def test_satisfaction_scores_are_the_recomputed_ones(agency, as_of):
    _page, _reports, page = models(agency, as_of)
    assert {s.kind: s.published for s in page.latest} == recompute_scores(agency, as_of)
