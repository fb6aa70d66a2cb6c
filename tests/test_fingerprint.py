"""Input fingerprints: what a site is made from counts, and nothing else does.

The stage modules, templates, catalogs and data of the package, the theme and the
base config rebuild the sites they change; the command layer (``cli.py``,
``commands/``) and the developer tools in ``tools/`` rebuild none.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from generator import fingerprint
from generator.fingerprint import catalog_messages

PROJECT = Path(__file__).resolve().parent.parent
EVERY_SITE = {"acme", "globex", "internal", "internal/acme", "internal/globex"}


def test_a_theme_file_or_the_generator_rebuilds_what_they_change_and_a_tool_or_command_nothing(agency, tmp_path):
    """A copy of Debrief itself, built by its command line, so the real theme and templates stay untouched."""
    copy = tmp_path / "debrief"
    for folder in ("generator", "tools", "theme"):
        shutil.copytree(PROJECT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT / "mkdocs.yml", copy / "mkdocs.yml")
    out = agency / "site"

    def built_sites() -> set[str]:
        command = ["build", "--source", str(agency), "--out", str(out), "-j", "1"]
        done = subprocess.run([sys.executable, "-m", "generator.cli", *command], cwd=copy, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return {line.split()[2] for line in done.stderr.splitlines() if line.split()[1:2] == ["built"]}

    def append(relative: str, text: str) -> None:
        with (copy / relative).open("a", encoding="utf-8") as file:
            file.write(text)

    assert built_sites() == EVERY_SITE
    assert built_sites() == set()
    append("tools/bench.py", "\nBENCH_TEST_MARKER = 1\n")
    append("generator/commands/pdf.py", "\nPDF_TEST_MARKER = 1\n")
    append("generator/cli.py", "\nCLI_TEST_MARKER = 1\n")
    assert built_sites() == set()
    append("theme/assets/stylesheets/debrief.css", "\n.debrief-test-marker { color: red; }\n")
    assert built_sites() == EVERY_SITE
    assert ".debrief-test-marker" in (out / "globex" / "assets" / "stylesheets" / "debrief.css").read_text("utf-8")
    append("generator/templates/meeting.md.j2", "\n<!-- debrief-test-marker -->\n")
    assert built_sites() == {"acme", "globex", "internal/acme", "internal/globex"}  # the portfolio has no meeting page
    assert "debrief-test-marker" in (out / "acme" / "meetings" / "2026-03-02-check-in.html").read_text("utf-8")


BUILD_AND_LIST_MODULES = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from generator import pipeline
    pipeline.build(Path(sys.argv[1]), Path(sys.argv[2]), jobs=1)
    print(json.dumps(sorted(m.__file__ for m in list(sys.modules.values())
                            if m.__name__.startswith("generator") and getattr(m, "__file__", None))))
""")


def test_every_module_a_build_loads_is_in_the_fingerprint(agency, tmp_path):
    """The fingerprint leaves the command layer out: a build must then never need a module of it."""
    done = subprocess.run([sys.executable, "-c", BUILD_AND_LIST_MODULES, str(agency), str(tmp_path / "site")],
                          cwd=PROJECT, capture_output=True, text=True, check=True)
    loaded = {Path(path).resolve() for path in json.loads(done.stdout)}
    hashed = set(fingerprint.site_material())
    assert len(loaded) > 20
    assert sorted(str(path.relative_to(fingerprint.PACKAGE_DIR)) for path in loaded - hashed) == []


def test_the_fingerprint_covers_templates_catalogs_and_data_but_not_commands():
    hashed = {path.relative_to(fingerprint.PACKAGE_DIR).as_posix() for path in fingerprint.site_material()}
    assert {"templates/meeting.md.j2", "data/questions.yml", "locale/ru/LC_MESSAGES/messages.mo", "layout.py"} <= hashed
    assert not [path for path in hashed if path.startswith(("commands/", "templates/mail/")) or path == "cli.py" or path.endswith(".po")]


def test_a_catalog_counts_by_its_messages_not_the_dates_in_its_header(tmp_path):
    """`make translations` rewrites every catalog's creation date: that alone must not re-render every site."""

    def compiled(name: str, created: dt.datetime, translation: str) -> Path:
        catalog = Catalog(locale="ru", creation_date=created, revision_date=created)
        catalog.add("Next meeting", translation)
        with (tmp_path / name).open("wb") as file:
            write_mo(file, catalog)
        return tmp_path / name

    monday, tuesday = dt.datetime(2026, 11, 23, 9), dt.datetime(2026, 11, 24, 17)
    first = compiled("first.mo", monday, "Следующая встреча")
    assert first.read_bytes() != compiled("later.mo", tuesday, "Следующая встреча").read_bytes()
    assert catalog_messages(first) == catalog_messages(tmp_path / "later.mo")
    assert catalog_messages(first) != catalog_messages(compiled("changed.mo", monday, "Ближайшая встреча"))
