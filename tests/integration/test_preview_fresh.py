"""The preview (`mkdocs serve --dirty`, as ./run.sh serve runs it) never shows a stale page.

A save remakes only the pages it reaches (ledger/reads.py; ledger_mkdocs/plugin.py), so the test is the
whole site: after each save - a problem file, a shared data file, a regulation shown on a problem's page, a docs
page - every page the preview
serves has the text a fresh `mkdocs build` of the same files gives, and so have the search index and the
Excel 台账, which the preview makes when they are asked for.
"""
from __future__ import annotations

import io
import json
import time
import urllib.request
from pathlib import Path

import openpyxl
import pytest

from support import article_text_of, copy_project, mkdocs_serve, run_build, wait_for_text

pytestmark = pytest.mark.build

SECONDS = 120  # a rebuild takes about a second; generous for a loaded test machine
# One line per finished rebuild. Not MkDocs' "Documentation built in 0.17 seconds": `mkdocs` filters out a message
# it has logged before (utils.DuplicateFilter on its build logger), so a rebuild as fast as an earlier one is silent
BUILT = "Reloading browsers"


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


@pytest.fixture
def preview(tmp_path):
    project = copy_project(tmp_path / "project")
    log_path = tmp_path / "serve.log"
    with mkdocs_serve(project, log_path, "--dirty", "--no-strict") as url:
        yield project, url, log_path


def _builds(log_path: Path) -> int:
    return log_path.read_text(encoding="utf-8").count(BUILT)


def _save(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _after_save(log_path: Path, builds_before: int, url: str, marker: str) -> None:
    """Wait until the page shows the marker and the rebuild that brought it has finished."""
    wait_for_text(url, marker, SECONDS)
    deadline = time.monotonic() + SECONDS
    while _builds(log_path) <= builds_before:
        assert time.monotonic() < deadline, log_path.read_text(encoding="utf-8")[-3000:]
        time.sleep(0.1)


def _workbook_values(data: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets]


def _stale_pages(project: Path, url: str, fresh_dir: Path) -> list[str]:
    """Every page, the search index and the Excel 台账 the preview serves, against a fresh build: what differs."""
    result = run_build(project, fresh_dir)
    assert result.returncode == 0, result.stderr
    stale = []
    pages = sorted(p.relative_to(fresh_dir).as_posix() for p in fresh_dir.rglob("index.html"))
    assert len(pages) > 20  # the docs pages and every problem's page
    for page in pages:
        if page.startswith("admin/"):
            continue
        served = article_text_of(_get(url + urllib.request.quote(page.removesuffix("index.html"))).decode("utf-8"))
        if served != article_text_of((fresh_dir / page).read_text(encoding="utf-8")):
            stale.append(page)
    # the search index: made by the preview when the search asks for it
    served_index = json.loads(_get(url + "search/search_index.json"))
    fresh_index = json.loads((fresh_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    if served_index["config"]["ledger_version"] != fresh_index["config"]["ledger_version"]:
        stale.append("search/search_index.json")
    if _get(url + "search/ledger/index.js") != (fresh_dir / "search" / "ledger" / "index.js").read_bytes():
        stale.append("search/ledger/index.js")
    # the Excel 台账
    for xlsx in (fresh_dir / "downloads").glob("*.xlsx"):
        served = _get(url + "downloads/" + urllib.request.quote(xlsx.name))
        if _workbook_values(served) != _workbook_values(xlsx.read_bytes()):
            stale.append(f"downloads/{xlsx.name}")
    return stale


def test_after_each_save_every_page_the_preview_serves_is_current(preview, tmp_path):
    project, url, log_path = preview
    assert _stale_pages(project, url, tmp_path / "fresh-0") == []

    # a problem's file: its deadline passes (the tracker, the board and the figures change) and its text changes
    builds = _builds(log_path)
    problem = project / "data" / "problems" / "P-002.yml"
    _save(problem, "deadline: 2023-11-30", "deadline: 2023-11-10")
    _save(problem, "精细化预报能力不强", "精细化预报能力不强（预览改一）")
    _after_save(log_path, builds, url + "problems/P-002/", "预览改一")
    assert "逾期" in article_text_of(_get(url + "problems/").decode("utf-8"))
    assert _stale_pages(project, url, tmp_path / "fresh-1") == []

    # a shared file: a study activity's title
    builds = _builds(log_path)
    _save(project / "data" / "study.yml", "主题教育专题读书班", "主题教育专题读书班（预览改二）")
    _after_save(log_path, builds, url + "study/", "预览改二")
    assert _stale_pages(project, url, tmp_path / "fresh-2") == []

    # a regulation that answers a problem: shown on that problem's own page (made by the plugin, not by macros)
    builds = _builds(log_path)
    _save(project / "data" / "institutions.yml", "重大气象灾害业务服务应急响应实施办法", "重大气象灾害业务服务应急响应实施办法（预览改四）")
    _after_save(log_path, builds, url + "problems/P-007/", "预览改四")
    assert _stale_pages(project, url, tmp_path / "fresh-4") == []

    # a docs page
    builds = _builds(log_path)
    _save(project / "docs" / "research.md", "# 调查研究", "# 调查研究\n\n预览改三。")
    _after_save(log_path, builds, url + "research/", "预览改三")
    assert _stale_pages(project, url, tmp_path / "fresh-3") == []
    log = log_path.read_text(encoding="utf-8")
    assert "Aborted" not in log and "Error" not in log
