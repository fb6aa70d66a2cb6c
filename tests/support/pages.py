"""The text of what a build wrote: one page, a whole site, a PDF."""

from __future__ import annotations

import gzip
import hashlib
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from generator import outputs

from .tools import missing_tool


def html(out: Path, page: str) -> str:
    """A built page's HTML, by its path in the output (``acme/campaigns/spring.html``)."""
    return (out / page).read_text(encoding="utf-8")


def text_of(page: str) -> str:
    """The page's text, tags removed and whitespace folded (the charts' JSON stays in)."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def article_text(page: str) -> str:
    """The text of the page's article alone, without the navigation: what a reader reads."""
    text = text_of(page.split('<article class="md-content__inner', 1)[-1])
    return re.sub(r" ([,.)])", r"\1", text)


class VisibleText(HTMLParser):
    """The text a reader sees on a page, and the labels Material shows on hover (titles)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        self.parts += [value for name, value in attrs if name in ("title", "aria-label", "placeholder") and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(page: Path) -> str:
    parser = VisibleText()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(parser.parts)


def output_files(folder: Path, pattern: str = "*") -> list[Path]:
    """The files under a built output whose path ends like ``pattern``, through the links of its generation
    (``rglob`` does not follow them)."""
    return sorted(p for p in outputs.files_in(folder) if p.match(pattern))


def site_text(folder: Path) -> str:
    """Every file under ``folder`` as text, gzip decompressed, each prefixed by its own path."""
    parts = []
    for path in output_files(folder):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        parts.append(path.relative_to(folder).as_posix() + "\n" + data.decode("utf-8", "replace"))
    return "\n".join(parts)


def file_hashes(folder: Path) -> dict[str, str]:
    """Each file's path under ``folder`` -> the sha256 of its bytes: two outputs compared file by file."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in output_files(folder)
    }


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext reads it (poppler-utils); also checks the file is a whole PDF."""
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    if not shutil.which("pdftotext"):
        missing_tool("pdftotext is not installed: run `apt-get install poppler-utils` (.ci/run does it)")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
