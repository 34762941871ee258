"""Real builds reuse what an earlier build made from the same records (.cache/ledger/), and only that."""
from __future__ import annotations

import marshal
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from support import article_text, copy_project, run_build

JIEBA_LOADED = "Prefix dict has been built"  # what jieba prints when it loads its dictionary
NEW_TEXT = "汛期值班表改为电子签到核验"


@pytest.fixture()
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def build(project: Path, site: Path, cache: Path, helper: str = "on") -> subprocess.CompletedProcess:
    """A build with its cache at `cache`; helper "off": no helper process (ledger/background.py)."""
    result = run_build(project, site, env={"LEDGER_CACHE_DIR": str(cache), "LEDGER_BACKGROUND": helper})
    assert result.returncode == 0, result.stderr
    return result


BUILD_MOMENT = re.compile(rb'title="[^"]*CST"')  # outside git, "last updated" falls back to the build's moment


def page_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): BUILD_MOMENT.sub(b"", p.read_bytes()) for p in site.rglob("*.html")}


def workbook_text(path: Path) -> set:
    workbook = openpyxl.load_workbook(path, read_only=True)
    return {cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row}


def docx_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml")


@pytest.mark.parametrize("helper", ["on", "off"])
def test_a_second_build_of_the_same_records_reuses_the_cuts_and_downloads_and_changes_nothing(
        project, tmp_path, helper):
    cache = tmp_path / "cache"
    cold = build(project, tmp_path / "cold", cache, helper)
    warm = build(project, tmp_path / "warm", cache, helper)
    assert JIEBA_LOADED in cold.stderr
    assert JIEBA_LOADED not in warm.stderr  # every run of Chinese text was cut before
    assert sorted((cache / "downloads").iterdir()) and sorted((cache / "search").iterdir())
    for name in ("search/search_index.json", "downloads/report.docx", "downloads/ledger.xlsx"):
        assert (tmp_path / "warm" / name).read_bytes() == (tmp_path / "cold" / name).read_bytes(), name
    assert page_files(tmp_path / "warm") == page_files(tmp_path / "cold")


@pytest.mark.parametrize("helper", ["on", "off"])
def test_an_edited_record_shows_everywhere_although_the_cache_is_warm(project, tmp_path, helper):
    cache = tmp_path / "cache"
    build(project, tmp_path / "before", cache, helper)
    problems = project / "data" / "problems.yml"
    old_measures = "制定天然氧吧品牌宣传推广方案，联合文旅部门开展生态气候产品推介"
    text = problems.read_text(encoding="utf-8")
    assert old_measures in text
    problems.write_text(text.replace(old_measures, NEW_TEXT), encoding="utf-8")
    after = build(project, tmp_path / "after", cache, helper)
    assert JIEBA_LOADED in after.stderr  # new text: jieba cuts it
    site = tmp_path / "after"
    assert NEW_TEXT in workbook_text(site / "downloads" / "ledger.xlsx")
    assert NEW_TEXT not in workbook_text(tmp_path / "before" / "downloads" / "ledger.xlsx")
    assert NEW_TEXT in article_text(site / "problems" / "index.html")
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "电子签到" in index.replace("\u200b", "")


def test_a_damaged_cache_is_made_again_and_the_site_is_the_same(project, tmp_path):
    cache = tmp_path / "cache"
    build(project, tmp_path / "first", cache)
    for entry in (cache / "search").iterdir():
        (entry / "runs.marshal").write_bytes(b"\x00 not marshal data")
    for entry in (cache / "downloads").iterdir():
        (entry / "report.docx").unlink()
    again = build(project, tmp_path / "again", cache)
    assert JIEBA_LOADED in again.stderr
    for name in ("search/search_index.json",):
        assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "first" / name).read_bytes()
    assert docx_xml(tmp_path / "again" / "downloads" / "report.docx") == docx_xml(
        tmp_path / "first" / "downloads" / "report.docx")


def test_the_cache_can_be_switched_off(project, tmp_path):
    result = run_build(project, tmp_path / "site", env={"LEDGER_CACHE_DIR": "off"})
    assert result.returncode == 0, result.stderr
    assert not (project / ".cache").exists()
    assert (tmp_path / "site" / "downloads" / "ledger.xlsx").is_file()


COUNT_MATERIAL_CUTS = """
import sys
from material.plugins.search import plugin
calls = []
original = plugin.SearchIndex._segment_chinese
def counting(self, data):
    calls.append(data)
    return original(self, data)
plugin.SearchIndex._segment_chinese = counting
from mkdocs.__main__ import cli
try:
    cli(["build", "-q", "-f", sys.argv[1], "-d", sys.argv[2]])
except SystemExit as exit:
    assert not exit.code, exit.code
finally:
    print("material-cuts", len(calls))
"""


def test_material_search_does_not_cut_the_text_that_the_hook_cuts_again(project, tmp_path):
    result = subprocess.run([sys.executable, "-c", COUNT_MATERIAL_CUTS, str(project / "mkdocs.yml"),
                             str(tmp_path / "site")], cwd=project, capture_output=True, text=True, timeout=300,
                            env={"LEDGER_CACHE_DIR": "off", "NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert "material-cuts 0" in result.stdout, result.stdout + result.stderr
    assert (tmp_path / "site" / "search" / "search_index.json").is_file()


def test_the_helper_process_changes_nothing_in_the_site(project, tmp_path):
    with_helper = build(project, tmp_path / "with", tmp_path / "cache-with", "on")
    build(project, tmp_path / "without", tmp_path / "cache-without", "off")
    assert JIEBA_LOADED in with_helper.stderr
    assert page_files(tmp_path / "with") == page_files(tmp_path / "without")
    name = "search/search_index.json"
    assert (tmp_path / "with" / name).read_bytes() == (tmp_path / "without" / name).read_bytes()
    assert docx_xml(tmp_path / "with" / "downloads" / "report.docx") == docx_xml(
        tmp_path / "without" / "downloads" / "report.docx")
    assert workbook_text(tmp_path / "with" / "downloads" / "ledger.xlsx") == workbook_text(
        tmp_path / "without" / "downloads" / "ledger.xlsx")


def test_text_the_cache_did_not_expect_is_still_cut(project, tmp_path):
    """Same records and pages as last time, yet runs the cache lacks (e.g. from a changed theme)."""
    cache = tmp_path / "cache"
    build(project, tmp_path / "first", cache)
    for entry in (cache / "search").iterdir():
        (entry / "runs.marshal").write_bytes(marshal.dumps({}))  # the finished-build mark stays: no jieba at startup
    again = build(project, tmp_path / "again", cache)
    assert JIEBA_LOADED in again.stderr
    name = "search/search_index.json"
    assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "first" / name).read_bytes()


def test_a_build_that_fails_on_a_page_leaves_no_helper_files_behind(project, tmp_path):
    """mkdocs-macros ends a failing build with SystemExit, which MkDocs does not pass to on_build_error."""
    (project / "docs" / "plan.md").write_text("{{ no_such_macro() }}\n", encoding="utf-8")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    result = run_build(project, tmp_path / "site", env={"LEDGER_CACHE_DIR": "off", "TMPDIR": str(scratch)})
    assert result.returncode != 0
    assert "Building prefix dict" in result.stderr  # the helper was at work when the build failed
    assert not list(scratch.glob("ledger-build-*"))
