"""Canary: a unique marker in every value of every client and internal note, traced through every built file.

Each client's markers may appear only in its own site (and the agency's internal
sites); markers of internal notes in no client site at all. Every file is scanned:
pages, search index, sitemap (and its .gz), 404 page, JS, CSS, JSON, chart specs,
and the file names themselves, of the sites each engine builds.
"""

from __future__ import annotations

import datetime as dt
import email
from email import policy
from pathlib import Path

import pytest

from generator import pipeline
from generator.site.engines import ENGINES
from tests.support.agency import metrics_csv, write
from tests.support.engines import by_engine
from tests.support.pages import site_text

CLIENTS = ("acme", "globex", "initech")
CLIENT_FIELDS = (
    "name", "manager", "campaign-slug", "campaign-name", "primary", "secondary", "success", "failure",
    "kpi-orders", "kpi-cpa", "kpi-ctr", "channel-a", "channel-b", "person", "role", "task", "deliverable",
    "note-slug", "title", "attendee", "answer", "decision", "action-id", "action-text", "action-owner",
    "went-well", "to-improve", "did-not-work", "lesson", "tag", "body", "respondent", "comment", "surveyor",
    "past-name",
)
INTERNAL_FIELDS = (
    "note-slug", "title", "attendee", "answer", "decision", "action-id", "action-text", "action-owner",
    "went-well", "lesson", "tag", "body",
)
MAY_BE_LEFT_OUT = {"channel-a", "channel-b", "person", "role", "task", "deliverable", "action-id", "respondent",
                   "comment", "surveyor"}
"""Values a site need not show (raw channel names, the hours log, who answered a survey).
They are still traced for leaks; every other marker must be found, so the scan cannot pass by missing them."""


def marker(client: str, field: str, internal: bool = False) -> str:
    return f"cnry-{client}-{'internal-' if internal else ''}{field}-x"


def write_client(root: Path, slug: str) -> None:
    """One client whose every free-text value (and slug) is a marker."""
    m = lambda field: marker(slug, field)  # noqa: E731
    i = lambda field: marker(slug, field, internal=True)  # noqa: E731
    campaign = m("campaign-slug")
    write(root, f"campaigns/{slug}/client.yml", f"""\
        name: Client {m('name')}
        language: en
        currency: USD
        account_manager: {m('manager')}
        """)
    write(root, f"campaigns/{slug}/{campaign}/campaign.yml", f"""\
        name: {m('campaign-name')}
        start: 2026-03-01
        end: 2026-03-10
        objectives:
          primary: {m('primary')}
          secondary: [{m('secondary')}]
        success: {m('success')}
        failure: {m('failure')}
        budget: 700
        hours: 40
        revision_rounds: 2
        kpis:
          - {{id: orders, name: {m('kpi-orders')}, metric: conversions, target: 100, plan: {{2026-03: 100}}}}
          - {{id: cpa, name: {m('kpi-cpa')}, ratio: [spend, conversions], target: 10, better: lower, unit: currency}}
          - {{id: ctr, name: {m('kpi-ctr')}, ratio: [clicks, impressions], target: 0.05, unit: percent}}
        """)
    metrics = metrics_csv().replace("search", m("channel-a")).replace("social", m("channel-b"))
    write(root, f"campaigns/{slug}/{campaign}/metrics.csv", metrics)
    # A campaign that ended before: the agency's track record every internal site compares with.
    write(root, f"campaigns/{slug}/winter/campaign.yml", f"""\
        name: {m('past-name')}
        start: 2026-01-05
        end: 2026-01-14
        objectives: {{primary: Sell}}
        success: Sold
        failure: Not sold
        budget: 1000
        hours: 10
        revision_rounds: 1
        kpis:
          - {{id: orders, name: Orders, metric: conversions, target: 100}}
          - {{id: cpa, name: Cost per order, ratio: [spend, conversions], target: 10, better: lower, unit: currency}}
        """)
    write(root, f"campaigns/{slug}/winter/metrics.csv", metrics_csv(10, dt.date(2026, 1, 5)))
    write(root, f"campaigns/{slug}/{campaign}/work.csv",
          f"date,person,role,hours,task\n2026-03-02,{m('person')},{m('role')},3,{m('task')}\n")
    write(root, f"campaigns/{slug}/{campaign}/deliverables.csv",
          f"name,due,delivered,revisions\n{m('deliverable')},2026-03-05,2026-03-05,1\n")
    for mark, visibility, day in ((m, "client", "02"), (i, "internal", "03")):
        write(root, f"content/{slug}/meetings/2026-03-{day}-{mark('note-slug')}.md", f"""\
            ---
            date: 2026-03-{day}
            type: check-in
            title: {mark('title')}
            campaign: {campaign}
            visibility: {visibility}
            attendees: [{mark('attendee')}]
            answers:
              tracking: {mark('answer')}
            decisions: [{mark('decision')}]
            actions:
              - {{id: {mark('action-id')}, text: {mark('action-text')}, owner: {mark('action-owner')}, due: 2026-03-20}}
            retro:
              went-well: [{mark('went-well')}]
              to-improve: [{m('to-improve') if visibility == 'client' else i('went-well')}]
              did-not-work: [{m('did-not-work') if visibility == 'client' else i('went-well')}]
            lessons:
              - {{text: {mark('lesson')}, tags: [{mark('tag')}]}}
            ---
            {mark('body')}
            """)
    write(root, f"content/{slug}/surveys/2026-03-05-nps.yml", f"""\
        date: 2026-03-05
        kind: nps
        conducted_by: {m('surveyor')}
        responses:
          - {{respondent: {m('respondent')}, score: 9, comment: {m('comment')}}}
          - {{respondent: R2, score: 7}}
        """)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory, engine: str) -> dict[str, str]:
    """The canary agency built with a real engine: text of each site (internal = all internal sites)."""
    root = tmp_path_factory.mktemp(f"canary-{engine}") / "agency"
    for slug in CLIENTS:
        write_client(root, slug)
    out = root / "site"
    pipeline.build(root, out, engine=engine)
    client_sites = {slug: site_text(out / slug) for slug in CLIENTS}
    return {**client_sites, "internal": site_text(out / "internal"), "internal/acme": site_text(out / "internal" / "acme")}


