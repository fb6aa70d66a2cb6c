"""``make bench``: generate an agency of N clients in a temporary folder, build it, print one table.

The figures answer the performance issue's questions: how long a full build, a
rebuild with nothing changed and a rebuild after one client's change take, and the
same at eight times the clients; how that compares with one ``mkdocs build``
subprocess per site, run one after another and ``-j`` at a time; whether twice the
clients take about twice the time (and the largest internal page stays the same
size); how much of the time is Debrief's own work; the peak memory; and how long
``debrief serve`` takes from saving a note to serving the changed page. The same agency is then built with the second engine,
Zensical, and the two engines compared side by side. Every build runs as a real
``debrief build`` subprocess.
Nothing is written into the repository. Not a test: it reports, it does not
assert (``--check`` runs every measure twice and makes a target missed in either run exit 1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from generator import outputs
from generator.site.engines import DEFAULT_ENGINE, ENGINES
from generator.site import MANIFEST_NAME, work_root

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
SURVEY_DATES = [dt.date(2026, 3, 31), dt.date(2026, 6, 30), dt.date(2026, 9, 30), dt.date(2026, 11, 30)]
TAGS = ["budget-pacing", "approval-workflow", "creative", "channels", "planning", "reporting"]


# --- the generated agency -----------------------------------------------------------------


def write_agency(root: Path, clients: int, seed: int = 7, exports: bool = False) -> Path:
    """Write ``clients`` clients under ``root`` (campaigns/ and content/); returns ``root``.

    With ``exports`` each campaign's figures are the same, but come as a Google Ads
    export (search) and a Meta Ads export (social) instead of metrics.csv."""
    for index in range(clients):
        write_client(root, index, random.Random(seed * 100_003 + index), exports)
    return root


def client_slug(index: int) -> str:
    return f"client-{index:04d}"


def write_client(root: Path, index: int, rng: random.Random, exports: bool = False) -> None:
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
        write_campaign(root / "campaigns" / slug / slug_, name, start, end, scale, rng, exports, currency)
    for number, (offset, kind, visibility) in enumerate(MEETING_PLAN):
        campaign = CAMPAIGNS[0] if number < 7 else CAMPAIGNS[1]
        write_meeting(root / "content" / slug / "meetings", slug, number, campaign, offset, kind, visibility, rng)
    for quarter, day in enumerate(SURVEY_DATES):
        write_survey(root / "content" / slug / "surveys", day, "csi" if quarter % 2 else "nps", rng)


def write_campaign(
    folder: Path, name: str, start: dt.date, end: dt.date, scale: int, rng: random.Random, exports: bool = False,
    currency: str = "USD",
) -> None:
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
    if exports:
        write_exports(folder, rows[1:], name, currency)
    else:
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
        + (EXPORT_SOURCES if exports else "")
    ))


EXPORT_SOURCES = (
    "sources:\n  - platform: google-ads\n    files: exports/google-ads/*.csv\n    channel: search\n"
    "  - platform: meta-ads\n    files: exports/meta-ads/*.csv\n    channel: social\n"
)


def write_exports(folder: Path, rows: list[str], name: str, currency: str) -> None:
    """The metrics rows as a Google Ads "CSV (Excel)" download (UTF-16, tabs, totals rows) and a Meta export."""
    google = ["Campaign report", f"{rows[0][:10]} - {rows[-1][:10]}",
              "Day\tCampaign\tCurrency code\tImpr.\tClicks\tCost\tConversions"]
    meta = [f"Reporting starts,Reporting ends,Campaign name,Day,Results,Result indicator,Impressions,"
            f"Amount spent ({currency}),Link clicks"]
    for row in rows:
        day, channel, impressions, clicks, conversions, spend = row.split(",")
        if channel == "search":
            google.append(f"{day}\t{name} | Search\t{currency}\t\"{int(impressions):,}\"\t{clicks}\t{spend}\t{conversions}.00")
            google.append(f"{day}\tTotal: Search\t{currency}\t\"{int(impressions):,}\"\t{clicks}\t{spend}\t{conversions}.00")
        else:
            meta.append(f"{day},{day},{name} | Social,{day},{conversions},actions:offsite_conversion.fb_pixel_purchase,"
                        f"{impressions},{spend},{clicks}")
    google.append("Total: Account\t\t\t--\t--\t--\t--")
    path = folder / "exports" / "google-ads" / f"{rows[-1][:10]}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n".join(google) + "\r\n").encode("utf-16"))
    _write(folder / "exports" / "meta-ads" / f"{rows[-1][:10]}.csv", "\ufeff" + "\n".join(meta) + "\n")


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


# --- measuring ------------------------------------------------------------------------------


class ProcessTree:
    """Samples a process and all its descendants: the largest memory total, and the CPU time each used.

    Each process counts its proportional set size (shared pages split between the
    processes sharing them) where Linux reports it, else its resident set size.
    Build workers are the forkserver's children, not ours, so their CPU time is read
    from /proc while they run (the last sampling interval of each is missed).
    """

    def __init__(self, pid: int, interval: float = 0.05):
        self.pid, self.interval, self.peak = pid, interval, 0
        self.cpu_ticks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> tuple[int, float]:
        """Peak bytes, CPU seconds."""
        self._stop.set()
        self._thread.join()
        return self.peak, sum(self.cpu_ticks.values()) / os.sysconf("SC_CLK_TCK")

    def _run(self) -> None:
        while not self._stop.is_set():
            pids = _tree(self.pid)
            self.peak = max(self.peak, sum(_memory(pid) for pid in pids))
            for pid in pids:
                self.cpu_ticks[pid] = max(self.cpu_ticks.get(pid, 0), _cpu_ticks(pid))
            self._stop.wait(self.interval)


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime, stime
    except (OSError, IndexError, ValueError):
        return 0


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _memory(pid: int) -> int:
    """Bytes of memory of one process (0 once it is gone)."""
    for name, field_name in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
                if line.startswith(field_name):
                    return int(line.split()[1]) * 1024
        except (OSError, ValueError):
            continue
    return 0


@dataclass
class Run:
    seconds: float
    cpu: float
    """CPU seconds of every process of the run: unlike wall time, not inflated by other work on the machine."""
    peak_bytes: int = 0
    built: int = 0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def debrief(*arguments: str) -> Run:
    """One real ``debrief`` command in a subprocess: its times, peak memory and the number of sites it built."""
    command = [sys.executable, "-m", "generator.cli", *arguments]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_environment())
    tree = ProcessTree(process.pid)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    peak, cpu = tree.stop()
    if process.returncode != 0:
        raise SystemExit(f"debrief {arguments[0]} failed:\n{stdout}\n{stderr}")
    return Run(seconds, cpu, peak, sum(1 for line in stderr.splitlines() if " built " in line))


def debrief_build(agency: Path, out: Path, jobs: int, engine: str = DEFAULT_ENGINE) -> Run:
    return debrief("build", "--source", str(agency), "--out", str(out), f"-j{jobs}", "--engine", engine)


BY_HAND = {"mkdocs": ("mkdocs", "build", "-q", "-f"), "zensical": ("zensical", "build", "-f")}
"""Each engine's own command that builds a work folder's mkdocs.yml, as a person would run it."""


def one_by_one(work_root: Path, engine: str = DEFAULT_ENGINE) -> Run:
    """The baseline: every site's work folder built by its own ``mkdocs build`` (or ``zensical build``)
    process, one after another."""
    started, cpu = time.perf_counter(), _children_cpu()
    for config in sorted(work_root.glob("*/mkdocs.yml")):
        subprocess.run([sys.executable, "-m", *BY_HAND[engine], str(config)], check=True, env=_environment(),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(config.parent / ".cache", ignore_errors=True)  # Zensical's page cache: disk space only
    return Run(time.perf_counter() - started, _children_cpu() - cpu)


def side_by_side(work_root: Path, jobs: int) -> Run:
    """The fair baseline: the same ``mkdocs build`` process per site, ``jobs`` of them at a time, so that a speed-up
    over it is Debrief's own and not only the cores'."""
    configs = sorted(work_root.glob("*/mkdocs.yml"))
    started, cpu = time.perf_counter(), _children_cpu()
    running: list[subprocess.Popen] = []
    for config in configs:
        while len(running) >= jobs:
            running.pop(0).wait()
        running.append(subprocess.Popen([sys.executable, "-m", *BY_HAND[DEFAULT_ENGINE], str(config)], env=_environment(),
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for process in running:
        process.wait()
    return Run(time.perf_counter() - started, _children_cpu() - cpu)


def _environment() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}


def largest_page(folder: Path) -> int:
    return max((p.stat().st_size for p in outputs.files_in(folder) if p.suffix == ".html"), default=0)


def manifest(out: Path) -> dict:
    return json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))


def edit_one_note(agency: Path, marker: str) -> tuple[Path, str]:
    """A word added to the first client's first meeting note; the note and its page in the client's site."""
    note = sorted((agency / "content" / client_slug(0) / "meetings").glob("*.md"))[0]
    text = note.read_text(encoding="utf-8")
    note.write_text(text.rstrip("\n") + f" {marker}\n", encoding="utf-8")
    return note, f"meetings/{note.stem}.html"


def preview_reload(clients: int, root: Path, saves: int = 5) -> list[Row]:
    """``debrief serve`` on an agency of ``clients``: from saving a meeting note to the served page having changed.

    The page is fetched as the browser's reload would fetch it, as soon as the server answers the long poll
    that tells the open tab a newer build is there (so this is save -> rebuilt -> page served again)."""
    agency = write_agency(root / f"agency-preview-{clients}", clients)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "generator.cli", "serve", client_slug(0), "--source", str(agency), "--port", str(port)]
    server = subprocess.Popen(command, env=_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tree = ProcessTree(server.pid)
    base = f"http://127.0.0.1:{port}"
    try:
        _served(base + "/index.html", lambda page: True, timeout=600)
        times, cpu_before = [], _cpu_ticks(server.pid)
        for save in range(saves):
            time.sleep(1.0)  # as a person types between saves
            started = time.perf_counter()
            _, page = edit_one_note(agency, f"preview-marker-{save}")
            _served(f"{base}/{page}", lambda text, save=save: f"preview-marker-{save}" in text, timeout=120)
            times.append(time.perf_counter() - started)
        cpu = (_cpu_ticks(server.pid) - cpu_before) / os.sysconf("SC_CLK_TCK") / saves
    finally:
        server.terminate()
        server.wait(timeout=60)
        tree.stop()
        shutil.rmtree(agency, ignore_errors=True)
    median = sorted(times)[len(times) // 2]
    return [Row(f"preview: save a note -> served page changed, {clients} clients (median of {saves})",
                f"{median:.2f} s", f"{cpu:.2f} s", "< 1 s", median < 1.0)]


def _served(url: str, ready, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                text = response.read().decode("utf-8")
            if ready(text):
                return text
        except OSError:
            pass
        time.sleep(0.01)
    raise SystemExit(f"gave up waiting for {url}")


def built_and_rebuilt(root: Path, clients: int, jobs: int) -> tuple[Path, Path, Run, Run, Run]:
    """An agency of ``clients`` (its folder, its output) built from nothing, again with nothing changed, and after
    one client's change: the same three builds at every size the ratios compare."""
    agency = write_agency(root / f"agency-{clients}", clients)
    out = agency / "site"
    full = debrief_build(agency, out, jobs)
    unchanged = debrief_build(agency, out, jobs)
    change_one_client(agency)
    return agency, out, full, unchanged, debrief_build(agency, out, jobs)


