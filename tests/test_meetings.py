"""Meetings, action items, retros, satisfaction and lessons: real builds of a small agency.

The agency of tests/support/agency.py plus a few notes that make each rule visible: a weekly
meeting and three retros after the check-in (carried-over actions, recurring themes),
a client post-mortem beside the internal one, and a CSI survey with awkward decimals.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import pipeline
from generator.render import base as render_base
from tests.support.agency import make_agency, write
from tests.support.git import git
from tests.support.pages import html, text_of
from tests.support.run import cli

WEEKLY = """\
---
date: 2026-03-04
type: weekly
answers:
  done: Banner drafts
---
"""

RETRO = """\
---
date: {date}
type: retro
campaign: spring
retro:
  went-well: [Fast launch]
  to-improve: [{item}]
  did-not-work: []
lessons:
  - text: {lesson}
    tags: {tags}
---
"""

CLIENT_POST_MORTEM = """\
---
date: 2026-03-12
type: post-mortem
campaign: spring
answers:
  goals-met: Half the orders we aimed for.
  feedback: Good reports.
---
"""

CSI_SURVEY = """\
date: 2026-03-11
kind: csi
conducted_by: Carl Researcher
responses:
  - respondent: A
    ratings: {speed: [4, 4], quality: [3, 2]}
  - respondent: B
    ratings: {speed: [5, 5]}
"""

CSI_FEE = """\
fee:
  monthly: 12345.67
  floating_share: 0.3
  score: csi
  zero_at: 60
  full_at: 90
"""


INTERNAL_ACTION_NOTE = """\
    ---
    date: 2026-03-03
    type: post-mortem
    visibility: internal
    actions:
      - {id: secret-1, text: Renegotiate the margin, owner: Ann Manager, due: 2026-03-20}
    ---
    """
"""An internal note with an open action: it must never reach a client's site or note."""


def meetings_agency(root: Path) -> Path:
    make_agency(root)
    write(root, "content/acme/meetings/2026-03-04-weekly.md", WEEKLY)
    retros = [
        ("2026-03-06", "Slow approvals", "Approvals need a deadline", "[approval]"),
        ("2026-03-08", "slow approvals.", "Name one approver", "[approval, process]"),
        ("2026-03-09", "SLOW   approvals!", "Keep the retro short", "[]"),
    ]
    for date, item, lesson, tags in retros:
        write(root, f"content/acme/meetings/{date}-retro.md", RETRO.format(date=date, item=item, lesson=lesson, tags=tags))
    write(root, "content/acme/meetings/2026-03-12-post-mortem.md", CLIENT_POST_MORTEM)
    write(root, "content/acme/surveys/2026-03-11-csi.yml", CSI_SURVEY)
    client_yml = root / "campaigns/acme/client.yml"
    text = client_yml.read_text()
    client_yml.write_text(text[: text.index("fee:")] + CSI_FEE)
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = meetings_agency(tmp_path_factory.mktemp("meetings") / "agency")
    out = root / "site"
    pipeline.build(root, out, as_of=dt.date(2026, 3, 12))  # after the campaign's end: outcomes are final
    return out


def section(html: str, heading_id: str) -> str:
    """The HTML from the heading with this id up to the next h2."""
    start = html.index(f'id="{heading_id}"')
    end = html.find("<h2", start)
    return html[start: end if end != -1 else len(html)]


# --- action items -----------------------------------------------------------------------


def test_carried_over_actions_are_those_open_on_each_meeting_date(site):
    weekly = section(html(site, "acme/meetings/2026-03-04-weekly.html"), "carried-over-from-earlier-meetings")
    assert "Approve the landing page" in weekly and "Send the new banner" in weekly
    retro = section(html(site, "acme/meetings/2026-03-06-retro.html"), "carried-over-from-earlier-meetings")
    assert "Approve the landing page" in retro
    assert "Send the new banner" not in retro  # done on March 5, before this meeting
    check_in = html(site, "acme/meetings/2026-03-02-check-in.html")
    assert 'id="carried-over-from-earlier-meetings"' not in check_in  # nothing before the first meeting


