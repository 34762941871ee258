"""What an office sees in real builds (issue 15): the public build judges evidence on what the records
hold, the site name reads right everywhere the theme prints it, an evidence file with an odd name
links to itself, the page dates say which date is which.

One copy of the project is changed the way an office would: a unit name with brackets and HTML
characters, P-005's 销号 marked internal with only an evidence file (no evidence text), and P-001's
evidence file named a)b.pdf. Both builds (internal, public) are made from it.
"""
from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest

from ledger.context import BuildContext, BuildOptions
from support import article_text, copy_project

pytestmark = pytest.mark.build

UNIT = "XX区气象局(试点)<b>&"
ODD_FILE = "evidence/a)b 佐证(1).pdf"


def _build(project: Path, config: str, site: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / config),
                             "-d", str(site)], cwd=project, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("office") / "project")
    data = project / "data"
    _edit(data / "settings.yml", "unit: XX区气象局\n", f"unit: '{UNIT}'\n")
    p005 = data / "problems" / "P-005.yml"
    _edit(p005, "  evidence: 《XX区气象局气象灾害预警信号叫应工作细则》\n", "")
    _edit(p005, "closure:\n", "internal_fields: [closure]\nclosure:\n")
    (project / "docs" / ODD_FILE).write_bytes(b"%PDF-1.4\n%test\n")
    _edit(data / "problems" / "P-001.yml", "  evidence: ", f"  evidence_file: '{ODD_FILE}'\n  evidence: ")
    sites = {}
    for audience, config in (("internal", "mkdocs.yml"), ("public", "mkdocs.public.yml")):
        sites[audience] = project.parent / f"site-{audience}"
        _build(project, config, sites[audience])
    return project, sites


def _board_figure(site: Path, label: str) -> str:
    page = (site / "board" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<span class="figure-value">([^<]*)</span> <span class="figure-label">' + re.escape(label), page)
    return match.group(1)


def test_a_hidden_evidence_file_is_still_evidence_in_the_public_build(office):
    project, sites = office
    internal = BuildContext(project, BuildOptions("internal"))
    assert internal.assessment.alerts_for("P-005") == ()  # the records hold evidence (a file)
    for audience, site in sites.items():
        assert _board_figure(site, "缺少佐证材料（个）") == str(len(internal.assessment.without_evidence)), audience
        text = article_text(site / "problems" / "P-005" / "index.html")
        assert "缺少佐证材料" not in text and "缺佐证" not in text and "未销号" not in text, audience
    public = article_text(sites["public"] / "problems" / "P-005" / "index.html")
    assert "佐证材料：（内部信息）" in public
    evidence_file = next(p for p in internal.full.problems if p.id == "P-005").closure.evidence_file
    assert Path(evidence_file).stem not in public                       # the file is not named...
    assert not (sites["public"] / Path(evidence_file).with_suffix("")).exists()  # ...nor published
    assert (sites["internal"] / Path(evidence_file).with_suffix("")).exists()


def _attribute(page: str, pattern: str) -> list[str]:
    return [html.unescape(value) for value in re.findall(pattern, page)]


def test_the_site_name_reads_as_written_wherever_the_theme_prints_it(office):
    _project, sites = office
    name = f"{UNIT}主题教育工作台账"
    page = (sites["internal"] / "problems" / "index.html").read_text(encoding="utf-8")
    assert "<b>&" not in page  # never as markup
    titles = _attribute(page, r'title="([^"]*)" class="md-(?:header|nav)__button md-logo"')
    labels = _attribute(page, r'class="md-(?:header|nav)__button md-logo" aria-label="([^"]*)"')
    assert titles == labels == [name, name]
    assert html.unescape(re.search(r"<title>(.*?)</title>", page).group(1)) == f"检视整改 - {name}"
    header = re.search(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', page, re.S).group(1)
    assert html.unescape(header) == name
    assert "&amp;#" not in page and "&amp;lt;" not in page and "&amp;amp;" not in page  # escaped once only


def test_an_evidence_file_with_brackets_and_spaces_links_to_itself(office):
    _project, sites = office
    page_file = sites["internal"] / "problems" / "P-001" / "index.html"
    page = page_file.read_text(encoding="utf-8")
    hrefs = [unquote(h) for h in re.findall(r'href="([^"]*)"', page) if "evidence" in unquote(h)]
    assert len(hrefs) == 1
    target = Path(unquote(urljoin("http://x/problems/P-001/", hrefs[0]).removeprefix("http://x/")))
    assert (sites["internal"] / target) == sites["internal"] / ODD_FILE
    assert (sites["internal"] / target).read_bytes().startswith(b"%PDF")


def test_the_page_footer_names_both_dates(office):
    project, sites = office
    as_of = BuildContext(project).as_of
    page = (sites["internal"] / "problems" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'git-revision-date-localized-plugin-date"[^>]*>\d{4}年\d{1,2}月\d{1,2}日</span>'
                     rf'<span class="ledger-as-of">统计截至{as_of.year}年{as_of.month}月{as_of.day}日</span>', page)
