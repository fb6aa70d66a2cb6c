"""What a user reads (README, messages, question texts, docstrings shown as help) stands on its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
CITATION = re.compile(r"\bseeds? ?0\d\d\b|seed articles?|/work/", re.IGNORECASE)


def product_texts() -> list[Path]:
    """The README and every file of the package a user sees the words of: code, templates, catalogs, data."""
    package = PROJECT / "generator"
    return [PROJECT / "README.md", *sorted(
        p for p in package.rglob("*") if p.suffix in (".py", ".j2", ".yml", ".po", ".pot") and "__pycache__" not in p.parts
    )]


@pytest.mark.parametrize("path", product_texts(), ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_no_text_cites_a_document_or_a_machine_path_the_user_does_not_have(path):
    cited = [f"{path.name}:{number}: {line.strip()}" for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if CITATION.search(line)]
    assert not cited, "say what the practice is instead:\n" + "\n".join(cited)


def test_the_readme_explains_the_practice_the_meetings_follow():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The practice Debrief follows", 1)[1].split("\n## ", 1)[0]
    for idea in ("pre-launch", "check-in", "post-mortem", "quarterly review", "NPS", "70 % fixed", "Retros"):
        assert idea in section


def test_no_ignore_rule_of_the_repository_leaves_debriefs_own_files_out_of_git():
    """``site/`` in .gitignore once caught ``generator/site/``: a fresh clone then lacked half a package."""
    import subprocess

    own = [p.relative_to(PROJECT).as_posix() for folder in ("generator", "theme", "tests", "tools", ".ci")
           for p in sorted((PROJECT / folder).rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    checked = subprocess.run(["git", "-C", str(PROJECT), "check-ignore", "--no-index", "--stdin"],
                             input="\n".join(own), capture_output=True, text=True)
    assert checked.returncode in (0, 1), checked.stderr
    assert checked.stdout.split() == [], "anchor the rule to the top (/site/), or these never reach git"