def test_carried_over_state_is_the_state_on_that_day(site):
    weekly = text_of(section(html(site, "acme/meetings/2026-03-04-weekly.html"), "carried-over-from-earlier-meetings"))
    # a2 was due March 3: overdue on March 4. a1 is due March 4: still open that day.
    assert re.search(r"Mar 3, 2026 Approve the landing page Bob Client ✗ Overdue", weekly), weekly
    assert re.search(r"Mar 4, 2026 Send the new banner Ann Manager ◔ Due soon", weekly), weekly  # its due day


def test_register_groups_by_owner_with_days_late(site):
    register = html(site, "acme/meetings/actions.html")
    ann = text_of(section(register, "ann-manager"))
    bob = text_of(section(register, "bob-client"))
    assert "Send the new banner" in ann and "Done 1 day late" in ann
    assert "Approve the landing page" in bob and "Overdue" in bob
    assert register.index('id="ann-manager"') < register.index('id="bob-client"')


def test_client_register_leaves_out_internal_actions(tmp_path):
    root = make_agency(tmp_path / "agency")
    write(root, "content/acme/meetings/2026-03-03-post-mortem.md", INTERNAL_ACTION_NOTE)
    out = root / "site"
    pipeline.build(root, out, only=("acme",))
    assert "Renegotiate the margin" not in html(out, "acme/meetings/actions.html")
    assert "Renegotiate the margin" in html(out, "internal/acme/meetings/actions.html")


# --- checklists, rhythm, themes, post-mortems ------------------------------------------


def test_checklist_completeness_on_internal_meeting_page_only(site):
    internal = html(site, "internal/acme/meetings/2026-03-02-check-in.html")
    assert "Checklist: 1 of 6 questions answered" in internal
    assert "Any surprises, positive or negative?" in internal  # an unanswered question, by its text
    client = html(site, "acme/meetings/2026-03-02-check-in.html")
    assert "Checklist" not in client
    health = text_of(html(site, "internal/acme/meetings/health.html"))
    assert "1 / 6 (17%)" in health
    assert "2 / 7 (29%)" in health  # the client post-mortem answers two of seven


def test_recurring_retro_themes_by_text_and_by_tag(site):
    themes = text_of(section(html(site, "internal/acme/meetings/health.html"), "recurring-retro-themes"))
    assert re.search(r"Slow approvals 3 What could be improved\?", themes), themes  # same text, any case and punctuation
    assert re.search(r"Fast launch 3 What went well\?", themes), themes
    assert re.search(r"approval 2 lesson tag", themes), themes
    assert "process" not in themes  # raised once only


def test_post_mortems_link_each_other_internally(site):
    internal_pm = html(site, "internal/acme/meetings/2026-03-03-post-mortem.html")
    client_pm = html(site, "internal/acme/meetings/2026-03-12-post-mortem.html")
    assert 'href="2026-03-12-post-mortem.html"' in internal_pm
    assert 'href="2026-03-03-post-mortem.html"' in client_pm
    assert "2026-03-03-post-mortem" not in html(site, "acme/meetings/2026-03-12-post-mortem.html")


def test_post_mortem_shows_final_kpi_outcome_from_data(site):
    outcome = text_of(section(html(site, "acme/meetings/2026-03-12-post-mortem.html"), "campaign-outcome"))
    # 5 days of 10 orders against 100; $400 / 50 orders = $8.00 under $10; 500 / 10,000 clicks = 5.00 %.
    assert "Orders 100 50 ✗ Missed" in outcome
    assert "Cost per order $10.00 (lower is better) $8.00 ✓ Met" in outcome
    assert "Click-through rate 5.00% 5.00% ✓ Met" in outcome


@pytest.mark.parametrize("as_of, expected", [("2026-04-15", 1), ("2026-06-20", 3), ("2026-03-20", 0)])
def test_overdue_meeting_types_at_as_of(tmp_path, as_of, expected):
    root = make_agency(tmp_path / "agency")
    campaign = root / "campaigns/acme/spring/campaign.yml"
    campaign.write_text(campaign.read_text().replace("end: 2026-03-10", "end: 2026-06-30"))
    write(root, "content/acme/meetings/2026-06-01-check-in.md",  # internal: does not count
          "---\ndate: 2026-06-01\ntype: check-in\nvisibility: internal\n---\n")
    out = root / "site"
    pipeline.build(root, out, only=("acme",), as_of=dt.date.fromisoformat(as_of))
    health = html(out, "internal/acme/meetings/health.html")
    assert health.count("debrief-state-overdue") == expected
    rhythm = html(out, "internal/rhythm.html")
    acme_row = rhythm[rhythm.index('href="acme/meetings/health.html"'):].split("</tr>")[0]
    assert acme_row.count("debrief-state-overdue") == expected