def at_scale(clients: int, large: int, jobs: int, root: Path, one: Run) -> list[Row]:
    """The same one-client change at ``large`` clients as at ``clients`` (``one``), the no-change rebuild there,
    and the full build's peak memory."""
    agency, out, full, unchanged, changed = built_and_rebuilt(root, large, jobs)
    published = publish_cost(agency, out, jobs)
    shutil.rmtree(agency, ignore_errors=True)
    peak = full.peak_bytes / 2**20
    return [
        _time(f"full build: {large} clients", full),
        Row(f"peak memory, {large} clients (all processes)", f"{peak:.0f} MB", "", "< 1536 MB", peak < 1536),
        Row(f"no-change rebuild, {large} clients ({unchanged.built} sites built)", f"{unchanged.seconds:.2f} s",
            f"{unchanged.cpu:.2f} s", "< 1 s", unchanged.seconds < 1.0),
        Row(f"one-client change, {large} vs {clients} clients ({changed.built} sites built)",
            f"{changed.seconds / one.seconds:.2f} x", f"{changed.cpu / one.cpu:.2f} x", "<= 1.3 x",
            changed.seconds <= 1.3 * one.seconds),
        published,
    ]


def change_one_client(agency: Path) -> None:
    """One more order on the last day of the first client's running campaign: the day-to-day change.

    Not an ended campaign: every internal site compares its targets with the ended ones
    (the track record), so a change there rightly makes all of them again."""
    path = agency / "campaigns" / client_slug(0) / CAMPAIGNS[1][0] / "metrics.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[-1].split(",")
    cells[4] = str(int(cells[4]) + 1)
    lines[-1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


PUBLISH_TIMED = """
import sys, time
from generator.site import build
publish = build.publish
def timed(*arguments):
    started = time.perf_counter()
    publish(*arguments)
    print(f"publish took {time.perf_counter() - started}", file=sys.stderr)
build.publish = timed
from generator.cli import main
sys.exit(main(sys.argv[1:]))
"""
"""``debrief build`` with its publish step timed: the step alone, not the build around it."""


def publish_cost(agency: Path, out: Path, jobs: int) -> Row:
    """Another one-client change, its publish step timed, and the entries of the generation that step makes.

    Publishing moves each rebuilt site into the output's store (one rename each) and makes
    a generation of links; the row says how many files the whole output holds, which a
    publish that copied or hard-linked every unchanged file would make again."""
    change_one_client(agency)
    command = [sys.executable, "-c", PUBLISH_TIMED, "build", "--source", str(agency), "--out", str(out), "-j", str(jobs)]
    done = subprocess.run(command, capture_output=True, text=True, env=_environment(), check=True)
    seconds = float(done.stderr.rsplit("publish took ", 1)[1].split()[0])
    generation = sum(len(folders) + len(files) for _, folders, files in os.walk(out.resolve())) + 1
    every = sum(1 for _ in outputs.files_in(out))
    clients = sum(1 for _ in (agency / "campaigns").iterdir())
    return Row(f"publish step, one-client change, {clients} clients ({generation} entries made; the output holds {every} "
               "files)", f"{seconds * 1000:.0f} ms")


# --- the table ------------------------------------------------------------------------------


@dataclass
class Row:
    measure: str
    value: str
    cpu: str = ""
    target: str = ""
    met: bool | None = None


def benchmark(
    clients: int, scale_to: int, jobs: int, baseline: bool, root: Path, exports_at: int = 0,
    big_export_mb: int = 0, large: int = 0, preview_at: int = 0, engines: bool = True,
) -> list[Row]:
    agency, out, full, unchanged, one = built_and_rebuilt(root, clients, jobs)
    built = manifest(out)
    published = publish_cost(agency, out, jobs)
    pages = sum(entry["pages"] for entry in built["sites"].values())
    render = built["notes"]["load_seconds"] + sum(entry["render_seconds"] for entry in built["sites"].values())
    mkdocs = engine_seconds(built)
    rows = [
        _time(f"full build: {clients} clients, {len(built['sites'])} sites, {pages} pages, -j {jobs}", full),
        _ratio(f"no-change rebuild ({unchanged.built} sites built)", unchanged, full, 0.03),
        _ratio(f"one-client change ({one.built} sites built)", one, full, 0.10),
        published,
        Row("pages per second, full build", f"{pages / full.seconds:.1f}", f"{pages / full.cpu:.1f} per CPU s"),
        Row(f"peak memory, {clients} clients (all processes)", f"{full.peak_bytes / 2**20:.0f} MB"),
        Row("generator's share of the CPU time (load, validate, compute, render; the rest is MkDocs)",
            f"{render / (render + mkdocs) * 100:.1f} %", f"{render:.0f} of {render + mkdocs:.0f} s", "<= 25 %",
            render <= (render + mkdocs) * 0.25),
    ]
    processes = one_by_one(work_root(out)) if baseline else None
    if processes:
        rows.append(_time("baseline: one `mkdocs build` process per site, in turn", processes))
        rows.append(Row("full build faster than the baseline by", f"{processes.seconds / full.seconds:.2f} x",
                        f"{processes.cpu / full.cpu:.2f} x", ">= 2.5 x", processes.seconds >= 2.5 * full.seconds))
        parallel = side_by_side(work_root(out), jobs)
        rows.append(_time(f"baseline: one `mkdocs build` process per site, {jobs} at a time (-j {jobs})", parallel))
        rows.append(Row("full build faster than that baseline by", f"{parallel.seconds / full.seconds:.2f} x",
                        f"{parallel.cpu / full.cpu:.2f} x"))
    if large:
        rows += at_scale(clients, large, jobs, root, one)
    if preview_at:
        rows += preview_reload(preview_at, root)
    if engines:
        rows += engines_side_by_side(agency, full, mkdocs, jobs, processes)
    if scale_to:
        bigger = write_agency(root / f"agency-{scale_to}", scale_to)
        scaled = debrief_build(bigger, bigger / "site", jobs)
        limit = 1.05 * scale_to / clients  # 2.1 x for twice the clients
        rows.append(_time(f"full build: {scale_to} clients", scaled))
        rows.append(Row(f"time, {scale_to} vs {clients} clients", f"{scaled.seconds / full.seconds:.2f} x",
                        f"{scaled.cpu / full.cpu:.2f} x", f"<= {limit:.2f} x", scaled.seconds <= limit * full.seconds))
        small, large = largest_page(out / "internal"), largest_page(bigger / "site" / "internal")
        rows.append(Row(f"largest internal page, {clients} -> {scale_to} clients",
                        f"{small / 1024:.0f} -> {large / 1024:.0f} KB", f"+{(large / small - 1) * 100:.1f} %", "<= +10 %",
                        large <= small * 1.10))
        shutil.rmtree(bigger, ignore_errors=True)
    if exports_at:
        same = exports_at == clients
        rows += exports_vs_metrics(exports_at, jobs, root, full if same else None,
                                   built["notes"]["load_seconds"] if same else None)
    if big_export_mb:
        rows += big_export(big_export_mb, root)
    return rows


def engine_seconds(built: dict) -> float:
    """CPU seconds the engine spent building the sites of a manifest (rendering left out)."""
    return sum(entry["engine_seconds"] for entry in built["sites"].values())


def engines_side_by_side(agency: Path, full: Run, mkdocs: float, jobs: int, processes: Run | None) -> list[Row]:
    """The same agency's full build with every other engine, against the default engine's (``full``), and
    with ``processes`` (the baseline of one process per site) the other engine's baseline too."""
    rows = []
    for engine in ENGINES:
        if engine == DEFAULT_ENGINE:
            continue
        out = agency / f"site-{engine}"
        other = debrief_build(agency, out, jobs, engine)
        other_seconds = engine_seconds(manifest(out))
        label = ENGINES[engine].label
        rows += [
            _time(f"full build with {label} (same agency, -j {jobs})", other),
            Row(f"{label} / MkDocs, full build", f"{other.seconds / full.seconds:.2f} x", f"{other.cpu / full.cpu:.2f} x"),
            Row(f"{label} / MkDocs, the engines' own work (rendering left out)", "",
                f"{other_seconds:.0f} / {mkdocs:.0f} s = {other_seconds / mkdocs:.2f} x"),
        ]
        if processes:
            alone = one_by_one(work_root(out), engine)
            rows += [
                _time(f"baseline: one `{engine} build` process per site, in turn", alone),
                Row(f"{label} / MkDocs, one process per site", f"{alone.seconds / processes.seconds:.2f} x",
                    f"{alone.cpu / processes.cpu:.2f} x"),
            ]
    return rows


def exports_vs_metrics(clients: int, jobs: int, root: Path, metrics_run: Run | None, metrics_load: float | None) -> list[Row]:
    """The same agency built from platform exports and from metrics.csv: how much slower exports are."""
    if metrics_run is None or metrics_load is None:
        plain = write_agency(root / f"agency-{clients}-metrics", clients)
        metrics_run = debrief_build(plain, plain / "site", jobs)
        metrics_load = manifest(plain / "site")["notes"]["load_seconds"]
    fed = write_agency(root / f"agency-{clients}-exports", clients, exports=True)
    run = debrief_build(fed, fed / "site", jobs)
    load_exports = manifest(fed / "site")["notes"]["load_seconds"]
    shutil.rmtree(fed, ignore_errors=True)
    return [
        _time(f"full build: {clients} clients fed by exports (Google Ads + Meta per campaign)", run),
        Row("full build from exports vs from metrics.csv", f"{run.seconds / metrics_run.seconds:.2f} x",
            f"{run.cpu / metrics_run.cpu:.2f} x", "<= 1.15 x", run.seconds <= 1.15 * metrics_run.seconds),
        Row("load and validate (CPU s): exports vs metrics.csv", f"{load_exports:.2f} vs {metrics_load:.2f} s"),
    ]


def write_big_export(path: Path, megabytes: int) -> tuple[int, dt.date, dt.date]:
    """A Google Ads ad-level daily export of about ``megabytes`` MB (a year of rows, one campaign): its rows, first and last day."""
    first = dt.date(2026, 1, 1)
    rng = random.Random(13)
    written, rows = 0, 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("Ad report\r\nJanuary 1, 2026 - December 31, 2026\r\n"
                     "Day,Campaign,Ad group,Ad ID,Ad type,Currency code,Impr.,Clicks,Cost,Conversions\r\n")
        ads = [(f"Ad group {a // 40:03d}", 700_000_000 + a) for a in range(4000)]
        while written < megabytes * 2**20:
            for offset in range(365):
                day = (first + dt.timedelta(days=offset)).isoformat()
                group, ad = ads[rows % len(ads)]
                line = (f"{day},Kestrel | Always on,{group},{ad},Responsive search ad,USD,\"{rng.randrange(1000, 90000):,}\","
                        f"{rng.randrange(10, 900)},{rng.uniform(5, 900):.2f},{rng.randrange(0, 40)}.00\r\n")
                handle.write(line)
                written += len(line)
                rows += 1
        handle.write("Total: Account,--,--,--,--,USD,--,--,--,--\r\n")
    return rows, first, first + dt.timedelta(days=364)


def big_export(megabytes: int, root: Path) -> list[Row]:
    """``debrief validate`` of one campaign fed by a ``megabytes`` MB export: its time and peak memory."""
    agency = root / "agency-big-export"
    write_client(agency, 0, random.Random(1))
    folder = agency / "campaigns" / client_slug(0) / CAMPAIGNS[0][0]
    (folder / "metrics.csv").unlink()
    rows, first, last = write_big_export(folder / "exports" / "google-ads" / "ads-2026.csv", megabytes)
    spec = (folder / "campaign.yml").read_text(encoding="utf-8")
    spec = spec.replace(f"start: {CAMPAIGNS[0][2].isoformat()}", f"start: {first.isoformat()}")
    spec = spec.replace(f"end: {CAMPAIGNS[0][3].isoformat()}", f"end: {last.isoformat()}")
    spec = "\n".join(line for line in spec.splitlines() if not line.startswith("      2026-"))
    spec = spec.replace("    plan:\n", "") + "\n" + EXPORT_SOURCES.split("  - platform: meta-ads")[0]
    _write(folder / "campaign.yml", spec)
    size = (folder / "exports" / "google-ads" / "ads-2026.csv").stat().st_size
    small = debrief_validate(agency, folder / "exports" / "google-ads" / "ads-2026.csv", keep_rows=2000)
    big = debrief_validate(agency)
    shutil.rmtree(agency, ignore_errors=True)
    return [
        Row(f"validate one campaign fed by a {size / 2**20:.0f} MB export ({rows:,} ad-level daily rows)",
            f"{big.seconds:.1f} s", f"{big.cpu:.1f} s"),
        Row("peak resident memory (RSS) of that validate, against the same with a 2,000-row export",
            f"{big.peak_bytes / 2**20:.0f} MB vs {small.peak_bytes / 2**20:.0f} MB",
            f"+{(big.peak_bytes - small.peak_bytes) / 2**20:.0f} MB", "bounded (< +100 MB)",
            big.peak_bytes - small.peak_bytes < 100 * 2**20),
    ]


PEAK_RSS_WRAPPER = """
import resource, sys
from generator.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print("peak-rss-kb", usage.ru_maxrss, usage.ru_utime + usage.ru_stime, file=sys.stderr)
"""
"""Runs a debrief command and prints its own peak resident memory (the kernel's high-water mark) and CPU time."""


def debrief_validate(agency: Path, truncate: Path | None = None, keep_rows: int = 0) -> Run:
    """A real ``debrief validate``; with ``truncate``, first on a copy of that file cut to ``keep_rows`` rows."""
    saved = None
    if truncate is not None:
        saved = truncate.with_suffix(".full")
        truncate.rename(saved)
        with saved.open(encoding="utf-8", newline="") as source, truncate.open("w", encoding="utf-8", newline="") as cut:
            for _, line in zip(range(keep_rows + 3), source):
                cut.write(line)
    try:
        command = [sys.executable, "-c", PEAK_RSS_WRAPPER, "validate", "--source", str(agency)]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=_environment())
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"debrief validate failed:\n{done.stdout}\n{done.stderr}")
        peak_kb, cpu = done.stderr.strip().splitlines()[-1].split()[1:]
        return Run(seconds, float(cpu), int(peak_kb) * 1024)
    finally:
        if saved is not None:
            truncate.unlink()
            saved.rename(truncate)


