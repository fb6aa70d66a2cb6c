"""Host the built sites with nginx: each client's users see only their site, staff see all.

``debrief hosting nginx`` writes an nginx ``server`` block and one htpasswd file per
client (bcrypt hashes). Access is deny-by-default: every path needs agency staff
credentials unless it lies under a client's own folder, where that client's users
are accepted too. nginx normalises the URI (``..``, ``%2F``, ``//``) before it picks
the location, and serves the file of that same normalised URI, so no path trick
moves a request into another client's folder with the first client's password.

The Content-Security-Policy allows exactly what the built pages need: scripts from
the site itself plus Material's small inline scripts (by hash, read from the built
pages; Zensical's are the same), the stylesheet Zensical's search dialog writes into
the page (by hash, read from its bundle), no ``eval`` (charts.js asks Vega for its
expression interpreter) and no request to any other host.
"""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated

import bcrypt
from pydantic import AfterValidator, StringConstraints

from .. import load, outputs
from ..site.engines import scripted_styles
from ..site.publish import published_path
from ..layout import reserved
from ..models import SLUG, Contract
from ..problems import InvalidSource, Problem, Report
from ..validate import check_model

UserName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._@-]*$")]
BCRYPT_MAX_BYTES = 72


def _bcrypt_reads_it_whole(password: str) -> str:
    """bcrypt (what nginx checks) reads at most 72 bytes: a longer passphrase would be cut, so it is refused."""
    size = len(password.encode("utf-8"))
    if size > BCRYPT_MAX_BYTES:
        raise ValueError(f"the passphrase is {size} bytes long in UTF-8, over the {BCRYPT_MAX_BYTES} bytes bcrypt reads "
                         "(a Cyrillic, Korean or Chinese character takes 2 or 3): choose a shorter one")
    return password


Password = Annotated[str, StringConstraints(min_length=12), AfterValidator(_bcrypt_reads_it_whole)]
BCRYPT_ROUNDS = 7
"""nginx checks the password on every request (a page is a dozen), blocking its worker:
cost 7 is about 10 ms a check. Guessing is kept out by the 12-character minimum instead."""
TABLE_ALIGNMENTS = ("text-align: left;", "text-align: right;", "text-align: center;")
"""The only inline styles Debrief pages carry: Markdown table column alignment."""
MATERIAL_INLINE_SCRIPTS = ("__md_scope=new URL(", "var palette=__md_get(", "var target=document.getElementById(location.hash")
"""How Material's own inline scripts begin (Zensical's too). Only these are allowed (by hash): were a
value from the data ever to end up as a script, the CSP would still block it."""
INLINE_SCRIPT = re.compile(r"<script(?P<attributes>[^>]*)>(?P<code>.*?)</script>", re.S)
STYLE_ATTRIBUTE = re.compile(r'\sstyle="(?P<style>[^"]*)"')
FOUND_VALUE = re.compile(r" \(found .*\)$")
REALM = "Debrief"
STAFF_FILE = "staff.htpasswd"
DENIED_FILE = "denied.htpasswd"
"""No users: the location that answers failed logins asks again for credentials, and accepts none."""
OWN_FILE_NAMES = {STAFF_FILE.removesuffix(".htpasswd"), DENIED_FILE.removesuffix(".htpasswd")}
"""Client slugs whose password file would be one of Debrief's own."""
LOGIN_ZONE = "debrief_logins"
LOGIN_RATE = "30r/m"
LOGIN_BURST = 30
LISTEN = re.compile(r"^(\[[0-9a-fA-F:]+\]:|[A-Za-z0-9.-]+:)?[0-9]{1,5}$")
SERVER_NAME = re.compile(r"^[A-Za-z0-9.*_-]+( [A-Za-z0-9.*_-]+)*$")
NGINX_UNSAFE = re.compile(r'[\x00-\x1f"$;{}\\]')
"""Characters a path may not contain inside a quoted nginx string (``$`` starts a variable)."""


class CredentialsFile(Contract):
    """Who may read which site. Passwords are plain here; nginx only ever sees bcrypt hashes."""

    staff: dict[UserName, Password]
    """Agency staff: every site, including /internal/."""
    clients: dict[Annotated[str, StringConstraints(pattern=SLUG.pattern)], dict[UserName, Password]] = {}
    """Per client slug, the client's own users: only /<client>/."""


@dataclass(frozen=True)
class Server:
    """Where nginx listens, and the TLS certificate when it serves HTTPS itself."""

    listen: str = "8080"
    server_name: str = "_"
    certificate: Path | None = None
    certificate_key: Path | None = None


@dataclass(frozen=True)
class Written:
    config: Path
    password_files: list[Path]
    warnings: list[str]