def test_overdue_days_are_exact(tmp_path):
    root = make_agency(tmp_path / "agency")
    campaign = root / "campaigns/acme/spring/campaign.yml"
    campaign.write_text(campaign.read_text().replace("end: 2026-03-10", "end: 2026-06-30"))
    out = root / "site"
    pipeline.build(root, out, only=("acme",), as_of=dt.date(2026, 6, 20))
    health = text_of(section(html(out, "internal/acme/meetings/health.html"), "meeting-rhythm"))
    # last check-in March 2 (110 days), no review since the start on March 1 (111), last survey March 5 (107)
    assert "In-flight check-in: Spring Launch Mar 2, 2026 110 30 days ✗ Overdue by 80 days" in health
    assert "Quarterly review never (counted from Mar 1, 2026) 111 100 days ✗ Overdue by 11 days" in health
    assert "Satisfaction survey Mar 5, 2026 107 92 days ✗ Overdue by 15 days" in health


# --- satisfaction -----------------------------------------------------------------------


def test_nps_and_csi_to_one_decimal(site):
    surveys = text_of(section(html(site, "acme/satisfaction.html"), "every-survey"))
    # NPS: 2 promoters, 1 detractor of 4 = 25.0. CSI: A (16 + 6) / 35 = 62.86, B 100: mean 81.43.
    assert "Mar 11, 2026 CSI 81.4 2 — Carl Researcher" in surveys
    assert "Mar 5, 2026 NPS 25.0 4 2 · 1 · 1 Carl Researcher" in surveys
    aspects = text_of(section(html(site, "acme/satisfaction.html"), "csi-per-aspect"))
    assert "quality 40.0" in aspects and "speed 91.1" in aspects  # speed: 41 / 45


def test_fee_to_the_cent_with_its_formula(site):
    fee = text_of(section(html(site, "acme/satisfaction.html"), "fee"))
    assert "Fixed part $12,345.67 × (1 − 30%) $8,641.97" in fee
    assert "Floating part, at most $12,345.67 × 30% $3,703.70" in fee
    assert "Floating part earned $3,703.70 × (81.4 − 60) ÷ (90 − 60) $2,641.97" in fee
    assert "Monthly fee $8,641.97 + $2,641.97 $11,283.94" in fee


def test_satisfaction_charts_are_embedded(site):
    page = html(site, "acme/satisfaction.html")
    assert page.count('class="debrief-chart"') == 3  # NPS, CSI, CSI per aspect


# --- history and lessons ---------------------------------------------------------------


def test_timeline_lists_meetings_campaign_and_surveys_with_filters(site):
    history = html(site, "acme/meetings/index.html")
    items = re.findall(r'<li class="debrief-event[^"]*" data-type="([^"]*)" data-campaign="([^"]*)"', history)
    assert ("retro", "spring") in items and ("weekly", "") in items and ("survey", "") in items
    assert items.count(("campaign", "spring")) == 2  # start and end
    assert ("post-mortem", "spring") in items and len([i for i in items if i[0] == "post-mortem"]) == 1  # internal one left out
    assert '<option value="retro">Retrospective</option>' in history


def test_timeline_filter_in_a_browser(site, browser):
    page_ = browser.new_page()
    errors = []
    page_.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page_.goto((site / "acme/meetings/index.html").as_uri())
    page_.select_option("select[data-filter=type]", "retro")
    assert page_.locator(".debrief-timeline li:visible").count() == 3
    page_.select_option("select[data-filter=type]", "")
    page_.select_option("select[data-filter=campaign]", "spring")
    visible = page_.locator(".debrief-timeline li:visible").count()
    assert visible == 7  # check-in, 3 retros, post-mortem, start, end
    assert "7 of 10 shown" in page_.locator(".debrief-filter-count").inner_text()
    assert errors == []
    page_.close()


