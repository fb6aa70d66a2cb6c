"""Hosting: a real nginx serves the built sites with the generated config and passwords."""

from __future__ import annotations

import base64
import hashlib
import contextlib
import grp
import http.client
import itertools
import os
import shutil
import socket
import ssl
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.commands import browser as chromium
from generator.cli import main
from generator.site.engines import ENGINES
from generator.commands.hosting import content_security_policy
from tests.support.agency import make_agency, write
from tests.support.engines import by_engine
from tests.support.git import git
from tests.support.searching import search
from tests.support.tools import IN_CI
from tests.support.pages import output_files

STAFF = ("emma", "staff-password-1")
ACME = ("ann.client", "acme-password-12")
GLOBEX = ("gus", "globex-password-1")
CREDENTIALS = f"""\
staff:
  {STAFF[0]}: {STAFF[1]}
clients:
  acme:
    {ACME[0]}: {ACME[1]}
  globex:
    {GLOBEX[0]}: {GLOBEX[1]}
"""
WORKERS = "www-data"
"""The user Debian's nginx runs its workers as."""
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}


def nginx_path() -> str:
    path = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if path:
        return path
    message = "nginx is not installed: run `apt-get install nginx-light` (.ci/run does it)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_credentials(folder: Path, text: str = CREDENTIALS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "credentials.yml"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def run_hosting(credentials: Path, site: Path, out: Path, *extra: str):
    return CliRunner().invoke(
        main, ["hosting", "nginx", "--credentials", str(credentials), "--site", str(site), "--out", str(out), *extra]
    )


def main_config(prefix: Path, server_block: Path, nginx: str) -> str:
    """A whole nginx.conf around the generated server block, with every writable path in ``prefix``."""
    modules = subprocess.run([nginx, "-V"], capture_output=True, text=True).stderr
    temp_paths = [f"client_body_temp_path {prefix}/client_body;"] + [
        f"{module}_temp_path {prefix}/{module};"
        for module in ("proxy", "fastcgi", "uwsgi", "scgi")
        if f"--without-http_{module}_module" not in modules
    ]
    # As on Debian: a root master, workers as www-data (without root, nginx runs all as the caller).
    user = f"user {WORKERS} {WORKERS};\n" if os.geteuid() == 0 else ""
    return (
        f"{user}worker_processes 1;\ndaemon off;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\n"
        "events { worker_connections 64; }\n"
        "http {\n  include /etc/nginx/mime.types;\n  access_log off;\n"
        + "".join(f"  {line}\n" for line in temp_paths)
        + f"  include {server_block};\n}}\n"
    )


@contextlib.contextmanager
def running_nginx(site: Path, root: Path, *options: str, tls: bool = False):
    """Write the config with ``debrief hosting nginx`` and run a real nginx on a free loopback port."""
    executable = nginx_path()
    port = free_port()
    result = run_hosting(write_credentials(root / "secrets"), site, root / "conf", "--listen", f"127.0.0.1:{port}", *options)
    assert result.exit_code == 0, result.output
    if os.geteuid() == 0:  # the README's step: sudo chgrp www-data /etc/nginx/debrief/*.htpasswd
        for password_file in (root / "conf").glob("*.htpasswd"):
            os.chown(password_file, -1, grp.getgrnam(WORKERS).gr_gid)
    prefix = root / "prefix"
    prefix.mkdir()
    conf = prefix / "nginx.conf"
    conf.write_text(main_config(prefix, root / "conf" / "debrief.conf", executable), encoding="utf-8")
    command = [executable, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(command)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((prefix / "error.log").read_text()) from None
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def public() -> Path:
    """A folder that nginx's www-data workers may enter, as /srv is (pytest's own temporary folders are 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="debrief-hosting-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def hosted(public: Path, engine: str) -> Path:
    """The small agency built with ``debrief build`` (and the test's engine) where nginx's workers can read it,
    as the README's step 2 does."""
    agency = make_agency(public / engine / "agency")
    out = public / engine / "site"
    result = CliRunner().invoke(main, ["build", "--source", str(agency), "--out", str(out), "-q", "--engine", engine])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def nginx(hosted: Path):
    """nginx serving the built agency over plain HTTP with the generated config."""
    with running_nginx(hosted, hosted.parent / "nginx") as port:
        yield port


def test_built_sites_are_readable_by_the_web_servers_workers(hosted):
    """mkdtemp makes 0700 folders; the output must come out as mkdir makes them, or www-data gets 403 everywhere."""
    for path in [hosted, *(Path(parent) / name for parent, folders, files in os.walk(hosted, followlinks=True)
                           for name in folders + files)]:
        assert stat.S_IMODE(path.stat().st_mode) & (0o005 if path.is_dir() else 0o004), path


CLIENT_ADDRESSES = (f"127.0.{n // 250}.{n % 250 + 2}" for n in itertools.count())
"""Each request comes from an address of its own (all of 127/8 is this machine), so the failed-login
limit, counted per address, holds for the rate-limit test alone."""


def get(port: int, path: str, user: tuple[str, str] | None = None, tls: bool = False,
        source: str | None = None) -> tuple[int, dict[str, str], str]:
    """GET the raw path (no client-side normalisation of '..' or '%2F')."""
    address = (source or next(CLIENT_ADDRESSES), 0)
    if tls:
        connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=ssl._create_unverified_context(),
                                                 source_address=address)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=address)
    headers = {}
    if user:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{user[0]}:{user[1]}".encode()).decode()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, dict(response.getheaders()), body


