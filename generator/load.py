"""Read the user's files into plain data that remembers where each value came from.

Only this module reads the source tree: ``read_tree`` gives validation a
``SourceTree``, through which it lists folders and reads files, and nothing
after load opens a source file again (the logo's bytes travel in the models).
YAML values come with a map from their key path to the line they stand on, CSV
rows with their row number, so later stages can say ``path:line`` for any mistake.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import Report

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Larger files are refused: a report source this big is almost always an export mistake."""

KeyPath = tuple[Any, ...]


class _Loader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    """SafeLoader that keeps dates as text, so an impossible date is a validation error with a line.

    libyaml's parser when PyYAML has it: six times faster on an agency's many small files."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML document and the 1-based line of every key path in it."""

    data: Any
    lines: dict[KeyPath, int]
    first_line: int = 1

    def line_of(self, path: KeyPath) -> int:
        """The line of ``path``, or of its nearest enclosing value when the key is missing."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return self.first_line


@dataclass(frozen=True)
class CsvTable:
    """A CSV file: its header and rows, each row with its line number in the file."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def own_folders(root: Path, path: Path) -> tuple[Path, ...]:
    """The folders ``path`` may resolve into: its client's two folders, or for any other file the source folder."""
    parts = path.relative_to(root).parts if path.is_relative_to(root) else ()
    if len(parts) >= 2 and parts[0] in ("campaigns", "content"):
        return (root / "campaigns" / parts[1], root / "content" / parts[1])
    return (root,)


def inside_own_folders(path: Path, report: Report) -> bool:
    """False (with an error naming the link) when a symlink takes ``path`` out of its client's own folders.

    The one rule for every file and folder a client's site is read from: it must
    resolve inside ``campaigns/<client>/`` or ``content/<client>/`` of that very
    client, never into another client's folders, elsewhere in the tree or outside it.
    The folders themselves are taken as written, so a symlinked client folder fails too.
    """
    allowed = own_folders(report.root, path)
    real = path.resolve()
    if any(real == folder or folder in real.parents for folder in allowed):
        return True
    link = next((p for p in reversed([path, *path.parents]) if p.is_relative_to(report.root) and p.is_symlink()), path)
    target = link.resolve()
    if not target.is_relative_to(report.root):
        report.error(link, 0, "points outside the source folder (symlink): copy the file in instead")
    else:
        folders = " and ".join(f"{report.where(folder)}/" for folder in allowed)
        report.error(link, 0, f"is a symlink to {report.where(target)}, outside {folders}: a client's site is made "
                              "from its own files only; copy the file in instead")
    return False


@dataclass(frozen=True)
class Entry:
    """One name in a source folder, as listed: what it is once its symlinks are followed."""

    path: Path
    is_dir: bool
    is_file: bool
    is_link: bool

    @property
    def broken(self) -> bool:
        """A symlink that leads nowhere (or to itself)."""
        return self.is_link and not self.is_dir and not self.is_file


