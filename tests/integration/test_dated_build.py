"""The site built as of two dates (the ledger plugin's as_of in mkdocs.yml): pages, Word and Excel agree.

Each build's figures are counted here straight from the YAML files (what had happened by that day),
not by the code under test, and looked for on the home page, the board, the report page, the problem
pages, the 本期进展 page, the report.docx, the progress.docx and the ledger.xlsx read back.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import yaml
from docx import Document

from ledger.text import cn_date, percent
from support import article_text, copy_project, run_build

pytestmark = pytest.mark.build

DAYS = (dt.date(2023, 10, 15), dt.date(2023, 11, 20))


def raw_counts(project: Path, day: dt.date) -> dict:
    """The figures of `day`, counted from the files as written."""
    data = project / "data"
    problems = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((data / "problems").glob("*.yml"))]
    study = yaml.safe_load((data / "study.yml").read_text(encoding="utf-8"))
    research = yaml.safe_load((data / "research.yml").read_text(encoding="utf-8"))
    found = [p for p in problems if p["found"] <= day]
    done = [p for p in found if p.get("completed") and p["completed"] <= day]
    return {
        "found_ids": sorted(p["id"] for p in found),
        "later_ids": sorted(p["id"] for p in problems if p["found"] > day),
        "problems": len(found), "done": len(done), "rate": percent(len(done), len(found)),
        "lectures": sum(1 for a in study["activities"] if a["type"] == "专题党课" and a["date"] <= day),
        "reports_done": sum(1 for r in research["reports"] if r.get("completed") and r["completed"] <= day),
    }


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """{day: (project, site)}: one project copy, one INHERIT config per day."""
    project = copy_project(tmp_path_factory.mktemp("dated") / "project")
    sites = {}
    for day in DAYS:
        config = project / f"mkdocs.{day}.yml"
        config.write_text(f'INHERIT: mkdocs.yml\nplugins:\n  ledger:\n    as_of: "{day}"\n', encoding="utf-8")
        site = project.parent / f"site-{day}"
        result = run_build(project, site, "-f", str(config))
        assert result.returncode == 0, result.stderr
        sites[day] = site
    return project, sites


@pytest.mark.parametrize("day", DAYS)
def test_pages_state_the_figures_of_the_day(builds, day):
    project, sites = builds
    site, want = sites[day], raw_counts(project, day)
    home = article_text(site / "index.html")
    assert f"截至{cn_date(day)}" in home
    assert f"已完成整改{want['done']}个，共{want['problems']}个，整改完成率{want['rate']}" in home
    board = article_text(site / "board" / "index.html")
    assert (f"截至{cn_date(day)}，梳理形成问题清单{want['problems']}个，已完成问题整改{want['done']}个，"
            f"整改完成率{want['rate']}") in board
    report = article_text(site / "report" / "index.html")
    assert f"讲专题党课{want['lectures']}次" in report and f"已完成问题整改{want['done']}个" in report
    assert f"调研报告{want['reports_done']}篇" in report if want["reports_done"] else "调研报告正在撰写" in report
    for problem_id in want["found_ids"]:
        assert (site / "problems" / problem_id / "index.html").is_file()
    for problem_id in want["later_ids"]:  # found after the day: no page, no row
        assert not (site / "problems" / problem_id).exists()
        assert problem_id not in article_text(site / "problems" / "index.html")


@pytest.mark.parametrize("day", DAYS)
def test_downloads_state_the_figures_of_the_day(builds, day):
    project, sites = builds
    site, want = sites[day], raw_counts(project, day)
    text = "\n".join(p.text for p in Document(str(site / "downloads" / "report.docx")).paragraphs)
    assert f"讲专题党课{want['lectures']}次" in text and f"已完成问题整改{want['done']}个" in text
    assert text.endswith(cn_date(day))
    sheet = openpyxl.load_workbook(site / "downloads" / "ledger.xlsx")["整改台账"]
    assert f"截至日期：{cn_date(day)}" in sheet["A2"].value
    assert f"问题清单{want['problems']}个，已完成整改{want['done']}个" in sheet["A2"].value
    header_row, column = next((cell.row, cell.column) for row in sheet.iter_rows() for cell in row
                              if cell.value == "问题描述")
    listed = [sheet.cell(row=r, column=column).value for r in range(header_row + 1, sheet.max_row + 1)]
    assert sum(1 for value in listed if value) >= want["problems"]
    descriptions = {yaml.safe_load(p.read_text(encoding="utf-8"))["id"]: yaml.safe_load(
        p.read_text(encoding="utf-8"))["description"] for p in (project / "data" / "problems").glob("*.yml")}
    for problem_id in want["later_ids"]:
        assert descriptions[problem_id] not in listed
    for problem_id in want["found_ids"]:
        assert descriptions[problem_id] in listed


def test_the_progress_page_and_word_compare_with_the_last_report_before_the_day(builds):
    project, sites = builds
    early, late = DAYS
    then, now = raw_counts(project, early), raw_counts(project, late)
    page = article_text(sites[late] / "progress" / "index.html")
    assert f"上次报送（{cn_date(early)}）至{cn_date(late)}" in page
    assert f"已完成整改{then['done']}→{now['done']}，新增{now['done'] - then['done']}" in page
    progress = [p.text for p in Document(str(sites[late] / "downloads" / "progress.docx")).paragraphs]
    assert progress[0] == "XX区气象局关于主题教育进展情况的汇报"
    assert f"已完成整改由{then['done']}个增加到{now['done']}个（新增 {now['done'] - then['done']}）；" in progress
    for problem_id in sorted(set(now["found_ids"]) - set(then["found_ids"])):
        assert any(f"查摆问题" in line and f"问题 {problem_id}）" in line for line in progress), problem_id
    # on the report's own day, no report was sent before it: the period starts with the campaign
    assert "主题教育开始至" + cn_date(early) in article_text(sites[early] / "progress" / "index.html")
