"""What is due on a report date: the weekly summary on Fridays, the monthly report after the month, meeting summaries."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.compute.periodic import Week
from generator.mail import schedule
from generator.mail.schedule import Due
from generator.models import Campaign, CampaignFile, Client, ClientFile, Meeting, MeetingFile

D = dt.date


def client(contacts=None, meetings=(), start=D(2026, 10, 1), end=D(2026, 12, 31)) -> Client:
    spec = ClientFile(name="Acme", language="en", currency="USD", account_manager="Ann",
                      contacts=[{"name": "Julia", "email": "julia@acme.example"}] if contacts is None else contacts)
    campaign = CampaignFile(name="Spring", start=start, end=end, objectives={"primary": "Sell"}, success="s", failure="f",
                            budget=1, hours=1, revision_rounds=1, kpis=[{"id": "orders", "name": "Orders", "metric": "c", "target": 1}])
    notes = tuple(
        Meeting(f"{day.isoformat()}-{kind}", f"content/acme/meetings/{day.isoformat()}-{kind}.md",
                MeetingFile(date=day, type="check-in", visibility=visibility), "")
        for day, kind, visibility in meetings
    )
    return Client("acme", spec, (Campaign("spring", campaign, (), ()),), notes, ())


@pytest.mark.parametrize("as_of, week", [
    (D(2026, 11, 20), "2026-w47"),  # Friday: this week's summary
    (D(2026, 11, 21), "2026-w47"),  # Saturday: still this week's
    (D(2026, 11, 22), "2026-w47"),
    (D(2026, 11, 23), "2026-w47"),  # Monday: last week's, if Friday's run missed it
    (D(2026, 11, 26), "2026-w47"),  # Thursday
    (D(2026, 11, 27), "2026-w48"),  # the next Friday
    (D(2027, 1, 1), "2026-w53"),    # a Friday in ISO week 53 of 2026
])
def test_the_weekly_summary_is_due_from_the_weeks_last_working_day(as_of, week):
    assert schedule.weekly_due(as_of).slug == week


@pytest.mark.parametrize("as_of, month", [
    (D(2026, 11, 2), "2026-10"),    # Monday 2 November: the first working day after October
    (D(2026, 11, 1), "2026-09"),    # Sunday 1 November: October's report is not due yet
    (D(2026, 11, 30), "2026-10"),
    (D(2026, 12, 1), "2026-11"),    # Tuesday
    (D(2027, 1, 1), "2026-12"),     # Friday 1 January is a working day here (holidays are not known) ...
    (D(2026, 8, 3), "2026-07"),     # ... and after a month ending on a Friday, the Monday
    (D(2026, 8, 1), "2026-06"),
])
def test_the_monthly_report_is_due_from_the_first_working_day_after_the_month(as_of, month):
    assert schedule.monthly_due(as_of) == month


def test_working_days_and_month_boundaries():
    assert schedule.last_working_day(Week(D(2026, 11, 16))) == D(2026, 11, 20)
    assert schedule.first_working_day_after("2026-10") == D(2026, 11, 2)
    assert schedule.first_working_day_after("2026-12") == D(2027, 1, 1)
    assert schedule.previous_month("2026-01") == "2025-12"


def test_due_on_a_friday_the_weeks_summary_the_months_report_and_the_weeks_meetings():
    acme = client(meetings=[
        (D(2026, 11, 13), "week-before", "client"),   # 7 days before: outside the week up to Friday
        (D(2026, 11, 14), "saturday", "client"),
        (D(2026, 11, 18), "check-in", "client"),
        (D(2026, 11, 19), "internal", "internal"),
        (D(2026, 11, 20), "today", "client"),
        (D(2026, 11, 27), "prepared-ahead", "client"),
    ])
    due = schedule.due_for_client(acme, D(2026, 11, 20))
    assert due == [
        Due("acme", "weekly", "2026-w47"), Due("acme", "monthly", "2026-10"),
        Due("acme", "meeting", "2026-11-14-saturday"), Due("acme", "meeting", "2026-11-18-check-in"),
        Due("acme", "meeting", "2026-11-20-today"),
    ]
    assert [d.key for d in due[:2]] == ["acme.weekly.2026-w47", "acme.monthly.2026-10"]


def test_what_was_sent_is_not_due_again():
    due = schedule.due_for_client(client(), D(2026, 11, 20))
    assert schedule.unsent(due, {"acme.weekly.2026-w47"}) == [Due("acme", "monthly", "2026-10")]


def test_nothing_is_due_for_a_period_without_a_report_or_without_recipients():
    before_the_campaign = client(start=D(2026, 12, 1))
    assert schedule.due_for_client(before_the_campaign, D(2026, 11, 20)) == []
    assert schedule.due_for_client(client(contacts=[]), D(2026, 11, 20)) == []
    monthly_only = client(contacts=[{"name": "Sam", "email": "sam@acme.example", "reports": ["monthly"]}])
    assert schedule.due_for_client(monthly_only, D(2026, 11, 20)) == [Due("acme", "monthly", "2026-10")]


def test_each_address_receives_a_message_once():
    acme = client(contacts=[
        {"name": "Julia", "email": "julia@acme.example"},
        {"name": "Julia again", "email": "Julia@acme.example", "reports": ["weekly"]},
        {"name": "Sam", "email": "sam@acme.example", "reports": ["meetings"]},
    ])
    assert [c.name for c in schedule.recipients(acme, "weekly")] == ["Julia"]
    assert [c.name for c in schedule.recipients(acme, "meeting")] == ["Julia", "Sam"]