@pytest.mark.parametrize("path", ["/acme/", "/acme/index.html", "/acme/campaigns/spring.html", "/acme/search/search_index.json"])
def test_client_reads_own_site(nginx, path):
    status, _, body = get(nginx, path, ACME)
    assert status == 200
    assert "Globex" not in body


@pytest.mark.parametrize("path", ["/globex/", "/globex/index.html", "/internal/", "/internal/index.html",
                                  "/internal/acme/index.html", "/", "/acme/../internal/index.html"])
def test_client_is_refused_elsewhere(nginx, path):
    status, _, body = get(nginx, path, ACME)
    assert status in (401, 403)
    assert "Globex" not in body and "Our margin" not in body


@pytest.mark.parametrize("path", ["/acme/index.html", "/globex/index.html", "/internal/index.html", "/"])
def test_no_credentials_get_401(nginx, path):
    status, headers, _ = get(nginx, path)
    assert status == 401
    assert headers["WWW-Authenticate"].startswith("Basic")


def answer(port: int, path: str, user: tuple[str, str] | None = None) -> tuple[int, str, str]:
    """What a request tells about a path: status, realm and body (the date header left out)."""
    status, headers, body = get(port, path, user)
    return status, headers.get("WWW-Authenticate", ""), body


@pytest.mark.parametrize("real, made_up", [
    ("/acme", "/initech"), ("/acme/", "/initech/"), ("/acme/index.html", "/initech/index.html"),
    ("/internal", "/intranet"), ("/internal/acme/", "/internal/initech/"), ("/acme/campaigns/", "/acme/nothing-here/"),
    ("/globex", "/acme-old"), ("/acme/..%2f", "/initech/..%2f"),
])
def test_without_credentials_real_and_made_up_paths_answer_alike(nginx, real, made_up):
    """No one can list the clients that have a site: every path answers 401 with one realm and one body."""
    assert answer(nginx, real) == answer(nginx, made_up)
    assert answer(nginx, real)[0] == 401


def test_a_client_folder_without_its_slash_redirects_after_the_login(nginx):
    status, headers, _ = get(nginx, "/acme", ACME)
    assert status == 301 and headers["Location"] == "/acme/"
    assert get(nginx, "/globex", ACME)[0] == 401


def test_failed_logins_are_rate_limited_and_the_right_password_still_works(hosted, public):
    """200 wrong passwords in a row: after the burst nginx refuses (429); good credentials are never limited."""
    guesser = "127.1.0.1"
    with running_nginx(hosted, public / "rate-limit") as port:
        statuses = [get(port, "/acme/index.html", (ACME[0], f"wrong-password-{n}"), source=guesser)[0] for n in range(200)]
        assert get(port, "/acme/index.html", ACME, source=guesser)[0] == 200
        assert get(port, "/internal/index.html", STAFF, source=guesser)[0] == 200
        assert get(port, "/globex/index.html", source=guesser)[0] == 429, "requests without credentials count too"
        assert get(port, "/globex/index.html")[0] == 401, "another address has its own allowance"
    allowed = statuses.count(401)
    assert set(statuses) == {401, 429}
    assert 20 <= allowed <= 40, allowed  # the burst (30) and at most a few more at one every two seconds
    assert statuses[-1] == 429


