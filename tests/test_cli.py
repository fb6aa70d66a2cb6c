"""The command line: exit codes, exact error lines, help text and docs for every command."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from generator.cli import main
from tests.support.agency import write
from tests.support.run import cli

README = Path(__file__).resolve().parent.parent / "README.md"


def test_validate_ok(agency):
    result = cli("validate", "--source", str(agency))
    assert result.exit_code == 0
    assert "OK: 2 client(s), no errors" in result.output


def test_errors_exit_1_with_path_line_and_no_traceback(agency):
    write(agency, "campaigns/acme/spring/metrics.csv", "date,channel,clicks\n2026-03-01,search,many\n")
    result = cli("build", "--source", str(agency), "--out", str(agency / "site"))
    assert result.exit_code == 1
    assert "campaigns/acme/spring/metrics.csv:2: row 2: 'clicks' is 'many', not a number" in result.output
    assert "Traceback" not in result.output
    assert not (agency / "site").exists()


def test_usage_error_exits_2(agency):
    result = cli("build", "--as-of", "yesterday", "--source", str(agency))
    assert result.exit_code == 2


def test_new_meeting_writes_a_valid_note(agency):
    result = cli("new", "meeting", "acme", "--type", "pre-launch", "--campaign", "spring", "--date", "2026-03-04", "--source", str(agency))
    assert result.exit_code == 0, result.output
    note = agency / "content/acme/meetings/2026-03-04-pre-launch.md"
    assert "primary-goal: \"\"" in note.read_text()
    assert "What is the campaign's primary goal?" in note.read_text()
    assert cli("validate", "--source", str(agency)).exit_code == 0


def test_new_meeting_unknown_client_is_usage_error(agency):
    result = cli("new", "meeting", "nobody", "--type", "weekly", "--source", str(agency))
    assert result.exit_code == 2
    assert "no client 'nobody'" in result.output


def commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        yield prefix + name, command
        if isinstance(command, click.Group):
            yield from commands(command, prefix + name + " ")


@pytest.mark.parametrize("name, command", list(commands(main)), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_has_help_and_is_documented(name, command):
    assert command.help and command.help.strip()
    assert f"debrief {name}" in README.read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [
    ("build", "--as-of", "1999-12-31"), ("build", "--as-of", "2101-01-01"), ("build", "--as-of", "0001-01-01"),
    ("sources", "acme", "--as-of", "9999-12-31"), ("mail", "--digest", "--as-of", "1990-01-01"),
    ("mail", "acme", "weekly", "--as-of", "9999-12-31"),
    ("new", "campaign", "acme", "autumn", "--start", "1000-01-01", "--end", "2026-12-31"),
    ("new", "campaign", "acme", "autumn", "--start", "2026-09-01", "--end", "2126-12-31"),
    ("new", "meeting", "acme", "--type", "weekly", "--date", "2101-01-01"),
])
def test_every_day_given_on_the_command_line_lies_in_the_years_2000_to_2100(agency, args, tmp_path):
    """The files' rule holds for the command line: a report as of 9999 or a campaign from the year 1000 is a typo."""
    result = cli(*args, "--source", str(agency), *(("--out", str(tmp_path / "out")) if args[0] in ("build", "mail") else ()))
    assert result.exit_code == 2, result.output
    assert "is outside the years 2000 to 2100" in result.output
    assert not (tmp_path / "out").exists() and not (agency / "campaigns/acme/autumn").exists()
