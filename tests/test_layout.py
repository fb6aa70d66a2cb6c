"""The output's layout: paths, links between pages, reserved names, and one thing per path."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import layout, site
from generator.site import publish, work
from generator.render import Page, SiteSpec


@pytest.mark.parametrize("slug, reserved", [
    ("internal", True), ("assets", True), ("search", True), ("lessons", True), ("lessons-2", True), ("lessons-30", True),
    ("acme", False), ("lessons-learned", False), ("rhythm", False), ("index", False), ("campaigns", False),
])
def test_reserved_names_are_the_folders_the_sites_write_themselves(slug, reserved):
    assert bool(layout.reserved(slug)) is reserved


def test_every_portfolio_folder_of_every_group_is_reserved():
    """Derived from the paths, not listed: group 7's library folder is reserved like group 1's."""
    for group in (1, 2, 7):
        for path in (layout.library(group), layout.library_tag("x", group), layout.library_tag("", group)):
            assert layout.reserved(path.split("/")[0]), path


@pytest.mark.parametrize("here, target, html, expected", [
    ("index.md", layout.meeting("2026-03-02-x"), False, "meetings/2026-03-02-x.md"),
    ("reports/2026-w10.md", layout.campaign("spring"), False, "../campaigns/spring.md"),
    ("meetings/index.md", layout.ACTIONS, True, "actions.html"),
    ("meetings/index.md", layout.SATISFACTION, True, "../satisfaction.html"),
])
def test_links_are_relative_to_the_page(here, target, html, expected):
    assert layout.Links(here, html).to(target) == expected


def test_links_from_the_portfolio_into_an_internal_client_site():
    assert layout.Links(layout.library_tag("process", 2), html=True).client_meeting("acme", "2026-03-02-x") == (
        "../../acme/meetings/2026-03-02-x.html")
    assert layout.Links(layout.portfolio(), html=True).client("acme") == "acme/index.html"


def test_two_pages_on_one_path_are_an_error():
    spec = SiteSpec("acme", "Acme", "en", pages=[Page("lessons.md", "A", "a"), Page("lessons.md", "B", "b")])
    with pytest.raises(site.BuildFailed, match="acme/lessons.html: both page lessons.md and page lessons.md"):
        work.check_paths(spec)


def test_a_site_nested_where_its_parent_wrote_a_folder_is_an_error(tmp_path: Path):
    """Like a client named ``lessons`` before it was reserved: never a site inside the library's folder."""
    built = {}
    for site_id, inner in ((layout.PORTFOLIO, "lessons/index.html"), (layout.internal_site("lessons"), "index.html")):
        folder = tmp_path / "work" / layout.work_folder_name(site_id)
        (folder / inner).parent.mkdir(parents=True)
        (folder / inner).write_text("x")
        built[site_id] = site.SiteResult(site_id, "built", "in", "out", built_dir=str(folder))
    with pytest.raises(site.BuildFailed, match="internal/lessons: the site internal already writes a page or folder there"):
        publish.publish(list(built.values()), tmp_path / "out", {})
    assert not (tmp_path / "out").exists() and not (tmp_path / "out").is_symlink()