def test_each_rebuild_is_served_at_once_without_reloading_nginx(public):
    """The config's root is the output's link, not the generation it points to: nginx follows it to every new one."""
    agency = make_agency(public / "republished" / "agency")
    out = public / "republished" / "site"
    client = (agency / "campaigns/acme/client.yml").read_text(encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "--source", str(agency), "--out", str(out), "-q"]).exit_code == 0
    with running_nginx(out, public / "republished" / "nginx") as port:
        assert f'root "{out}";' in (public / "republished" / "nginx" / "conf" / "debrief.conf").read_text()
        assert "Acme Widgets" in get(port, "/acme/index.html", ACME)[2]
        for name in ("Acme Gadgets", "Acme Tools"):  # two rebuilds: the first generation is gone from the store
            write(agency, "campaigns/acme/client.yml", client.replace("Acme Widgets", name))
            assert CliRunner().invoke(main, ["build", "--source", str(agency), "--out", str(out), "-q"]).exit_code == 0
            status, _, body = get(port, "/acme/index.html", ACME)
            assert status == 200 and name in body and "Acme Widgets" not in body
            assert name in get(port, "/internal/index.html", STAFF)[2]
            assert get(port, "/globex/index.html", GLOBEX)[0] == 200
            assert get(port, "/acme/index.html", GLOBEX)[0] == 401


def test_wrong_password_gets_401(nginx):
    assert get(nginx, "/acme/index.html", (ACME[0], "not-the-password"))[0] == 401
    assert get(nginx, "/acme/index.html", (GLOBEX[0], GLOBEX[1]))[0] == 401


@pytest.mark.parametrize("path", ["/acme/index.html", "/globex/index.html", "/internal/index.html",
                                  "/internal/acme/index.html", "/internal/globex/meetings/2026-03-03-post-mortem.html"])
def test_staff_read_everything(nginx, path):
    status, _, body = get(nginx, path, STAFF)
    assert status == 200
    assert "</html>" in body


@pytest.mark.parametrize("path", [
    "/acme/../globex/index.html",
    "/acme/%2e%2e/globex/index.html",
    "/acme/..%2Fglobex/index.html",
    "/acme%2F..%2Fglobex%2Findex.html",
    "/acme/%2E%2E%2Fglobex%2Findex.html",
    "/acme/..%252Fglobex/index.html",
    "/acme/%252e%252e/globex/index.html",
    "//globex/index.html",
    "/acme//..//globex/index.html",
    "/acme/./../globex/./index.html",
    "/acme/..;/globex/index.html",
    "/acme/..\\globex\\index.html",
    "/ACME/../globex/index.html",
    "/acme/../internal/acme/index.html",
    "/acme/%2e%2e/%2e%2e/internal/index.html",
])
def test_path_tricks_do_not_cross_clients(nginx, path):
    status, _, body = get(nginx, path, ACME)
    assert status in (400, 401, 403, 404), (status, body[:200])
    assert "Globex" not in body and "Internal note body" not in body


def test_security_headers_on_every_response(nginx):
    for path, user in [("/acme/index.html", ACME), ("/globex/index.html", ACME), ("/acme/nope.html", ACME),
                       ("/acme/assets/javascripts/charts.js", ACME)]:
        _, headers, _ = get(nginx, path, user)
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name) == value, (path, name)
        assert "default-src 'none'" in headers["Content-Security-Policy"]
        assert "unsafe-eval" not in headers["Content-Security-Policy"]


def test_no_directory_listing(nginx):
    status, _, body = get(nginx, "/acme/assets/javascripts/", STAFF)
    assert status == 403
    assert "charts.js" not in body


@by_engine
def test_csp_satisfied_in_browser(nginx, browser, engine):
    """Through nginx with its CSP, for either engine's pages: charts draw, search works, no violation,
    no request elsewhere."""
    origin = f"http://127.0.0.1:{nginx}"
    context = browser.new_context(http_credentials={"username": ACME[0], "password": ACME[1]})
    page = context.new_page()
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    page.goto(f"{origin}/acme/campaigns/spring.html")
    chromium.draw_charts(page)
    assert page.locator(".debrief-chart svg").count() == page.locator(".debrief-chart").count() >= 3
    page.locator(".debrief-chart svg").first.hover()
    assert "/acme/campaigns/spring.html" in search(page, engine, "Orders")
    page.locator("a[role=option], .md-search-result__item > a").first.click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{origin}/acme/index.html")
    page.locator("a[href$='satisfaction.html']").first.click()  # Material's instant navigation
    page.wait_for_load_state("networkidle")
    context.close()
    assert problems == [], "\n".join(problems)
    assert requests and all(url.startswith(origin + "/acme/") for url in requests), requests


