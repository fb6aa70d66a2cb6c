"""Load is the one way into the user's files: no stage after it lists, stats or opens one.

A newcomer asking "where is this file read?" opens ``generator/load.py``; this test
keeps that answer true by reading every module of the package for file-system calls."""

from __future__ import annotations

import ast
from pathlib import Path

import generator

PACKAGE = Path(generator.__file__).parent

FILE_SYSTEM = {
    "open", "read_text", "read_bytes", "write_text", "write_bytes", "iterdir", "stat", "lstat", "scandir",
    "listdir", "walk", "glob", "rglob", "is_file", "is_dir", "exists", "is_symlink", "resolve", "realpath",
    "isfile", "isdir", "samefile",
}
"""Calls that touch the file system, whether on a ``Path``, on ``os`` / ``os.path`` or built in."""

MAY_TOUCH_FILES = {
    "load.py": "reads the source tree: the one place",
    "site": "writes and builds each site's work folder, the output after load",
    "commands": "what a command does beyond a build (new files, PDFs, hosting, mail, serve)",
    "cli.py": "paths given on the command line",
    "pipeline.py": "the validated clients kept by fingerprint in the work root, and the clients' folder names",
    "fingerprint.py": "hashes what each site is made from, to know before loading whether it is stale",
    "outputs.py": "checks the output folder is Debrief's before anything is written into it",
    "i18n.py": "the package's own message catalogs",
    "questions.py": "the package's own question list",
}
"""Every module that touches files, and why; anything else (validate, sources, compute, render, charts) may not."""


def file_system_calls(path: Path) -> list[str]:
    """``line: call`` for each file-system call in the module; calls to ``load``'s own functions are the allowed way in."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "open":
            found.append(f"{node.lineno}: open")
        elif isinstance(func, ast.Attribute) and func.attr in FILE_SYSTEM:
            receiver = func.value
            if isinstance(receiver, ast.Name) and receiver.id in ("load", "loading"):
                continue
            found.append(f"{node.lineno}: {ast.unparse(func)}")
    return found


def test_no_module_but_load_and_the_sites_reads_files():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in MAY_TOUCH_FILES or relative.as_posix() in MAY_TOUCH_FILES:
            continue
        calls = file_system_calls(path)
        if calls:
            offenders[relative.as_posix()] = calls
    assert offenders == {}, "read files through generator/load.py (or say in MAY_TOUCH_FILES why a module must)"


def test_the_scan_sees_each_kind_of_file_system_call(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "import os\nfrom pathlib import Path\n"
        "open('a')\nPath('a').read_text()\nos.walk('.')\nPath('.').iterdir()\nPath('a').stat()\n"
        "load.read_yaml(path, report)\n",
        encoding="utf-8",
    )
    assert [call.split(": ")[1] for call in file_system_calls(module)] == [
        "open", "Path('a').read_text", "os.walk", "Path('.').iterdir", "Path('a').stat",
    ]
