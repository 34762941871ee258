"""A real `mkdocs build --strict`: the report page, and the Word and Excel downloads every build writes."""
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin

import openpyxl
import pytest
import yaml
from docx import Document

from support import article_text, copy_project, run_build
from ledger import load_ledger
from ledger.views.report import build_report
from ledger.views.report_template import DEFAULT_TEMPLATE, load_template
from ledger.views.report_views import report_text

pytestmark = pytest.mark.build


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs))


def download_links(html_file: Path) -> list[dict]:
    parser = _Links()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return [a for a in parser.links if "downloads/" in (a.get("href") or "")]


def resolve(site: Path, page: str, href: str) -> Path:
    """The file a relative link on a page points to (pages are served as folder/index.html)."""
    return site / unquote(urljoin("/" + page, href)).lstrip("/")


def docx_text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs) + "\n"


def test_every_build_writes_both_downloads(built_site, root):
    report = build_report(load_ledger(root / "data"), load_template(root / DEFAULT_TEMPLATE))
    expected = report_text(report)
    assert docx_text(built_site / "downloads" / "report.docx") == expected.removesuffix("\n") + "\n"
    book = openpyxl.load_workbook(built_site / "downloads" / "ledger.xlsx")
    assert book.sheetnames == ["整改台账", "调研报告", "学习活动"]
    assert "问题清单8个，已完成整改6个" in book["整改台账"]["A2"].value


@pytest.mark.parametrize("page", ["report/", "problems/"])
def test_pages_link_to_the_downloads(built_site, page):
    links = download_links(built_site / page / "index.html")
    assert {Path(a["href"]).name for a in links} == {"report.docx", "ledger.xlsx"}
    for link in links:
        assert resolve(built_site, page, link["href"]).is_file(), link
        assert link["download"].endswith((".docx", ".xlsx")) and "XX区气象局" in link["download"]


def test_report_page_shows_the_report(built_site, root):
    page = article_text(built_site / "report" / "index.html")
    report = build_report(load_ledger(root / "data"), load_template(root / DEFAULT_TEMPLATE))
    for line in report_text(report).splitlines():
        assert "".join(line.split()) in page, line
    html = (built_site / "report" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h2[^>]*>一、主题教育开展情况", html) and re.search(r"<h3[^>]*>（一）坚持政治统领", html)
    assert "stylesheets/print.css" in html


def test_a_changed_record_changes_page_word_and_excel(tmp_path):
    project = copy_project(tmp_path / "project")
    problems_file = project / "data" / "problems" / "P-008.yml"
    p8 = yaml.safe_load(problems_file.read_text(encoding="utf-8"))
    p8.update(status="已完成", completed="2023-11-18",
              closure={"date": "2023-11-19", "evidence": "提醒机制文件", "approved_by": "党组书记、局长"})
    problems_file.write_text(yaml.safe_dump(p8, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    assert "截至到目前已完成问题整改7个，整改完成率88%" in article_text(site / "report" / "index.html")
    assert "截至到目前已完成问题整改7个，整改完成率88%" in docx_text(site / "downloads" / "report.docx")
    sheet = openpyxl.load_workbook(site / "downloads" / "ledger.xlsx")["整改台账"]
    assert "已完成整改7个" in sheet["A2"].value