def test_https_with_a_certificate(hosted, public):
    """With --certificate nginx serves HTTPS itself, and tells browsers to stay on it."""
    root = public / "https"
    root.mkdir()
    certificate, key = root / "cert.pem", root / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "2",
                    "-keyout", str(key), "-out", str(certificate)], check=True, capture_output=True)
    with running_nginx(hosted, root, "--certificate", str(certificate), "--certificate-key", str(key)) as port:
        status, headers, _ = get(port, "/acme/index.html", ACME, tls=True)
        assert status == 200
        assert headers["Strict-Transport-Security"] == "max-age=31536000"
        assert get(port, "/globex/index.html", ACME, tls=True)[0] == 401


def test_htpasswd_holds_bcrypt_hashes_only(built, tmp_path):
    assert run_hosting(write_credentials(tmp_path / "secrets"), built, tmp_path / "conf").exit_code == 0
    acme = (tmp_path / "conf" / "acme.htpasswd").read_text()
    users = dict(line.split(":", 1) for line in acme.splitlines())
    assert sorted(users) == sorted([ACME[0], STAFF[0]])
    assert all(hashed.startswith("$2y$") and len(hashed) == 60 for hashed in users.values())
    assert ACME[1] not in acme and STAFF[1] not in acme
    assert GLOBEX[0] not in acme
    assert oct((tmp_path / "conf" / "acme.htpasswd").stat().st_mode & 0o777) == "0o640"


@pytest.mark.parametrize("state, refused", [("tracked", True), ("untracked", True), ("ignored", False)])
def test_credentials_inside_git_are_refused_unless_ignored(built, tmp_path, state, refused):
    repo = tmp_path / "repo"
    credentials = write_credentials(repo)
    git(repo, "init", "-q")
    if state == "tracked":
        git(repo, "add", "credentials.yml")
    if state == "ignored":
        (repo / ".gitignore").write_text("credentials.yml\n")
    result = run_hosting(credentials, built, tmp_path / "conf")
    assert result.exit_code == (1 if refused else 0), result.output
    assert (tmp_path / "conf" / "debrief.conf").exists() != refused
    if refused:
        assert "credentials.yml: passwords" in result.output


@pytest.mark.parametrize("credentials, expected", [
    pytest.param("staff:\n  emma: short\n", "credentials.yml:2: 'staff.emma': String should have at least 12 characters",
                 id="short-password"),
    pytest.param(CREDENTIALS + f"  initech:\n    {STAFF[0]}: {STAFF[1]}\n", "credentials.yml:9: user 'emma' is already listed under staff",
                 id="user-in-two-places"),
    pytest.param(CREDENTIALS.replace("  globex:", "  initech:"), "no site for client 'initech' here", id="unknown-client"),
    pytest.param(CREDENTIALS.replace("  globex:", "  internal:"), "credentials.yml:6: 'internal' is not a client", id="reserved"),
    pytest.param(CREDENTIALS + "admins: {}\n", "credentials.yml:8: unknown key 'admins'", id="unknown-key"),
    pytest.param("staff:\n  emma: " + "x" * 73 + "\n", "credentials.yml:2: 'staff.emma': the passphrase is 73 bytes long in UTF-8, "
                 "over the 72 bytes bcrypt reads", id="bcrypt-73-bytes"),
    pytest.param("staff:\n  emma: " + "пароль" * 7 + "да" + "\n", "credentials.yml:2: 'staff.emma': the passphrase is 88 bytes",
                 id="bcrypt-44-cyrillic-characters"),
    pytest.param(CREDENTIALS + "  hanbit:\n    min: " + "비밀번호" * 7 + "이다\n", "credentials.yml:9: 'clients.hanbit.min': "
                 "the passphrase is 90 bytes", id="bcrypt-30-korean-characters"),
    pytest.param(CREDENTIALS.replace("  globex:", "  staff:"), "credentials.yml:6: a client named 'staff' would share Debrief's own",
                 id="client-named-staff"),
    pytest.param(CREDENTIALS.replace(f"{ACME[0]}:", "ann client:"), "credentials.yml:5: 'clients.acme.ann client", id="bad-user-name"),
])
def test_bad_credentials_are_reported_without_passwords(built, tmp_path, credentials, expected):
    result = run_hosting(write_credentials(tmp_path / "secrets", credentials), built, tmp_path / "conf")
    assert result.exit_code == 1
    assert expected in result.output
    assert "(found" not in result.output and STAFF[1] not in result.output  # no password echoed
    assert not (tmp_path / "conf").exists()