def test_lessons_library_has_tag_pages_linking_to_meetings(site):
    library = html(site, "internal/lessons/index.html")
    assert 'href="tags/approval.html"' in library
    assert "Quote more hours for approvals" in library  # internal lessons included
    tag_page = html(site, "internal/lessons/tags/approval.html")
    assert "Approvals need a deadline" in tag_page and "Name one approver" in tag_page
    assert "Keep the retro short" not in tag_page
    assert 'href="../../acme/meetings/2026-03-06-retro.html"' in tag_page
    assert (site / "internal/acme/meetings/2026-03-06-retro.html").is_file()
    search = html(site, "internal/search/search_index.json")
    assert "Approvals need a deadline" in search


def test_client_lessons_only_from_client_notes(site):
    lessons = html(site, "acme/lessons.html")
    assert "Search converts better than social" in lessons
    assert "Quote more hours for approvals" not in lessons


def test_meeting_page_shows_when_the_note_was_written_and_changed(tmp_path):
    root = make_agency(tmp_path / "agency")
    git(root, "init", "-q", date="2026-03-02T10:00:00")
    git(root, "add", ".", date="2026-03-02T10:00:00")
    git(root, "commit", "-q", "-m", "notes", date="2026-03-02T10:00:00")
    note = root / "content/acme/meetings/2026-03-02-check-in.md"
    note.write_text(note.read_text() + "\nA later addition.\n")
    git(root, "commit", "-q", "-am", "more", date="2026-03-09T10:00:00")
    out = tmp_path / "site"
    pipeline.build(root, out, only=("acme",))
    assert "Note first written Mar 2, 2026 · last changed Mar 9, 2026" in text_of(html(out, "acme/meetings/2026-03-02-check-in.html"))
    assert "Note first written Mar 2, 2026" in text_of(html(out, "internal/acme/meetings/2026-03-03-post-mortem.html"))
    assert "last changed" not in text_of(html(out, "internal/acme/meetings/2026-03-03-post-mortem.html"))


def test_source_outside_git_builds_without_dates(site):
    assert "Note first written" not in html(site, "acme/meetings/2026-03-02-check-in.html")


# --- the preparation pack ---------------------------------------------------------------


@pytest.mark.parametrize("meeting_type", ["pre-launch", "check-in", "post-mortem", "retro", "quarterly-review", "weekly", "meeting"])
def test_new_meeting_note_of_every_type_validates(agency, meeting_type):
    result = cli("new", "meeting", "acme", "--type", meeting_type, "--campaign", "spring", "--date", "2026-03-06",
                 "--source", str(agency))
    assert result.exit_code == 0, result.output
    assert cli("validate", "--source", str(agency)).exit_code == 0
    loaded = pipeline.load(agency)
    acme = next(c for c in loaded.agency.clients if c.slug == "acme")
    note = next(m for m in acme.meetings if m.spec.date.isoformat() == "2026-03-06")
    assert note.spec.type == meeting_type and note.spec.campaign == "spring"


def test_preparation_pack_holds_kpi_status_open_actions_and_empty_answers(agency):
    write(agency, "content/acme/meetings/2026-03-03-post-mortem.md", INTERNAL_ACTION_NOTE)
    cli("new", "meeting", "acme", "--type", "check-in", "--campaign", "spring", "--date", "2026-03-04", "--source", str(agency))
    note = (agency / "content/acme/meetings/2026-03-04-check-in.md").read_text()
    assert "## KPI status of Spring Launch on March 4, 2026" in note
    # 4 days of data by March 4: 40 orders against 40 expected (100 over 10 days)
    assert "| Orders | 100 | 40 | 40 | 100% | On track |" in note
    assert "| Cost per order | $10.00 | $8.00 | $10.00 | 125% | On track |" in note
    assert "| a2 | Approve the landing page | Bob Client | Mar 3, 2026 | 2026-03-02-check-in | Overdue |" in note
    assert "| a1 | Send the new banner | Ann Manager | Mar 4, 2026 | 2026-03-02-check-in | Open |" in note
    assert "Renegotiate the margin" not in note  # a client note never copies internal actions
    assert '  # How is the campaign tracking against the metrics defined earlier?\n  tracking: ""' in note
    assert cli("validate", "--source", str(agency)).exit_code == 0


