"""Searching a built site as a reader does, in the search box of whichever engine built it.

Material keeps its search box in the header and lists results beneath it; Zensical's
header has a button that opens a search dialog (in a shadow root, which Playwright's
selectors see into). Both index the site in a web worker first.
"""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from generator.site.engines import ENGINES

RESULT_LINKS = {"mkdocs": ".md-search-result__item > a", "zensical": "dialog[open] a[role=option]"}
MATERIAL_READY = (
    "() => document.querySelector('.md-search-result__meta').textContent"
    " === JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']"
)
"""Material's search has indexed the site once its result line shows the placeholder text."""


def search(page, engine: str, query: str, listing: str = "") -> list[str]:
    """Type ``query`` into the search of the open page's site; the paths of the pages it lists.

    The results change as each key comes: with ``listing`` (a page's path), wait for them to
    list that page, as a person waits for the list to settle, before reading them."""
    if engine == "zensical":
        page.locator(".md-search__button").click()
        box = page.locator("dialog[open] input[role=combobox]")
    else:
        box = page.locator("input.md-search__input")
        box.click()
        page.wait_for_function(MATERIAL_READY, polling=100)
    box.press_sequentially(query, delay=20)  # as a person types: each engine searches as the keys come
    box.press("End")  # a key going up: Material searches on keyup, which typing Chinese or Korean has none of
    links = page.locator(RESULT_LINKS[engine])
    links.first.wait_for(timeout=15000)
    if listing:
        try:
            result_link(page, engine, listing).wait_for(state="attached", timeout=10000)
        except PlaywrightTimeout:
            pass  # the caller's assertion shows what was listed instead
    return links.evaluate_all("links => links.map(link => new URL(link.href).pathname)")


def result_link(page, engine: str, path: str):
    """The listed result that leads to ``path`` (a page of the site)."""
    return page.locator(f"{RESULT_LINKS[engine]}[href*='{path}']").first


def indexed_pages(site: Path, engine: str) -> list[tuple[str, str]]:
    """(location, text) of every entry of the built site's search index, in either engine's format."""
    index = json.loads((site / ENGINES[engine].search_index).read_text(encoding="utf-8"))
    return [(entry["location"], entry["text"]) for entry in index["docs" if engine == "mkdocs" else "items"]]