@pytest.mark.parametrize("out, reason", [
    pytest.param(lambda site, tmp: site / "acme" / "conf", "is inside the web root", id="inside-the-web-root"),
    pytest.param(lambda site, tmp: site, "is inside the web root", id="the-web-root"),
    pytest.param(lambda site, tmp: site.parent, "holds the web root", id="holds-the-web-root"),
    pytest.param(lambda site, tmp: tmp / "etc", "already holds files Debrief did not write (nginx.conf)", id="users-folder"),
])
def test_config_folder_that_is_not_its_own_is_refused(built, tmp_path, out, reason):
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "nginx.conf").write_text("the user's own config\n")
    target = out(built, tmp_path)
    result = run_hosting(write_credentials(tmp_path / "secrets"), built, target)
    assert result.exit_code == 2, result.output
    assert reason in result.output
    assert not (target / "debrief.conf").exists() and not (target / "staff.htpasswd").exists()
    assert (tmp_path / "etc" / "nginx.conf").read_text() == "the user's own config\n"


def test_config_folder_of_its_own_is_rewritten_and_keeps_no_old_passwords(built, tmp_path):
    conf = tmp_path / "conf"
    assert run_hosting(write_credentials(tmp_path / "secrets"), built, conf).exit_code == 0
    assert (conf / "globex.htpasswd").is_file()
    without_globex = CREDENTIALS.split("  globex:")[0]
    result = run_hosting(write_credentials(tmp_path / "secrets", without_globex), built, conf)
    assert result.exit_code == 0, result.output
    assert not (conf / "globex.htpasswd").exists(), "a client taken out of the credentials keeps no password file"
    (conf / "notes.txt").write_text("the user's\n")
    result = run_hosting(write_credentials(tmp_path / "secrets"), built, conf)
    assert result.exit_code == 2 and "beside its own (notes.txt)" in result.output
    assert (conf / "notes.txt").read_text() == "the user's\n"


def test_csp_never_allows_a_script_from_the_pages_data(built, tmp_path):
    """Only Material's inline scripts are hashed into the CSP; any other is reported and stays blocked."""
    site = tmp_path / "site"
    shutil.copytree(built, site)
    page = site / "acme" / "index.html"
    page.write_text(page.read_text().replace("</body>", "<script>alert(1)</script></body>"))
    result = run_hosting(write_credentials(tmp_path / "secrets"), site, tmp_path / "conf")
    assert result.exit_code == 0
    assert "acme/index.html: an inline script the Content-Security-Policy blocks" in result.output
    injected = base64.b64encode(hashlib.sha256(b"alert(1)").digest()).decode()
    config = (tmp_path / "conf" / "debrief.conf").read_text()
    assert "script-src 'self' 'sha256-" in config and injected not in config


@by_engine
def test_csp_allows_only_the_stylesheet_zensicals_search_dialog_adds(built, engine):
    """Zensical's script writes its search dialog's stylesheet into a <style>: allowed by its hash, read
    from the script; Material's pages add none, so their style-src is the site's own files alone."""
    policy, blocked = content_security_policy(built)
    style_src = next(directive for directive in policy.split("; ") if directive.startswith("style-src "))
    assert blocked == []
    if engine == "mkdocs":
        assert style_src == "style-src 'self'"
        return
    [bundle] = {path.name: path for path in output_files(built, "assets/javascripts/bundle.*.js")}.values()
    [stylesheet] = ENGINES["zensical"].scripted_styles(bundle.read_text(encoding="utf-8"))
    assert "backdrop-filter" in stylesheet  # the dialog's backdrop: the stylesheet itself, not a fragment
    digest = base64.b64encode(hashlib.sha256(stylesheet.encode("utf-8")).digest()).decode()
    assert style_src == f"style-src 'self' 'sha256-{digest}'"