def read_credentials(path: Path) -> tuple[CredentialsFile, list[str]]:
    """The validated credentials file and warnings; refuses one that git could publish."""
    path = path.resolve()
    report = Report(path.parent)
    refusal = published_by_git(path)
    if refusal:
        raise InvalidSource([Problem(path.as_posix(), 0, refusal)])
    doc = load.read_yaml(path, report)
    credentials = check_model(CredentialsFile, doc, path, report) if doc else None
    if credentials is not None:
        _check_users(credentials, doc, path, report)
    if report.errors or credentials is None:
        # Messages quote the offending value; here that may be a password, so drop the quote.
        raise InvalidSource([replace(p, message=FOUND_VALUE.sub("", p.message)) for p in report.errors])
    warnings = []
    if path.stat().st_mode & 0o077:
        warnings.append(f"{path}: readable by other users of this machine: run chmod 600 {path}")
    return credentials, warnings


def published_by_git(path: Path) -> str | None:
    """Why the file must not be used, when git tracks it or would pick it up with `git add`."""
    def git(*args: str) -> int:
        try:
            return subprocess.run(["git", *args], cwd=path.parent, capture_output=True).returncode
        except FileNotFoundError:  # no git on this machine: nothing can commit the file
            return 1
    if git("rev-parse", "--is-inside-work-tree") != 0:
        return None
    if git("ls-files", "--error-unmatch", path.name) == 0:
        return "passwords in a file that git tracks: move it out of the repository (and change every password in it)"
    if git("check-ignore", "-q", path.name) != 0:
        return "passwords inside a git repository and not ignored: move the file out of the repository or add it to .gitignore"
    return None


def _check_users(credentials: CredentialsFile, doc: load.YamlDoc, path: Path, report: Report) -> None:
    """A user name means one person: not both staff and a client's user, nor in two clients."""
    owner = {user: "staff" for user in credentials.staff}
    for slug, users in credentials.clients.items():
        if reserved(slug):
            report.error(path, doc.line_of(("clients", slug)), f"'{slug}' is not a client: only staff may read /{slug}/")
        elif slug in OWN_FILE_NAMES:
            report.error(path, doc.line_of(("clients", slug)),
                         f"a client named '{slug}' would share Debrief's own {slug}.htpasswd: rename the client's folder")
        for user in users:
            if user in owner:
                report.error(path, doc.line_of(("clients", slug, user)), f"user '{user}' is already listed under {owner[user]}")
            owner.setdefault(user, f"clients.{slug}")


def content_security_policy(site: Path) -> tuple[str, list[str]]:
    """The CSP the built pages satisfy (their own files, the engine's inline scripts and scripted
    stylesheets by hash), and a warning for each page with an inline script or style the CSP will block."""
    scripts: set[str] = set()
    blocked: set[str] = set()
    for page in sorted(p for p in outputs.files_in(site) if p.suffix == ".html"):
        html = page.read_text(encoding="utf-8")
        for match in INLINE_SCRIPT.finditer(html):
            if "src=" in match["attributes"] or "application/json" in match["attributes"]:
                continue
            if match["code"].startswith(MATERIAL_INLINE_SCRIPTS):
                scripts.add(match["code"])
            else:
                blocked.add(f"{page.relative_to(site)}: an inline script the Content-Security-Policy blocks")
        if any(m["style"] not in TABLE_ALIGNMENTS for m in STYLE_ATTRIBUTE.finditer(html)):
            blocked.add(f"{page.relative_to(site)}: an inline style the Content-Security-Policy blocks")
    policy = "; ".join([
        "default-src 'none'",
        " ".join(["script-src 'self'", *(_hash(code) for code in sorted(scripts))]),
        " ".join(["style-src 'self'", *(_hash(style) for style in scripted_styles(site))]),
        " ".join(["style-src-attr 'unsafe-hashes'", *(_hash(style) for style in TABLE_ALIGNMENTS)]),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ])
    return policy, sorted(blocked)


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def htpasswd(users: dict[str, str]) -> str:
    """``user:$2y$...`` lines; $2y$ is the bcrypt prefix Apache's htpasswd writes and nginx reads."""
    lines = []
    for user, password in sorted(users.items()):
        hashed = bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=BCRYPT_ROUNDS)).decode("ascii")
        lines.append(f"{user}:$2y${hashed.removeprefix('$2b$')}\n")
    return "".join(lines)