OUTPUT_KINDS = {
    "mkdocs": ("search/search_index.json", "sitemap.xml", "sitemap.xml.gz", "404.html"),
    "zensical": ("search.json", "sitemap.xml", "404.html"),  # Zensical writes no gzipped sitemap
}


@by_engine
def test_scan_covers_every_kind_of_output(sites, engine):
    files = sites["acme"]
    assert ENGINES[engine].search_index in OUTPUT_KINDS[engine]
    for expected in OUTPUT_KINDS[engine] + ("assets/javascripts/charts.js", "assets/stylesheets/debrief.css"):
        assert f"\n{expected}\n" in "\n" + files, expected


@by_engine
@pytest.mark.parametrize("owner", CLIENTS)
def test_client_markers_stay_in_their_own_site(sites, owner):
    markers = [marker(owner, field) for field in CLIENT_FIELDS]
    for other in CLIENTS:
        if other != owner:
            leaked = [m for m in markers if m in sites[other]]
            assert leaked == [], f"{owner}'s data in {other}'s site: {leaked}"
    shown = [m for m in markers if m in sites[owner]]
    expected = [marker(owner, f) for f in CLIENT_FIELDS if f not in MAY_BE_LEFT_OUT]
    assert sorted(set(expected) - set(shown)) == []


@by_engine
@pytest.mark.parametrize("owner", CLIENTS)
def test_internal_markers_in_no_client_site(sites, owner):
    markers = [marker(owner, field, internal=True) for field in INTERNAL_FIELDS]
    for site in CLIENTS:
        leaked = [m for m in markers if m in sites[site]]
        assert leaked == [], f"{owner}'s internal notes in {site}'s site: {leaked}"


@by_engine
@pytest.mark.parametrize("owner", CLIENTS)
def test_every_marker_in_the_internal_site(sites, owner):
    fields = [f for f in CLIENT_FIELDS if f not in MAY_BE_LEFT_OUT]
    markers = [marker(owner, f) for f in fields] + [
        marker(owner, f, internal=True) for f in INTERNAL_FIELDS if f not in MAY_BE_LEFT_OUT
    ]
    missing = [m for m in markers if m not in sites["internal"]]
    assert missing == []


STAFF_ONLY = (
    "Overspend ahead",  # the alert each canary client raises (700 budget, 800 projected)
    "Lower the daily budgets",  # its first step
    "Targets against the agency's history", "this target among the agency's past campaigns",
)
"""What alerts and the track record write into a page: on every internal client site, on no client site."""


@pytest.mark.parametrize("owner", CLIENTS)
def test_alerts_and_the_track_record_in_no_client_site(sites, owner):
    assert [text for text in STAFF_ONLY if text in sites[owner]] == []
    assert "alerts.html" not in sites[owner]


def test_alerts_and_the_track_record_on_the_internal_sites(sites):
    for text in STAFF_ONLY:
        assert sites["internal"].count(text) >= len(CLIENTS), text
    others = [marker(other, "past-name") for other in CLIENTS if other != "acme"]
    acme = sites["internal/acme"]
    assert all(name in acme for name in others)  # acme's internal pages compare with the others' past campaigns


def test_a_client_site_page_cannot_be_made_from_an_internal_model():
    from generator.compute.internal import InternalLeak, can_hold_internal
    from generator.compute.pages import alerts as alerts_page, campaign as campaign_page, meetings as meeting_pages
    from generator.render.base import Renderer, SiteContext
    from generator.i18n import Formatter
    from tests.support.memory import client

    assert not can_hold_internal(campaign_page.CampaignPage)
    assert not can_hold_internal(meeting_pages.MeetingPage)
    assert can_hold_internal(campaign_page.InternalCampaignPage)
    assert can_hold_internal(meeting_pages.InternalPostMortemPage)
    assert can_hold_internal(alerts_page.AlertsPage)
    owner = client()
    page = alerts_page.alerts_page(owner, dt.date(2026, 3, 5))
    client_site = SiteContext(owner, dt.date(2026, 3, 5), Renderer(Formatter("en"), internal=False))
    with pytest.raises(InternalLeak, match="acme/alerts.md: a client's site cannot be made from AlertsPage"):
        client_site.page("alerts.md", "Alerts", "alerts.md.j2", page)
    internal_site = SiteContext(owner, dt.date(2026, 3, 5), Renderer(Formatter("en"), internal=True))
    assert "# Alerts" in internal_site.page("alerts.md", "Alerts", "alerts.md.j2", page).markdown


