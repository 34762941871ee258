"""Test helpers shared by every test folder: the project root, project copies, real builds, page text."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sample_campaign():
    """The sample's campaign definition (data/campaign.yml), for ledgers made by hand in tests."""
    from ledger.records.load import load_campaign
    return load_campaign(ROOT / "data")


def sample_template():
    """The sample's report template (templates/report.yml), checked against its campaign."""
    from ledger.views.report_template import load_template
    return load_template(ROOT / "templates" / "report.yml", sample_campaign())



_NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "site", "__pycache__", ".pytest_cache", ".hypothesis",
                                     "*.egg-info", "tests", "bench", ".cache",
                                     "node_modules", "screenshots-not-committed")


def copy_project(destination: Path) -> Path:
    """A copy of everything a build reads, so a test may change records freely."""
    shutil.copytree(ROOT, destination, ignore=_NOT_COPIED, dirs_exist_ok=True)
    return destination


def run_build(project: Path, site_dir: Path, *extra: str, env: dict[str, str] | None = None,
              config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of a project; config: mkdocs.yml, or mkdocs.public.yml for the public build."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / config),
         "-d", str(site_dir), *extra],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )


class _TextExtractor(HTMLParser):
    """The visible text of a page's main article, whitespace collapsed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article" or self.depth:
            self.depth += 1 if tag not in ("br", "img", "hr", "input", "meta", "link") else 0

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def article_text(html_file: Path) -> str:
    return article_text_of(html_file.read_text(encoding="utf-8"))


def article_text_of(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    return "".join("".join(parser.parts).split())


def wait_for_text(url: str, text: str, timeout: float, poll: float = 0.1) -> str:
    """The page at url once it contains text (a server starting, a preview rebuilding); fails after timeout."""
    deadline, body = time.monotonic() + timeout, ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read().decode("utf-8")
            if text in body:
                return body
        except OSError:
            pass
        time.sleep(poll)
    raise AssertionError(f"{url} 在 {timeout} 秒内没有出现「{text}」")


def free_port() -> int:
    """A loopback port nothing listens on now, for a server a test starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def mkdocs_serve(project: Path, log_path: Path, *args: str, timeout: float = 300):
    """`mkdocs serve` of a project on a free loopback port (extra args such as --dirty); yields its base URL
    once it serves, stops it afterwards. Its log (each rebuild, each error) goes to log_path."""
    port = free_port()
    with open(log_path, "w") as log:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", *args, "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=project, stdout=log, stderr=subprocess.STDOUT,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        try:
            deadline = time.monotonic() + timeout
            while "Serving on" not in log_path.read_text(encoding="utf-8"):
                assert server.poll() is None and time.monotonic() < deadline, log_path.read_text(encoding="utf-8")
                time.sleep(0.2)
            yield f"http://127.0.0.1:{port}/"
        finally:
            server.terminate()
            server.wait(timeout=30)


NODE_TOOLS = ROOT / "tests" / "editor"   # the tests' Node packages (package.json pins them)


def node_tools(package: str) -> Path:
    """tests/editor/, with `package` installed at its pinned version (`npm ci` on first use)."""
    installed = NODE_TOOLS / "node_modules" / package / "package.json"
    wanted = json.loads((NODE_TOOLS / "package.json").read_text())["dependencies"][package]
    if not installed.exists() or json.loads(installed.read_text())["version"] != wanted:
        assert shutil.which("npm") and shutil.which("node"), "需要 Node.js 和 npm（apt-get install nodejs npm）"
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=NODE_TOOLS, check=True, timeout=600)
    return NODE_TOOLS


REVIEW_SAMPLES = ROOT / "tests" / "fixtures" / "review"


def with_review_histories(data_dir: Path) -> Path:
    """A copy of the records with 销号审核 histories: P-006 applied 2023-10-27 and passed 10-30; P-007 applied
    10-20, sent back 10-23 (reason internal), applied again 10-25, passed 10-30 (tests/fixtures/review/)."""
    for path in REVIEW_SAMPLES.glob("*.yml"):
        shutil.copy(path, data_dir / "problems" / path.name)
    return data_dir