def nginx_config(site: Path, out: Path, clients: list[str], server: Server, csp: str) -> str:
    """An nginx ``server`` block: staff-only by default, ``/<client>/`` for its users and staff."""
    tls = server.certificate is not None and server.certificate_key is not None
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Robots-Tag": "noindex, nofollow",
        "X-Frame-Options": "DENY",
        "Cache-Control": "private",
        "Content-Security-Policy": csp,
        **({"Strict-Transport-Security": "max-age=31536000"} if tls else {}),
    }
    lines = [
        "# Written by `debrief hosting nginx`: run it again instead of editing (after every",
        "# change of credentials, and after upgrading Debrief). Include it in nginx's http { } block.",
        "",
        "# Failed logins per client address: a burst for typing mistakes, then one every two seconds.",
        f"limit_req_zone $binary_remote_addr zone={LOGIN_ZONE}:10m rate={LOGIN_RATE};",
        "",
        "server {",
        f"    listen {server.listen}{' ssl' if tls else ''};",
        f"    server_name {server.server_name};",
        *([f"    ssl_certificate {_quoted(server.certificate)};",  # type: ignore[arg-type]
           f"    ssl_certificate_key {_quoted(server.certificate_key)};"] if tls else []),  # type: ignore[arg-type]
        f"    root {_quoted(site)};",
        "    index index.html;",
        "    autoindex off;",
        "    server_tokens off;",
        "    absolute_redirect off;",
        "    charset utf-8;",
        "",
        *(f'    add_header {name} "{value}" always;' for name, value in headers.items()),
        "",
        "    # A failed login is answered from here, so only failed logins count against the limit.",
        "    # Every location has the same realm: without credentials, a client's folder and a",
        "    # made-up one answer alike, and nobody can list which clients have a site.",
        "    error_page 401 = @login_failed;",
        "    location @login_failed {",
        f"        limit_req zone={LOGIN_ZONE} burst={LOGIN_BURST} nodelay;",
        "        limit_req_status 429;",
        f'        auth_basic "{REALM}";',
        f"        auth_basic_user_file {_quoted(out / DENIED_FILE)};",
        "    }",
        "",
        "    # Everything not listed below, /internal/ included: agency staff only.",
        "    location / {",
        f'        auth_basic "{REALM}";',
        f"        auth_basic_user_file {_quoted(out / STAFF_FILE)};",
        "    }",
    ]
    for slug in clients:
        user_file = _quoted(out / f"{slug}.htpasswd")
        lines += [
            "",
            f"    # {slug}: its own users and agency staff (/{slug} is redirected to /{slug}/ after the login).",
            f"    location = /{slug} {{",
            f'        auth_basic "{REALM}";',
            f"        auth_basic_user_file {user_file};",
            "    }",
            f"    location ^~ /{slug}/ {{",
            f'        auth_basic "{REALM}";',
            f"        auth_basic_user_file {user_file};",
            "    }",
        ]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _forget_old_password_files(out: Path, current: set[Path]) -> None:
    """Delete the password files an earlier run wrote for clients no longer listed (only those: the manifest says which)."""
    earlier = (outputs.read_manifest(out) or {}).get("files", [])
    for name in earlier:
        path = out / str(name)
        if path.suffix == ".htpasswd" and path not in current and path.parent == out and path.is_file():
            path.unlink()


def _quoted(path: Path) -> str:
    text = path.as_posix()
    if NGINX_UNSAFE.search(text):
        raise InvalidSource([Problem(text, 0, 'path has a character nginx would misread (" $ ; { } \\ or a control character): use another folder')])
    return f'"{text}"'


def write_nginx(credentials: CredentialsFile, site: Path, out: Path, server: Server) -> Written:
    """Write ``debrief.conf`` and the htpasswd files into ``out``; the site must be built."""
    site, out = published_path(site), out.resolve()  # the link itself: nginx follows it to each new generation
    problems = [
        Problem(site.as_posix(), 0, f"no site for client '{slug}' here: build it first (debrief build) or fix the slug")
        for slug in credentials.clients if not (site / slug / "index.html").is_file()
    ]
    if not (site / "internal" / "index.html").is_file():
        problems.append(Problem(site.as_posix(), 0, "no built sites here: run debrief build first, or pass --site"))
    if problems:
        raise InvalidSource(problems)
    outputs.check_location(out, f"--out {out}", web_root=site)
    outputs.check_replaceable(out, "hosting", f"--out {out}")
    built = sorted(p.name for p in site.iterdir() if (p / "index.html").is_file() and not reserved(p.name))
    clients = sorted(credentials.clients)
    csp, blocked = content_security_policy(site)
    config = nginx_config(site, out, clients, server, csp)
    out.mkdir(parents=True, exist_ok=True)
    files = {out / STAFF_FILE: htpasswd(credentials.staff)}
    for slug in clients:
        files[out / f"{slug}.htpasswd"] = htpasswd({**credentials.clients[slug], **credentials.staff})
    for path, text in files.items():
        path.touch(mode=0o640)
        path.chmod(0o640)  # readable by nginx's group (chgrp www-data), not by everyone
        path.write_text(text, encoding="utf-8")
    denied = out / DENIED_FILE
    denied.write_text("", encoding="utf-8")
    denied.chmod(0o644)  # holds nothing secret
    config_path = out / "debrief.conf"
    config_path.write_text(config, encoding="utf-8")
    _forget_old_password_files(out, {*files, denied})
    outputs.write_manifest(out, "hosting", [path.name for path in [config_path, denied, *files]])
    without_users = [slug for slug in built if slug not in credentials.clients]
    warnings = [f"{slug}: no client users in the credentials file, only staff can read /{slug}/" for slug in without_users]
    warnings += blocked
    return Written(config_path, sorted(files), warnings)