def test_preparation_pack_in_the_clients_language(agency):
    client_yml = agency / "campaigns/acme/client.yml"
    client_yml.write_text(client_yml.read_text().replace("language: en", "language: ru").replace("currency: USD", "currency: RUB"))
    cli("new", "meeting", "acme", "--type", "weekly", "--date", "2026-03-04", "--source", str(agency))
    note = (agency / "content/acme/meetings/2026-03-04-weekly.md").read_text()
    assert "# Что сделано за эту неделю?" in note
    assert "Spring Launch" in note  # the campaign running that day, without --campaign
    assert cli("validate", "--source", str(agency)).exit_code == 0


# --- validation of actions ----------------------------------------------------------------


@pytest.mark.parametrize("actions, expected", [
    ("  - {id: a9, text: T, owner: O, due: 2026-03-01}", ":6: action 'a9': due 2026-03-01 is before the meeting (2026-03-04)"),
    ("  - id: a9\n    text: T\n    owner: O\n    due: 2026-03-05\n    done: 2026-03-03",
     ":10: action 'a9': done 2026-03-03 is before the meeting that created it (2026-03-04)"),
    ("  - {id: a1, text: T, owner: O, due: 2026-03-05}",
     ":6: duplicate action id 'a1' (first used in content/acme/meetings/2026-03-02-check-in.md)"),
], ids=["due-before-meeting", "done-before-meeting", "duplicate-id"])
def test_action_mistakes_name_file_and_line(agency, actions, expected):
    from generator.problems import InvalidSource

    write(agency, "content/acme/meetings/2026-03-04-weekly.md", f"---\ndate: 2026-03-04\ntype: weekly\nattendees: [A]\nactions:\n{actions}\n---\n")
    with pytest.raises(InvalidSource) as caught:
        pipeline.load(agency)
    lines = [str(p) for p in caught.value.problems]
    assert "content/acme/meetings/2026-03-04-weekly.md" + expected in lines, lines


COPIED_TEXTS = [
    "<b>bold</b> and <i>italic</i>",
    "<img src=x onerror=alert(1)>",
    "[a link](javascript:alert(2)) and ![a pixel](https://tracker.invalid/p.png)",
    "*stars* and _underscores_ and `code` and **strong**",
    "&lt;script&gt;alert(3)&lt;/script&gt; &amp; &#60;b&#62;",
    "a | pipe and a back\\slash \\*",
    "<https://tracker.invalid/autolink> <!-- a comment -->",
]


class Shown(HTMLParser):
    """The text a page shows, and the tags it is made of."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def shown(html: str) -> Shown:
    parser = Shown()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("action_text", COPIED_TEXTS)
def test_a_copied_action_reads_in_the_new_note_as_it_read_in_the_old_one(agency, action_text):
    """`debrief new meeting` copies open actions into Markdown: text shown escaped on one note stays text on the next."""
    note = agency / "content/acme/meetings/2026-03-02-check-in.md"
    note.write_text(note.read_text().replace("text: Approve the landing page", f"text: {json.dumps(action_text)}"))
    cli("new", "meeting", "acme", "--type", "check-in", "--date", "2026-03-06", "--source", str(agency))
    body = (agency / "content/acme/meetings/2026-03-06-check-in.md").read_text().split("\n---\n", 1)[1]
    page = shown(render_base.note_html(body))
    assert page.tags <= {"h2", "table", "thead", "tbody", "tr", "th", "td", "p"}, page.tags
    assert action_text in " ".join("".join(page.text).split())
    assert cli("validate", "--source", str(agency)).exit_code == 0


@pytest.mark.parametrize("option, value, reason", [
    *(("--slug", slug, "is not a valid name") for slug in ["x/../../o", "../escape", "UPPER", "a b", "x\n", "-x", "a" * 65, "x.md"]),
    ("--date", "0026-03-06", "outside the years 2000 to 2100"), ("--date", "2206-03-06", "outside the years 2000 to 2100"),
])
def test_new_meeting_writes_nothing_for_a_bad_slug_or_date(agency, option, value, reason):
    before = sorted(p.relative_to(agency.parent) for p in agency.parent.rglob("*"))
    arguments = {"--slug": "weekly", "--date": "2026-03-06", option: value}
    result = cli("new", "meeting", "acme", "--type", "weekly", *(x for pair in arguments.items() for x in pair),
                 "--source", str(agency))
    assert result.exit_code == 2
    assert reason in result.output
    assert sorted(p.relative_to(agency.parent) for p in agency.parent.rglob("*")) == before
