"""python -m ledger deploy behind Debian's nginx with the shipped nginx configuration (python -m ledger nginx), on loopback: deploy, roll back, fail safely."""
from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from ledger_mkdocs.commands import nginx_conf
from support import ROOT, copy_project, free_port

pytestmark = pytest.mark.build

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = Path("/etc/nginx/mime.types")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KEEP = 2



def nginx_config(prefix: Path, port: int, ledger_root: Path) -> str:
    """The shipped site configuration, moved onto a loopback port and a temporary /srv/ledger."""
    site = nginx_conf()
    site, listens = re.subn(r"^\s*listen 80;$", f"    listen 127.0.0.1:{port};", site, flags=re.M)
    site, listens6 = re.subn(r"^\s*listen \[::\]:80;$", "", site, flags=re.M)
    site, roots = re.subn(r"^(\s*root )/srv/ledger/current;$", rf"\g<1>{ledger_root}/current;", site, flags=re.M)
    assert (listens, listens6, roots) == (1, 1, 1), "nginx 配置（ledger_mkdocs/scripts/nginx/ledger.conf）的 listen/root 行变了，测试需要同步"
    temp_paths = "\n".join(f"    {name}_temp_path {prefix}/{name};"
                           for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # As root, nginx's workers would run as nobody and could not read pytest's private temp folder.
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ worker_connections 64; }}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    access_log {prefix}/access.log;
{temp_paths}
{site}
}}
"""


class Nginx:
    def __init__(self, prefix: Path, port: int):
        self.prefix, self.port = prefix, port
        self.conf = prefix / "nginx.conf"
        self.command = [NGINX, "-p", str(prefix), "-c", str(self.conf), "-e", str(prefix / "error.log")]

    def check(self) -> subprocess.CompletedProcess:
        return subprocess.run([*self.command, "-t"], capture_output=True, text=True)

    def start(self):
        self.process = subprocess.Popen([*self.command, "-g", "daemon off;"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"nginx 没有启动：{self.process.stderr.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("nginx 10 秒内没有开始监听")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def get(self, path: str, gzip: bool = False):
        """(status, headers, body) of one GET through nginx."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", quote(path), headers={"Accept-Encoding": "gzip"} if gzip else {})
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def text(self, path: str) -> str:
        status, _, body = self.get(path)
        assert status == 200, f"{path}: {status}"
        return body.decode("utf-8")


def deploy(ledger_root: Path, project: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, LEDGER_ROOT=str(ledger_root), KEEP=str(KEEP))
    return subprocess.run([sys.executable, "-m", "ledger", "deploy", *args], env=env, cwd=project,
                          capture_output=True, text=True, timeout=600)


def current_release(ledger_root: Path) -> str:
    link = ledger_root / "current"
    assert link.is_symlink()
    return Path(os.readlink(link)).name


def releases(ledger_root: Path) -> list[str]:
    return sorted(p.name for p in (ledger_root / "releases").iterdir())


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """nginx on loopback serving a temporary /srv/ledger, with the sample project deployed once."""
    assert Path(NGINX).exists(), "找不到 nginx：请运行 ./run.sh test，它会安装 Debian 的 nginx-light"
    base = tmp_path_factory.mktemp("deploy")
    project = copy_project(base / "project")
    ledger_root = base / "srv"
    result = deploy(ledger_root, project)
    assert result.returncode == 0, result.stderr
    prefix = base / "nginx"
    prefix.mkdir()
    server = Nginx(prefix, free_port())
    server.conf.write_text(nginx_config(prefix, server.port, ledger_root), encoding="utf-8")
    checked = server.check()
    assert checked.returncode == 0, checked.stderr
    server.start()
    yield server, ledger_root, project
    server.stop()