# --- e-mails ---------------------------------------------------------------------------------

MAIL_CONFIG = """\
site_name: Canary agency
extra:
  mail:
    from: Canary Agency <reports@agency.example>
    staff: team@agency.example
    site_url: https://reports.agency.example/
"""
MAILED_FIELDS = ("name", "campaign-name", "kpi-orders", "decision", "action-text", "action-owner", "title")
"""Markers a client's own messages must hold (so the scan below cannot pass by finding nothing)."""


def mail_text(path: Path) -> str:
    """A message as a reader gets it: every header and every part decoded (base64, quoted-printable)."""
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    found = [f"{name}: {value}" for name, value in message.items()]
    for part in message.walk():
        found += [f"{name}: {value}" for name, value in part.items()]
        if part.get_content_maintype() == "text":
            found.append(part.get_content())
        elif not part.is_multipart():
            found.append(part.get_content().decode("latin-1"))
    return path.name + "\n" + "\n".join(found)


@pytest.fixture(scope="module")
def mails(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every message of the canary agency, per client (``digest``: the staff digest): the text of all its .eml files."""
    from generator.commands.mail import outbox

    root = tmp_path_factory.mktemp("canary-mail") / "agency"
    for slug in CLIENTS:
        write_client(root, slug)
        client_yml = root / "campaigns" / slug / "client.yml"
        client_yml.write_text(client_yml.read_text() + f"contacts:\n  - {{name: Reader, email: reader@{slug}.example}}\n")
    write(root, "mkdocs.yml", MAIL_CONFIG)
    out = root.parent / "mail"
    as_of = dt.date(2026, 3, 6)
    outbox.run(root, out, outbox.Request(due=True), as_of=as_of)
    outbox.run(root, out, outbox.Request(digest=True), as_of=dt.date(2026, 3, 21))  # the notes' actions are overdue by then
    outbox.run(root, out, outbox.Request(digest=True), as_of=dt.date(2026, 3, 5))  # the last day with data: the alerts
    for slug in CLIENTS:
        for report, period in (("monthly", "2026-03"), ("weekly", "2026-W10"), ("meeting", f"2026-03-02-{marker(slug, 'note-slug')}")):
            outbox.run(root, out, outbox.Request(client=slug, report=report, period=period), as_of=as_of)
    messages = sorted(out.glob("*.eml"))
    texts = {slug: "\n".join(mail_text(p) for p in messages if p.name.startswith(slug + ".")) for slug in CLIENTS}
    return {**texts, "digest": "\n".join(mail_text(p) for p in messages if p.name.startswith("digest."))}


def test_every_client_gets_its_weekly_monthly_and_meeting_message(mails):
    for slug in CLIENTS:
        for kind in (f"{slug}.weekly.2026-w10.eml", f"{slug}.monthly.2026-03.eml", f"{slug}.meeting.2026-03-02-"):
            assert kind in mails[slug]


@pytest.mark.parametrize("owner", CLIENTS)
def test_an_e_mail_holds_its_own_clients_content_and_nobody_elses(mails, owner):
    for other in CLIENTS:
        if other != owner:
            leaked = [m for m in (marker(other, f) for f in CLIENT_FIELDS) if m in mails[owner]]
            assert leaked == [], f"{other}'s data in {owner}'s e-mails: {leaked}"
    internal = [m for o in CLIENTS for m in (marker(o, f, internal=True) for f in INTERNAL_FIELDS) if m in mails[owner]]
    assert internal == [], f"internal notes in {owner}'s e-mails: {internal}"
    missing = [m for m in (marker(owner, f) for f in MAILED_FIELDS) if m not in mails[owner]]
    assert missing == []


def test_the_staff_digest_alone_holds_internal_content_and_goes_to_staff_only(mails):
    assert "To: team@agency.example" in mails["digest"]
    assert all(f"reader@{slug}.example" not in mails["digest"] for slug in CLIENTS)
    # the internal note's open action is overdue on 21 March: the digest lists it for every client
    assert all(marker(slug, "action-text", internal=True) in mails["digest"] for slug in CLIENTS)


def test_alerts_go_to_the_staff_digest_and_into_no_clients_message(mails):
    assert mails["digest"].count("Overspend ahead") >= len(CLIENTS) * 2  # the HTML and the text part, per client
    assert "Lower the daily budgets" in mails["digest"]
    for slug in CLIENTS:
        assert [text for text in STAFF_ONLY if text in mails[slug]] == []
