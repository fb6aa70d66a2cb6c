"""``make bench``: generate an agency of N clients in a temporary folder, build it, print one table.

The figures answer the performance issue's questions: how long a full build, a
rebuild with nothing changed and a rebuild after one client's change take; how
that compares with one ``mkdocs build`` subprocess per site run one after
another; whether twice the clients take about twice the time (and the largest
internal page stays the same size); how much of the time is Debrief's own work;
and the peak memory. Every build runs as a real ``debrief build`` subprocess.
Nothing is written into the repository. Not a test: it reports, it does not
assert (``--check`` makes a missed target exit 1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .site import MANIFEST_NAME

DAYS = 92
MEETINGS_PER_CLIENT = 15
LANGUAGES = [("en", "USD"), ("en", "EUR"), ("ru", "RUB"), ("ko", "KRW"), ("zh", "CNY")]
CURRENCY_SCALE = {"USD": 1, "EUR": 1, "RUB": 90, "KRW": 1300, "CNY": 7}
CAMPAIGNS = [  # slug, name, start, end (the metrics cover the first 92 days)
    ("summer-push", "Summer Push", dt.date(2026, 6, 1), dt.date(2026, 8, 31)),
    ("holiday-season", "Holiday Season", dt.date(2026, 9, 1), dt.date(2026, 12, 31)),
]
PEOPLE = ["Emma Clarke", "Priya Nair", "Tom Becker", "Lena Ortiz", "Marco Rossi", "Julia Hart", "Sam Whitaker"]
MEETING_PLAN = [  # days after the campaign start, type, visibility
    (-10, "pre-launch", "client"), (14, "weekly", "client"), (30, "check-in", "client"), (45, "weekly", "client"),
    (60, "retro", "client"), (95, "post-mortem", "internal"), (100, "post-mortem", "client"),
    (-8, "pre-launch", "client"), (13, "weekly", "client"), (31, "check-in", "client"), (48, "quarterly-review", "client"),
    (58, "retro", "client"), (66, "check-in", "internal"), (75, "weekly", "client"), (85, "meeting", "client"),
]
ANSWERS = {
    "pre-launch": ["primary-goal", "success-failure", "kpis", "risks"],
    "check-in": ["tracking", "adjustments", "surprises", "overages"],
    "post-mortem": ["goals-met", "success-or-failure", "communication", "changes-next-time"],
    "quarterly-review": ["activity", "results", "plans"],
    "weekly": ["done", "next-week"],
}
TAGS = ["budget-pacing", "approval-workflow", "creative", "channels", "planning", "reporting"]


# --- the generated agency -----------------------------------------------------------------


def write_agency(root: Path, clients: int, seed: int = 7) -> Path:
    """Write ``clients`` clients under ``root`` (campaigns/ and content/); returns ``root``."""
    for index in range(clients):
        write_client(root, index, random.Random(seed * 100_003 + index))
    return root


def client_slug(index: int) -> str:
    return f"client-{index:04d}"


def write_client(root: Path, index: int, rng: random.Random) -> None:
    slug = client_slug(index)
    language, currency = LANGUAGES[index % len(LANGUAGES)]
    scale = CURRENCY_SCALE[currency]
    manager = PEOPLE[index % len(PEOPLE)]
    _write(root / "campaigns" / slug / "client.yml", (
        f"name: Client {index:04d} Holdings\nlanguage: {language}\ncurrency: {currency}\naccount_manager: {manager}\n"
        f"brand:\n  color: \"#{rng.randrange(0x202020, 0xC0C0C0):06X}\"\n"
        f"fee:\n  monthly: {12000 * scale}\n  floating_share: 0.3\n  score: csi\n  zero_at: 60\n  full_at: 90\n"
    ))
    for slug_, name, start, end in CAMPAIGNS:
        write_campaign(root / "campaigns" / slug / slug_, name, start, end, scale, rng)
    for number, (offset, kind, visibility) in enumerate(MEETING_PLAN):
        campaign = CAMPAIGNS[0] if number < 7 else CAMPAIGNS[1]
        write_meeting(root / "content" / slug / "meetings", slug, number, campaign, offset, kind, visibility, rng)
    for quarter, day in enumerate([dt.date(2026, 3, 31), dt.date(2026, 6, 30), dt.date(2026, 9, 30), dt.date(2026, 11, 30)]):
        write_survey(root / "content" / slug / "surveys", day, "csi" if quarter % 2 else "nps", rng)


def write_campaign(folder: Path, name: str, start: dt.date, end: dt.date, scale: int, rng: random.Random) -> None:
    rows, totals = ["date,channel,impressions,clicks,conversions,spend"], {"conversions": 0, "spend": 0.0}
    for offset in range(DAYS):
        day = (start + dt.timedelta(days=offset)).isoformat()
        for channel, base in (("search", 12000), ("social", 28000)):
            impressions = int(base * rng.uniform(0.8, 1.2))
            clicks = int(impressions * rng.uniform(0.015, 0.035))
            conversions = int(clicks * rng.uniform(0.03, 0.07))
            spend = round(clicks * rng.uniform(0.6, 1.1) * scale, 2)
            totals["conversions"] += conversions
            totals["spend"] += spend
            rows.append(f"{day},{channel},{impressions},{clicks},{conversions},{spend:.2f}")
    _write(folder / "metrics.csv", "\n".join(rows) + "\n")
    target = int(totals["conversions"] * rng.uniform(0.9, 1.3) * (end - start).days / DAYS)
    months = {}
    day = start
    while day <= end:
        months[day.strftime("%Y-%m")] = months.get(day.strftime("%Y-%m"), 0) + 1
        day += dt.timedelta(days=1)
    total_days = sum(months.values())
    plan = "".join(f"      {month}: {round(target * days / total_days)}\n" for month, days in months.items())
    _write(folder / "campaign.yml", (
        f"name: {name}\nstart: {start.isoformat()}\nend: {end.isoformat()}\n"
        f"objectives:\n  primary: Grow online sales during {name.lower()}\n  secondary: [Grow the e-mail list]\n"
        f"success: Monthly plan met, cost per order at or under target.\nfailure: Orders more than 20% behind plan.\n"
        f"budget: {round(totals['spend'] * rng.uniform(0.9, 1.4) * (end - start).days / DAYS)}\nhours: 600\n"
        f"revision_rounds: 2\nkpis:\n"
        f"  - id: conversions\n    name: Orders\n    metric: conversions\n    target: {target}\n    plan:\n{plan}"
        f"  - id: cpa\n    name: Cost per order\n    ratio: [spend, conversions]\n"
        f"    target: {round(totals['spend'] / max(totals['conversions'], 1) * rng.uniform(0.9, 1.1), 2)}\n"
        f"    better: lower\n    unit: currency\n"
        f"  - id: ctr\n    name: Click-through rate\n    ratio: [clicks, impressions]\n    target: 0.022\n    unit: percent\n"
    ))


def write_meeting(
    folder: Path, client: str, number: int, campaign: tuple, offset: int, kind: str, visibility: str, rng: random.Random,
) -> None:
    campaign_slug, name, start, _ = campaign
    day = start + dt.timedelta(days=offset)
    lines = [
        "---", f"date: {day.isoformat()}", f"type: {kind}", f"title: {name} — {kind.replace('-', ' ')} {number + 1}",
        f"campaign: {campaign_slug}", f"visibility: {visibility}", f"attendees: [{', '.join(rng.sample(PEOPLE, 4))}]",
    ]
    if kind in ANSWERS:
        lines.append("answers:")
        lines += [f"  {key}: {_sentence(rng)}" for key in ANSWERS[kind]]
    if kind == "retro":
        lines += ["retro:", f"  went-well: [{_sentence(rng)}]", f"  to-improve: [{_sentence(rng)}]",
                  f"  did-not-work: [{_sentence(rng)}]"]
    lines += ["decisions:", f"  - {_sentence(rng)}", f"  - {_sentence(rng)}", "actions:"]
    for item in range(2):
        due = day + dt.timedelta(days=rng.randrange(3, 15))
        lines += [f"  - id: m{number}-{item}", f"    text: {_sentence(rng)}", f"    owner: {rng.choice(PEOPLE)}",
                  f"    due: {due.isoformat()}"]
        if rng.random() < 0.7:
            lines.append(f"    done: {(due + dt.timedelta(days=rng.randrange(-2, 4))).isoformat()}")
    lines += ["lessons:", f"  - text: {_sentence(rng)}", f"    tags: [{rng.choice(TAGS)}]", "---", ""]
    lines += [" ".join(_sentence(rng) for _ in range(5)), "", " ".join(_sentence(rng) for _ in range(4)), ""]
    _write(folder / f"{day.isoformat()}-{kind}-{number + 1}.md", "\n".join(lines))


def write_survey(folder: Path, day: dt.date, kind: str, rng: random.Random) -> None:
    lines = [f"date: {day.isoformat()}", f"kind: {kind}", "conducted_by: Daniel Foster", "responses:"]
    for respondent in ("Ada Park", "Ben Stone", "Cleo Ray", "Dan Wu", "Eve Moss"):
        if kind == "nps":
            lines.append(f"  - {{respondent: {respondent}, score: {rng.randrange(5, 11)}, comment: {_sentence(rng)}}}")
        else:
            ratings = ", ".join(f"{aspect}: [{rng.randrange(3, 6)}, {rng.randrange(2, 6)}]"
                                for aspect in ("communication", "quality", "speed"))
            lines.append(f"  - {{respondent: {respondent}, ratings: {{{ratings}}}}}")
    _write(folder / f"{day.isoformat()}-{kind}.yml", "\n".join(lines) + "\n")


WORDS = ("orders search social budget creative approval landing page plan pacing results week client team "
         "launch bids audience reach conversion tracking copy photos report forecast").split()


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randrange(6, 14))
    return " ".join(words).capitalize() + "."


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