class SourceTree:
    """The source folder as validation sees it: each folder listed once, on demand.

    On demand, so that a client validation takes from its cache costs no listing at
    all. The files themselves are read by this module's ``read_*`` functions."""

    def __init__(self, root: Path):
        self.root = root
        self._listings: dict[Path, tuple[Entry, ...]] = {}

    def entries(self, folder: Path) -> tuple[Entry, ...]:
        """The folder's entries in name order, hidden ones left out; none when it is no folder."""
        if folder not in self._listings:
            try:
                children = sorted(os.scandir(folder), key=lambda entry: entry.name)
            except OSError:
                children = []
            self._listings[folder] = tuple(_entry(child) for child in children if not child.name.startswith("."))
        return self._listings[folder]

    def entry(self, path: Path) -> Entry | None:
        """What ``path`` is, from its folder's listing; None when there is no such name."""
        return next((entry for entry in self.entries(path.parent) if entry.path == path), None)

    def has_folder(self, path: Path) -> bool:
        entry = self.entry(path)
        return entry is not None and entry.is_dir

    def has_file(self, path: Path) -> bool:
        entry = self.entry(path)
        return entry is not None and entry.is_file

    def files_under(self, folder: Path) -> list[Path]:
        """Every file under ``folder``, hidden ones too, not following symlinked folders (what a client's site is made from)."""
        return [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []


def _entry(child: os.DirEntry) -> Entry:
    try:
        return Entry(Path(child.path), child.is_dir(), child.is_file(), child.is_symlink())
    except OSError:  # a symlink loop: like a link that leads nowhere
        return Entry(Path(child.path), False, False, True)


def read_tree(source: Path) -> SourceTree:
    """The source folder, to be listed and read by validation: the one way into the user's files."""
    return SourceTree(source.resolve())


def read_bytes(path: Path, report: Report, limit: int) -> bytes | None:
    """The file's bytes, or None (with an error) when it is larger than ``limit`` or elsewhere."""
    if not inside_own_folders(path, report):
        return None
    size = path.stat().st_size
    if size > limit:
        report.error(path, 0, f"file is {size / 1024 / 1024:.1f} MB, over the {limit / 1024 / 1024:g} MB limit for it: make it smaller")
        return None
    return path.read_bytes()


def read_text(path: Path, report: Report) -> str | None:
    """The file as text, or None (with an error) when it is too big, empty, not UTF-8 or elsewhere."""
    if not inside_own_folders(path, report):
        return None
    try:
        size = path.stat().st_size
    except OSError as exc:
        report.error(path, 0, f"cannot read file: {exc.strerror}")
        return None
    if size > MAX_FILE_BYTES:
        report.error(
            path, 0, f"file is {size / 1024 / 1024:.0f} MB, over the {MAX_FILE_BYTES // 1024 // 1024} MB limit: "
            "split it or aggregate the rows (weekly instead of daily)"
        )
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        report.error(path, line, "file is not UTF-8 text: save it as UTF-8")
        return None
    if not text.strip():
        report.error(path, 0, "file is empty")
        return None
    return text


MAX_YAML_DEPTH = 32
"""No file of the contract nests deeper than a few levels; a deeper one is a mistake or an attack."""
MAX_NUMBER_DIGITS = 30
"""More digits than any budget or count has: Python would read thousands slowly or not at all."""


def parse_yaml(text: str, path: Path, report: Report, first_line: int = 1) -> YamlDoc | None:
    """Parse YAML text, recording the line of every key; syntax errors become problems.

    The document is checked as a tree of nodes before any value is made of it: an
    alias (``*name``) is refused, since a few of them nest into billions of values (or
    into themselves), and so are nesting deeper than ``MAX_YAML_DEPTH`` and numbers
    longer than ``MAX_NUMBER_DIGITS``.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            report.error(path, first_line, "no YAML content")
            return None
        lines: dict[KeyPath, int] = {}
        try:
            _record_lines(node, (), lines, first_line, path, report, set())
        except _Refused:
            return None
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        report.error(path, line, f"invalid YAML: {exc.problem or exc.context}")
        return None
    except (yaml.YAMLError, ValueError) as exc:
        report.error(path, first_line, f"invalid YAML: {exc}")
        return None
    finally:
        loader.dispose()
    return YamlDoc(data, lines, first_line)


class _Refused(Exception):
    """Stops the walk over a document that must not be read further."""


def _record_lines(
    node: yaml.Node, here: KeyPath, lines: dict, offset: int, path: Path, report: Report, seen_nodes: set[int], parent_line: int = 0,
) -> None:
    line = node.start_mark.line + offset
    if id(node) in seen_nodes:  # composed once, reached again: an alias (its node's mark is the anchor's, so say where it is used)
        report.error(path, parent_line or line, "YAML aliases (*name) are not allowed here: write the value out in full")
        raise _Refused
    seen_nodes.add(id(node))
    lines[here] = line
    if len(here) > MAX_YAML_DEPTH:
        report.error(path, line, f"nested more than {MAX_YAML_DEPTH} levels deep: no file of Debrief needs that")
        raise _Refused
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith((":int", ":float")):
        digits = sum(char.isdigit() for char in node.value)
        if digits > MAX_NUMBER_DIGITS:
            report.error(path, line, f"a number of {digits} digits: no figure of a report has more than {MAX_NUMBER_DIGITS}")
            raise _Refused
    elif isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node.value)[:40]
            if key in seen:
                report.error(path, key_node.start_mark.line + offset, f"duplicate key '{key}'")
            seen.add(key)
            key_line = key_node.start_mark.line + offset
            _record_lines(value_node, here + (key,), lines, offset, path, report, seen_nodes, key_line)
            lines[here + (key,)] = key_line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, here + (index,), lines, offset, path, report, seen_nodes, line)


def read_yaml(path: Path, report: Report) -> YamlDoc | None:
    text = read_text(path, report)
    return None if text is None else parse_yaml(text, path, report)


@dataclass(frozen=True)
class NoteFile:
    """A Markdown note: its front matter and its body, with the line the body starts on."""

    front: YamlDoc
    body: str
    body_line: int


def read_note(path: Path, report: Report) -> NoteFile | None:
    """Split a Markdown note into YAML front matter (between ``---`` lines) and body."""
    text = read_text(path, report)
    if text is None:
        return None
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        report.error(path, 1, "a note starts with YAML front matter between two '---' lines")
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            front = parse_yaml("".join(lines[1:index]) or "{}", path, report, first_line=2)
            if front is None:
                return None
            return NoteFile(front, "".join(lines[index + 1 :]), index + 2)
    report.error(path, 1, "front matter is not closed: add a '---' line after it")
    return None


def read_csv(path: Path, report: Report) -> CsvTable | None:
    """Read a CSV file with a header row; each row keeps its line number."""
    text = read_text(path, report)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
        rows = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                report.error(path, reader.line_num, f"row has {len(cells)} cells, the header has {len(header)}")
                continue
            rows.append((reader.line_num, dict(zip(header, (cell.strip() for cell in cells)))))
    except csv.Error as exc:
        report.error(path, reader.line_num, f"invalid CSV: {exc}")
        return None
    return CsvTable(header, rows)


# --- ad platform exports ------------------------------------------------------------------

MAX_EXPORT_BYTES = 1024 * 1024 * 1024
"""A year of ad-level daily rows is about 100 MB; CSV exports are read row by row, so a large one costs no memory."""
MAX_SPREADSHEET_BYTES = 100 * 1024 * 1024
"""XLSX files are read whole by the reader library: past this size, download CSV instead."""
SAMPLE_BYTES = 64 * 1024
_UNDECODED = re.compile("[\udc80-\udcff]")


def export_paths(folder: Path, pattern: str) -> list[Path]:
    """Files matching a ``sources: files:`` glob relative to the campaign ``folder``, in name order.

    Hidden files and Office's ``~$`` lock files are left out. Where they may lead
    (inside the client's folders only) is for the caller to check."""
    if Path(pattern).is_absolute():
        return []
    return sorted(p for p in folder.glob(pattern) if p.is_file() and not p.name.startswith((".", "~$")))


@dataclass(frozen=True)
class ExportFile:
    """An export opened for reading: its format and encoding, and a way to walk its rows once."""

    path: Path
    format: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None


def open_export(path: Path, language: str, preset: Any, report: Report) -> tuple[ExportFile, Iterator] | None:
    """Detect what ``path`` is (format by its bytes, encoding, delimiter, sheet) and iterate its rows lazily.

    The rows are ``(line, cells)``; a mistake found while reading (bytes that are
    not in the file's encoding, a broken quote) is added to ``report`` and ends the rows.
    """
    from .sources import detect

    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(SAMPLE_BYTES)
    except OSError as exc:
        report.error(path, 0, f"cannot read file: {exc.strerror}")
        return None
    if size > MAX_EXPORT_BYTES:
        report.error(path, 0, f"file is {size / 2**20:.0f} MB, over the {MAX_EXPORT_BYTES // 2**20} MB limit for exports: "
                              "download a shorter period per file")
        return None
    kind = detect.file_format(head)
    if kind == detect.ZIP:
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError) as exc:
            report.error(path, 0, f"a broken zip or XLSX file ({exc}): download it again")
            return None
        if "[Content_Types].xml" not in names:
            inner = [name for name in names if name.lower().endswith((".csv", ".tsv", ".txt"))]
            if len(inner) != 1:
                report.error(path, 0, "a zip file that is neither an XLSX workbook nor one zipped CSV")
                return None
            return _open_text(path, inner[0], language, preset, report)
        kind = detect.XLSX
    if kind in (detect.XLSX, detect.XLS):
        return _open_spreadsheet(path, kind, size, preset, report)
    return _open_text(path, None, language, preset, report)


def _open_text(path: Path, member: str | None, language: str, preset: Any, report: Report) -> tuple[ExportFile, Iterator] | None:
    from .sources import detect

    def raw():
        if member is None:
            return path.open("rb")
        return zipfile.ZipFile(path).open(member)

    with raw() as handle:
        sample = handle.read(SAMPLE_BYTES)
    if not sample.strip(b"\x00\r\n\t \xef\xbb\xbf\xff\xfe"):
        report.error(path, 0, "file is empty")
        return None
    encoding = detect.text_encoding(sample, language)
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample, final=False)
    delimiter = detect.sniff_delimiter(text, preset)
    opened = ExportFile(path, detect.CSV, encoding, delimiter, None)

    def rows() -> Iterator[tuple[int, list[str]]]:
        # surrogateescape keeps a bad byte in its row, so the error names that row's line
        with raw() as handle:
            stream = io.TextIOWrapper(handle, encoding=encoding, errors="surrogateescape", newline="")
            reader = csv.reader(stream, delimiter=delimiter)
            line = 1
            try:
                for cells in reader:
                    if _UNDECODED.search("".join(cells)):
                        report.error(path, line, f"bytes that are not {encoding} text: save the file again, unchanged, "
                                                 "from the platform")
                        return
                    yield line, cells
                    line = reader.line_num + 1
            except csv.Error as exc:
                report.error(path, line, f"invalid CSV: {exc}")

    return opened, rows()


