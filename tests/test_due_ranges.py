"""Deadlines as a range, ``due: [optimal, latest]``: due soon from the optimal date, overdue only after the latest."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import pipeline
from generator.compute import actions, campaigns
from generator.models import Action, Deliverable
from generator.problems import InvalidSource
from tests.support.memory import meeting
from tests.support.agency import write

MEETING_DAY = dt.date(2026, 3, 2)
OPTIMAL, LATEST = dt.date(2026, 3, 10), dt.date(2026, 3, 13)


def action(due: object, done: dt.date | None = None) -> Action:
    return Action.model_validate({"id": "a1", "text": "Send the copy", "owner": "Ann", "due": due, "done": done})


def tracked(due: object, on: dt.date, done: dt.date | None = None) -> actions.TrackedAction:
    return actions.track(action(due, done), meeting(MEETING_DAY.isoformat()), on)


@pytest.mark.parametrize("on, state, soon", [
    (dt.date(2026, 3, 9), "open", False),
    (OPTIMAL, "open", True),
    (LATEST, "open", True),
    (dt.date(2026, 3, 14), "overdue", False),
])
def test_a_range_is_due_soon_from_the_optimal_date_and_overdue_after_the_latest(on, state, soon):
    item = tracked([OPTIMAL, LATEST], on)
    assert (item.state, item.due_soon) == (state, soon)


def test_a_single_date_is_both_ends_of_the_range():
    single = action(OPTIMAL)
    assert (single.due, single.latest) == (OPTIMAL, OPTIMAL)
    assert (tracked(OPTIMAL, OPTIMAL).state, tracked(OPTIMAL, OPTIMAL).due_soon) == ("open", True)
    assert tracked(OPTIMAL, dt.date(2026, 3, 11)).state == "overdue"


@pytest.mark.parametrize("done, days_late", [
    (dt.date(2026, 3, 8), -2),  # before the optimal date: early
    (dt.date(2026, 3, 12), 0),  # within the range: on time
    (dt.date(2026, 3, 15), 2),  # after the latest date: late by the days past it
])
def test_done_is_early_on_time_or_late_against_the_range(done, days_late):
    assert tracked([OPTIMAL, LATEST], dt.date(2026, 3, 31), done).days_late == days_late


def deliverable(delivered: dt.date | None) -> Deliverable:
    return Deliverable("Banners", OPTIMAL, delivered, 0, LATEST)


@pytest.mark.parametrize("delivered, as_of, state, days_late, soon", [
    (None, dt.date(2026, 3, 9), "open", None, False),
    (None, dt.date(2026, 3, 11), "open", None, True),
    (None, dt.date(2026, 3, 15), "overdue", 2, False),
    (dt.date(2026, 3, 13), dt.date(2026, 3, 15), "on-time", 0, False),
    (dt.date(2026, 3, 14), dt.date(2026, 3, 15), "late", 1, False),
    (dt.date(2026, 3, 9), dt.date(2026, 3, 15), "on-time", -1, False),
])
def test_deliverables_follow_the_same_range(delivered, as_of, state, days_late, soon):
    status = campaigns.deliverable_status(deliverable(delivered), 2, as_of)
    assert (status.state, status.days_late, status.due_soon) == (state, days_late, soon)


# --- in the files ---------------------------------------------------------------------------

NOTE = "content/acme/meetings/2026-03-02-check-in.md"
DELIVERABLES = "campaigns/acme/spring/deliverables.csv"


def problems(root) -> list[str]:
    with pytest.raises(InvalidSource) as caught:
        pipeline.load(root)
    return [str(p) for p in caught.value.problems]


def test_a_note_may_give_a_due_range(agency):
    path = agency / NOTE
    path.write_text(path.read_text(encoding="utf-8").replace("    due: 2026-03-03", "    due: [2026-03-03, 2026-03-06]"), encoding="utf-8")
    client = next(c for c in pipeline.load(agency).agency.clients if c.slug == "acme")
    a2 = next(a for m in client.meetings for a in m.spec.actions if a.id == "a2")
    assert (a2.due, a2.latest) == (dt.date(2026, 3, 3), dt.date(2026, 3, 6))


@pytest.mark.parametrize("due, message", [
    ("[2026-03-06, 2026-03-03]", "'actions.1.due': the latest date 2026-03-03 is before the optimal date 2026-03-06: write [optimal, latest]"),
    ("[2026-03-03, 2026-03-04, 2026-03-05]", "'actions.1.due': expected a date, or [optimal, latest] as two dates"),
    ("[2026-03-03, 2026-02-30]", "'actions.1.due': expected a real date as YYYY-MM-DD, or [optimal, latest] as two dates"),
    ("[2026-03-01, 2026-03-06]", "action 'a2': due 2026-03-01 is before the meeting (2026-03-02)"),
])
def test_a_bad_due_range_names_the_line(agency, due, message):
    path = agency / NOTE
    path.write_text(path.read_text(encoding="utf-8").replace("    due: 2026-03-03", f"    due: {due}"), encoding="utf-8")
    assert any(line.startswith(f"{NOTE}:19: {message}") for line in problems(agency)), problems(agency)


def test_deliverables_csv_may_have_a_latest_column(agency):
    write(agency, DELIVERABLES, "name,due,latest,delivered,revisions\nBanners,2026-03-03,2026-03-05,,1\nVideo,2026-03-04,,,0\n")
    campaign = next(c for c in pipeline.load(agency).agency.clients if c.slug == "acme").campaigns[0]
    assert [(d.name, d.due, d.latest) for d in campaign.deliverables] == [
        ("Banners", dt.date(2026, 3, 3), dt.date(2026, 3, 5)), ("Video", dt.date(2026, 3, 4), dt.date(2026, 3, 4)),
    ]


@pytest.mark.parametrize("row, message", [
    ("Banners,2026-03-05,2026-03-03,,1", "row 2: latest 2026-03-03 is before due 2026-03-05"),
    ("Banners,2026-03-05,soon,,1", "row 2: latest 'soon' is not a real date as YYYY-MM-DD"),
])
def test_a_bad_latest_date_names_the_row(agency, row, message):
    write(agency, DELIVERABLES, f"name,due,latest,delivered,revisions\n{row}\n")
    assert any(line.startswith(f"{DELIVERABLES}:2: {message}") for line in problems(agency)), problems(agency)


# --- on the pages ---------------------------------------------------------------------------


def test_pages_show_both_dates_of_a_range_and_say_due_soon():
    from generator import render
    from tests.support.memory import campaign, client

    note = meeting("2026-03-02", campaign="spring", actions=[
        {"id": "a1", "text": "Send the copy", "owner": "Ann", "due": ["2026-03-04", "2026-03-06"]},
        {"id": "a2", "text": "Book the shoot", "owner": "Ann", "due": "2026-03-09"},
    ])
    banners = Deliverable("Banners", dt.date(2026, 3, 3), None, 0, dt.date(2026, 3, 8))
    site = render.client_site(client(campaign(deliverables=[banners]), meetings=(note,)), dt.date(2026, 3, 5), False)
    pages = {p.path: p.markdown for p in site.pages}
    actions_page = pages["meetings/actions.md"]
    assert "| Mar 4, 2026 – Mar 6, 2026 at the latest | Send the copy | <span class=\"debrief-state debrief-state-late\">◔ Due soon</span>" in actions_page
    assert "| Mar 9, 2026 | Book the shoot | <span class=\"debrief-state debrief-state-open\">○ Open</span>" in actions_page
    assert "| Banners | Mar 3, 2026 – Mar 8, 2026 at the latest | — | <span class=\"debrief-state debrief-state-late\">◔ Due soon</span>" in pages["campaigns/spring.md"]
