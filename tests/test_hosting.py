"""Hosting: a real nginx serves the built sites with the generated config and passwords."""

from __future__ import annotations

import base64
import hashlib
import contextlib
import http.client
import os
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import browser as chromium
from generator.cli import main
from tests.conftest import IN_CI, by_engine
from tests.searching import search

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
    user = "user root root;\n" if os.geteuid() == 0 else ""  # workers must read files in the test's private tmp
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
def nginx(built: Path, tmp_path_factory: pytest.TempPathFactory):
    """nginx serving the built agency over plain HTTP with the generated config."""
    with running_nginx(built, tmp_path_factory.mktemp("hosting")) as port:
        yield port


def get(port: int, path: str, user: tuple[str, str] | None = None, tls: bool = False) -> tuple[int, dict[str, str], str]:
    """GET the raw path (no client-side normalisation of '..' or '%2F')."""
    if tls:
        connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=ssl._create_unverified_context())
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
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


def test_https_with_a_certificate(built, tmp_path):
    """With --certificate nginx serves HTTPS itself, and tells browsers to stay on it."""
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "2",
                    "-keyout", str(key), "-out", str(certificate)], check=True, capture_output=True)
    with running_nginx(built, tmp_path, "--certificate", str(certificate), "--certificate-key", str(key)) as port:
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


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


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
    pytest.param(CREDENTIALS.replace(f"{ACME[0]}:", "ann client:"), "credentials.yml:5: 'clients.acme.ann client", id="bad-user-name"),
])
def test_bad_credentials_are_reported_without_passwords(built, tmp_path, credentials, expected):
    result = run_hosting(write_credentials(tmp_path / "secrets", credentials), built, tmp_path / "conf")
    assert result.exit_code == 1
    assert expected in result.output
    assert "(found" not in result.output and STAFF[1] not in result.output  # no password echoed
    assert not (tmp_path / "conf").exists()


def test_config_folder_inside_the_web_root_is_refused(built, tmp_path):
    result = run_hosting(write_credentials(tmp_path / "secrets"), built, built / "acme" / "conf")
    assert result.exit_code == 1
    assert "inside the web root" in result.output
    assert not (built / "acme" / "conf").exists()


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
