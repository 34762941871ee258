"""Browser fixtures: the built sample site served on loopback, driven by Debian's Chromium."""
from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_directory(directory: Path):
    """Start a loopback HTTP server for a folder; returns (base_url, server)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def serve():
    """serve(folder) -> the URL of a loopback server for that folder, stopped at the end of the session."""
    servers = []

    def start(directory: Path) -> str:
        url, server = serve_directory(directory)
        servers.append(server)
        return url

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(built_site):
    url, server = serve_directory(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def public_site(tmp_path_factory) -> Path:
    """The sample data's public build (mkdocs.public.yml), once per test session."""
    from support import ROOT, run_build

    site = tmp_path_factory.mktemp("site-public")
    result = run_build(ROOT, site, config="mkdocs.public.yml")
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def public_site_url(public_site):
    url, server = serve_directory(public_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("找不到 Debian 的 Chromium（/usr/bin/chromium）：请运行 ./run.sh test，它会安装 chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class PageWatch:
    """What a page did besides rendering: requests to other hosts, console errors."""

    def __init__(self, page):
        self.page = page
        self.foreign_requests: list[str] = []
        self.console_errors: list[str] = []
        page.on("request", self._on_request)
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))

    def _on_request(self, request):
        host = urlparse(request.url).hostname
        if request.url.startswith(("data:", "blob:")):
            return
        if host not in ("127.0.0.1", "localhost", None):
            self.foreign_requests.append(request.url)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.watch = PageWatch(page)
    yield page
    context.close()


@pytest.fixture(scope="session")
def browser_with_settings(browser, tmp_path_factory):
    """A factory: Chromium with a profile whose Preferences hold `settings` (what a user sets in its settings page,
    such as the minimum font size), opened at `viewport`; returns the browser context (close it when done)."""
    def launch(settings: dict, viewport: dict):
        profile = tmp_path_factory.mktemp("chromium-profile")
        (profile / "Default").mkdir()
        (profile / "Default" / "Preferences").write_text(json.dumps(settings), encoding="utf-8")
        return browser.browser_type.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport=viewport, locale="zh-CN")
    return launch