def _open_spreadsheet(path: Path, kind: str, size: int, preset: Any, report: Report) -> tuple[ExportFile, Iterator] | None:
    from python_calamine import CalamineWorkbook

    from .sources import detect

    if size > MAX_SPREADSHEET_BYTES:
        report.error(path, 0, f"spreadsheet is {size / 2**20:.0f} MB, over the {MAX_SPREADSHEET_BYTES // 2**20} MB "
                              "limit for XLSX: download the report as CSV instead")
        return None
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = [workbook.get_sheet_by_index(i) for i in range(len(workbook.sheet_names))]
    except Exception as exc:  # calamine raises its own error types for every kind of broken workbook
        report.error(path, 0, f"cannot read this {kind.upper()} file: {exc}")
        return None
    chosen = sheets[0] if sheets else None
    for sheet in sheets:
        top = [list(row) for _, row in zip(range(detect.HEADER_SEARCH_ROWS), sheet.iter_rows())]
        if detect.find_header(top, preset) is not None:
            chosen = sheet
            break
    if chosen is None:
        report.error(path, 0, "the workbook has no sheet")
        return None
    first_row = chosen.start[0] + 1 if chosen.start else 1

    def rows() -> Iterator[tuple[int, list]]:
        for number, cells in enumerate(chosen.iter_rows(), start=first_row):
            yield number, list(cells)

    return ExportFile(path, kind, None, None, chosen.name), rows()
