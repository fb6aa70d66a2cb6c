"""A small agency written into a temporary folder, for tests that need real files.

Two clients with one campaign each, a few days of metrics on two channels, a
client-visible and an internal meeting, and one survey per client. Tests change
single files with ``write`` to make the case they are about.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import textwrap
from pathlib import Path

CLIENT_YML = """\
name: Acme Widgets
language: en
currency: USD
account_manager: Ann Manager
fee:
  monthly: 10000
  floating_share: 0.3
  score: nps
  zero_at: 0
  full_at: 50
"""

CAMPAIGN_YML = """\
name: Spring Launch
start: 2026-03-01
end: 2026-03-10
objectives:
  primary: Sell widgets
  secondary: [Grow the list]
success: 100 orders
failure: Under 60 orders
budget: 1000
hours: 40
revision_rounds: 2
kpis:
  - id: orders
    name: Orders
    metric: conversions
    target: 100
  - id: cpa
    name: Cost per order
    ratio: [spend, conversions]
    target: 10
    better: lower
    unit: currency
  - id: ctr
    name: Click-through rate
    ratio: [clicks, impressions]
    target: 0.05
    unit: percent
"""


def metrics_csv(days: int = 5, start: dt.date = dt.date(2026, 3, 1)) -> str:
    """Per day and channel: 1000 impressions, 50 clicks, 5 conversions, 40.00 spend."""
    rows = ["date,channel,impressions,clicks,conversions,spend"]
    for offset in range(days):
        day = (start + dt.timedelta(days=offset)).isoformat()
        rows.append(f"{day},search,1000,50,5,40.00")
        rows.append(f"{day},social,1000,50,5,40.00")
    return "\n".join(rows) + "\n"


CLIENT_MEETING = """\
---
date: 2026-03-02
type: check-in
campaign: spring
attendees: [Ann Manager, Bob Client]
answers:
  tracking: Orders are on plan.
decisions:
  - Shift budget to search
actions:
  - id: a1
    text: Send the new banner
    owner: Ann Manager
    due: 2026-03-04
    done: 2026-03-05
  - id: a2
    text: Approve the landing page
    owner: Bob Client
    due: 2026-03-03
lessons:
  - text: Search converts better than social
    tags: [channels]
---
We met on Monday. **Search** is doing well.
"""

INTERNAL_MEETING = """\
---
date: 2026-03-03
type: post-mortem
campaign: spring
visibility: internal
answers:
  goals-met: Internal view only
decisions:
  - Our margin is thin on this account
lessons:
  - text: Quote more hours for approvals
    tags: [process]
---
Internal note body.
"""

SURVEY = """\
date: 2026-03-05
kind: nps
conducted_by: Carl Researcher
responses:
  - {respondent: R1, score: 10}
  - {respondent: R2, score: 9}
  - {respondent: R3, score: 7}
  - {respondent: R4, score: 3}
"""

# An hours log and deliverables for a campaign folder: work.csv has a row before the start and one
# after the report date 2026-03-07; the deliverables are on time, late, open and over the revision rounds.
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


# The agency's e-mail settings (its mkdocs.yml) and a client's contacts (added to client.yml), for ``debrief mail``.
MAIL_CONFIG = """\
site_name: Agency
extra:
  mail:
    from: Northwind Reports <reports@northwind.example>
    reply_to: Northwind <hello@northwind.example>
    staff: team@northwind.example
    site_url: https://reports.northwind.example/
"""
CONTACTS = """\
contacts:
  - {name: Bob Client, email: bob@acme.example}
  - {name: Carol Client, email: carol@acme.example, reports: [meetings]}
"""


def csv_text(rows: list[list[str]]) -> str:
    """Rows as CSV, quoted where a cell needs it."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def make_agency(root: Path, clients: tuple[str, ...] = ("acme", "globex")) -> Path:
    """Write the small agency under ``root`` and return ``root``."""
    for slug in clients:
        name = "Acme Widgets" if slug == "acme" else slug.title() + " Corp"
        write(root, f"campaigns/{slug}/client.yml", CLIENT_YML.replace("Acme Widgets", name))
        write(root, f"campaigns/{slug}/spring/campaign.yml", CAMPAIGN_YML)
        write(root, f"campaigns/{slug}/spring/metrics.csv", metrics_csv())
        write(root, f"content/{slug}/meetings/2026-03-02-check-in.md", CLIENT_MEETING)
        write(root, f"content/{slug}/meetings/2026-03-03-post-mortem.md", INTERNAL_MEETING)
        write(root, f"content/{slug}/surveys/2026-03-05-nps.yml", SURVEY)
    return root