def _time(measure: str, run: Run) -> Row:
    return Row(measure, f"{run.seconds:.1f} s", f"{run.cpu:.1f} s")


def _ratio(measure: str, run: Run, full: Run, limit: float) -> Row:
    return Row(measure, f"{run.seconds:.2f} s = {run.seconds / full.seconds * 100:.1f} %",
               f"{run.cpu / full.cpu * 100:.1f} %", f"<= {limit * 100:.0f} %", run.seconds <= full.seconds * limit)


def print_table(rows: list[Row]) -> None:
    """Wall-clock values (what the targets are about) and CPU seconds (what a busy machine cannot inflate)."""
    names = ("measure", "value", "cpu", "target")
    widths = {name: max(len(name), *(len(getattr(row, name)) for row in rows)) for name in names}
    print("  ".join(f"{name:<{widths[name]}}" for name in names) + "  met")
    print("  ".join("-" * widths[name] for name in names) + "  ---")
    for row in rows:
        met = "" if row.met is None else "yes" if row.met else "NO"
        print("  ".join(f"{getattr(row, name):<{widths[name]}}" for name in names) + f"  {met}")
    print(flush=True)  # a table per run, shown as soon as it is done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="clients of the generated agency (default: 50)")
    parser.add_argument("--scale-to", type=int, help="clients of a second agency to compare with (default: 2 x --clients; 0: skip)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="--jobs of each build (default: cores)")
    parser.add_argument("--no-baseline", dest="baseline", action="store_false", help="skip the one-process-per-site baseline")
    parser.add_argument("--exports-at", type=int, help="clients of an agency fed by exports, against metrics.csv "
                                                       "(default: --clients; 0: skip)")
    parser.add_argument("--big-export-mb", type=int, default=100, help="size of one export to validate, for its "
                                                                       "memory (default: 100; 0: skip)")
    parser.add_argument("--large", type=int, help="clients of the agency the one-client change and the no-change "
                                                  "rebuild are measured at too, and the peak memory (default: 8 x "
                                                  "--clients; 0: skip)")
    parser.add_argument("--preview-at", type=int, help="clients of the agency the preview's save-to-reload is "
                                                       "measured at (default: 4 x --clients; 0: skip)")
    parser.add_argument("--no-engines", dest="engines", action="store_false", help="skip the other engines' builds")
    parser.add_argument("--check", action="store_true", help="run every measure twice; exit 1 when a target is "
                                                             "missed in either run (make bench CHECK=1)")
    args = parser.parse_args(argv)
    scale_to = 2 * args.clients if args.scale_to is None else args.scale_to
    large = 8 * args.clients if args.large is None else args.large
    preview_at = 4 * args.clients if args.preview_at is None else args.preview_at
    exports_at = args.clients if args.exports_at is None else args.exports_at
    missed = False
    for run in range(1, 3 if args.check else 2):
        with tempfile.TemporaryDirectory(prefix="debrief-bench-") as root:
            rows = benchmark(args.clients, scale_to, args.jobs, args.baseline, Path(root), exports_at,
                             args.big_export_mb, large, preview_at, args.engines)
        if args.check:
            print(f"run {run} of 2")
        print_table(rows)
        missed = missed or any(row.met is False for row in rows)
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