def test_pages_headers_and_downloads_through_nginx(served):
    server, ledger_root, _ = served
    status, headers, body = server.get("/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-cache"
    assert "整改完成率" in body.decode("utf-8")
    assert "问题清单" in server.text("/problems/")

    # compression
    status, headers, gz_body = server.get("/", gzip=True)
    assert status == 200 and headers.get("content-encoding") == "gzip" and len(gz_body) < len(body) / 2

    # Material's fingerprinted assets are cached for a year; unfingerprinted files are revalidated
    site = ledger_root / "current"
    hashed = sorted(site.glob("assets/stylesheets/main.*.min.css")) + sorted(
        site.glob("assets/javascripts/bundle.*.min.js"))
    assert len(hashed) == 2
    for file in hashed:
        path = "/" + file.relative_to(site).as_posix()
        status, headers, body = server.get(path, gzip=True)
        assert status == 200, path
        assert headers["cache-control"] == "public, max-age=31536000, immutable", path
        assert headers.get("content-encoding") == "gzip", path
    status, headers, _ = server.get("/stylesheets/ledger.css")
    assert status == 200 and headers["cache-control"] == "no-cache"
    assert headers["content-type"].startswith("text/css")

    # a missing address: status 404 with the site's own Chinese 404 page
    status, headers, body = server.get("/没有这一页/")
    assert status == 404
    assert headers["content-type"].startswith("text/html")
    assert headers["cache-control"] == "no-cache"
    assert "找不到这个页面" in body.decode("utf-8")

    # the Word report and Excel ledger written by the build, with the types Office needs
    downloads = {p.suffix: p for p in (site / "downloads").iterdir()}
    for suffix, mime in ((".docx", DOCX), (".xlsx", XLSX)):
        file = downloads[suffix]
        status, headers, body = server.get("/" + file.relative_to(site).as_posix())
        assert status == 200
        assert headers["content-type"] == mime
        assert body == file.read_bytes()
    # the calendar feeds, as calendars read them, asked again on every refresh
    feed = site / "downloads" / "calendar" / "unit.ics"
    status, headers, body = server.get("/" + feed.relative_to(site).as_posix())
    assert status == 200 and body == feed.read_bytes()
    assert headers["content-type"] == "text/calendar; charset=utf-8" and headers["cache-control"] == "no-cache"


def test_nosniff_everywhere_and_no_script_on_evidence_paths(served):
    """X-Content-Type-Options: nosniff on every response (pages, assets, downloads, 404s); on /evidence/ a
    Content-Security-Policy that allows no script, also for a file that slipped past the check."""
    server, ledger_root, _ = served
    site = ledger_root / "current"
    page = next(site.glob("evidence/*/index.html"))  # the sample's Markdown evidence page, built
    slipped = {"evidence/slipped.html": "<script>document.title='ran'</script>", "evidence/slipped.svg":
               "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "evidence/slipped.txt": "<script>x</script>"}
    for name, content in slipped.items():
        (site / name).write_text(content, encoding="utf-8")
    try:
        hashed = next(site.glob("assets/javascripts/bundle.*.min.js")).relative_to(site).as_posix()
        download = next((site / "downloads").glob("*.xlsx")).relative_to(site).as_posix()
        # (a missing file under /evidence/ gets the site's own 404 page, served as /404.html: no policy needed)
        evidence = ["/" + page.parent.relative_to(site).as_posix() + "/", *("/" + name for name in slipped)]
        elsewhere = ["/", "/problems/", "/" + hashed, "/" + download, "/没有这一页/", "/.git/config",
                     "/stylesheets/ledger.css", "/admin/"]
        for path in evidence + elsewhere:
            status, headers, _ = server.get(path)
            assert status in (200, 404), path
            assert headers.get("x-content-type-options") == "nosniff", path
            policy = headers.get("content-security-policy")
            if path in evidence:
                assert policy, path
                directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
                assert directives["script-src"] == "'none'" and directives["default-src"] == "'none'", path
            else:
                assert policy is None, path
        status, headers, body = server.get(evidence[0])
        assert status == 200 and "叫应" in body.decode("utf-8")  # the page itself is still served
    finally:
        for name in slipped:
            (site / name).unlink()


def test_deploy_twice_roll_back_and_a_failed_build_keeps_the_site(served):
    server, ledger_root, project = served
    first = current_release(ledger_root)
    assert "注重上下联动" in server.text("/plan/")
    # two old releases from earlier days: pruning must remove them and keep the newest KEEP
    for old in ("20000101-000000-aaaaaaaa", "20000102-000000-bbbbbbbb"):
        (ledger_root / "releases" / old).mkdir()
        (ledger_root / "releases" / old / "index.html").write_text("旧发布", encoding="utf-8")

    plan = project / "data" / "plan.yml"
    original_plan = plan.read_text(encoding="utf-8")
    plan.write_text(original_plan.replace("title: 注重上下联动", "title: 注重上下联动、合力攻坚", 1), encoding="utf-8")
    result = deploy(ledger_root, project)
    assert result.returncode == 0, result.stderr
    second = current_release(ledger_root)
    assert second != first
    assert "注重上下联动、合力攻坚" in server.text("/plan/")
    assert releases(ledger_root) == sorted([first, second])

    result = deploy(ledger_root, project, "rollback")
    assert result.returncode == 0, result.stderr
    assert current_release(ledger_root) == first
    page = server.text("/plan/")
    assert "注重上下联动" in page and "合力攻坚" not in page

    # a bad record: the build fails, nothing is switched, no half-built folder is left behind
    problems = project / "data" / "problems" / "P-002.yml"
    problems.write_text(problems.read_text(encoding="utf-8").replace("status: 整改中", "status: 完成", 1),
                        encoding="utf-8")
    result = deploy(ledger_root, project)
    assert result.returncode != 0
    assert "网站保持原样" in result.stderr and "字段 status 的值「完成」无效" in result.stderr
    assert current_release(ledger_root) == first
    assert releases(ledger_root) == sorted([first, second])
    page = server.text("/plan/")
    assert "注重上下联动" in page and "合力攻坚" not in page
    status, _, _ = server.get("/")
    assert status == 200

    # a broken page (a macro that does not exist): the deploy log says which page and what, the site stays
    problems.write_text(problems.read_text(encoding="utf-8").replace("status: 完成", "status: 整改中", 1),
                        encoding="utf-8")
    (project / "docs" / "plan.md").write_text("# 计划\n\n{{ no_such_macro() }}\n", encoding="utf-8")
    result = deploy(ledger_root, project)
    assert result.returncode != 0
    assert "网站保持原样" in result.stderr and "no_such_macro" in result.stderr and "plan.md" in result.stderr
    assert current_release(ledger_root) == first

    listing = deploy(ledger_root, project, "list").stdout.splitlines()
    assert listing == [f"* {first}", f"  {second}"]


def test_a_hand_made_current_folder_is_never_overwritten(tmp_path):
    ledger_root = tmp_path / "srv"
    (ledger_root / "current").mkdir(parents=True)
    (ledger_root / "current" / "index.html").write_text("手工放的网站", encoding="utf-8")
    result = deploy(ledger_root, ROOT)  # refused before anything is built
    assert result.returncode != 0 and "不是符号链接" in result.stderr
    assert (ledger_root / "current" / "index.html").read_text(encoding="utf-8") == "手工放的网站"
    assert not (ledger_root / "releases").exists()
