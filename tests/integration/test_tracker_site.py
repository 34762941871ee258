"""The built site's 整改台账: board page, per-problem pages linked from every table, 需要关注, evidence links."""
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest

from ledger import compute_figures, load_ledger
from ledger.views import tracker
from ledger.text import cn_date
from support import ROOT, article_text, copy_project, run_build

pytestmark = pytest.mark.build


class _Links(HTMLParser):
    """(href, text) of every link inside <article>, and whether an <svg> appears there."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.links, self.current, self.svgs, self.nav_hrefs = 0, [], None, 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "md-nav" in (attrs.get("class") or ""):
            self.nav_hrefs.append(None)
        if tag == "a" and self.nav_hrefs and not self.depth:
            self.nav_hrefs.append(attrs.get("href"))
        if tag == "article" or self.depth:
            self.depth += 1 if tag not in ("br", "img", "hr", "input", "meta", "link") else 0
        if self.depth and tag == "a":
            self.current = [attrs.get("href"), ""]
        if self.depth and tag == "svg":
            self.svgs += 1

    def handle_startendtag(self, tag, attrs):
        """<br />, <circle … />: no content, no change of depth."""

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
        if tag == "a" and self.current:
            self.links.append(tuple(self.current))
            self.current = None

    def handle_data(self, data):
        if self.current:
            self.current[1] += data


def links(html_file: Path) -> _Links:
    parser = _Links()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser


def target(site: Path, page: str, href: str) -> Path:
    """The file a relative link on built page `page` (e.g. problems/index.html) opens."""
    url = urljoin("http://x/" + page, href.split("#")[0])
    path = site / unquote(url[len("http://x/"):])
    return path / "index.html" if path.is_dir() else path


@pytest.fixture(scope="module")
def ledger():
    return load_ledger(ROOT / "data")


def test_one_page_per_problem_with_its_whole_history(built_site, ledger):
    for p in ledger.problems:
        text = article_text(built_site / "problems" / p.id / "index.html")
        assert text.startswith(f"{p.id}{p.description}".replace(" ", ""))
        for entry in p.progress:
            assert f"{cn_date(entry.date)}整改进展{entry.text}" in text
        assert f"整改时限{cn_date(p.deadline)}" in text


def test_every_table_that_lists_a_problem_links_its_page(built_site, ledger):
    for page, wanted in (("problems/index.html", {p.id for p in ledger.problems}),
                         ("institutions/index.html", {ref for r in ledger.regulations for ref in r.answers}),
                         ("board/index.html", {a.problem.id for alerts in tracker.assess(ledger).by_kind().values()
                                               for a in alerts})):
        found = {text: target(built_site, page, href) for href, text in links(built_site / page).links
                 if text in wanted}
        assert set(found) == wanted, page
        for pid, file in found.items():
            assert file == built_site / "problems" / pid / "index.html", (page, pid)
            assert file.exists()


def test_problem_pages_stay_out_of_the_navigation(built_site, ledger):
    nav = [h for h in links(built_site / "index.html").nav_hrefs if h]
    assert any("board" in h for h in nav)
    assert not any(p.id in h for h in nav for p in ledger.problems)


def test_closed_problem_page_links_its_evidence_file(built_site, ledger):
    p = next(p for p in ledger.problems if p.closure and p.closure.evidence_file)
    page = f"problems/{p.id}/index.html"
    evidence = [target(built_site, page, href) for href, _ in links(built_site / page).links if "evidence" in href]
    assert evidence and all(f.exists() for f in evidence)
    assert "佐证材料" in article_text(evidence[0])


def test_board_shows_the_figures_the_tallies_and_the_chart(built_site, ledger):
    fig = compute_figures(ledger)
    text = article_text(built_site / "board" / "index.html")
    assert f"已完成问题整改{fig.problems_done}个，整改完成率{fig.completion_rate}" in text
    assert f"整改完成率{fig.completion_rate}" in text
    for department, total in fig.problems_by_department.items():
        finished = fig.problems_done_by_department[department]
        assert f"{department}{total}{finished}{total - finished}" in text
    for leader, total in fig.problems_by_leader.items():
        assert f"{leader}{total}{fig.problems_done_by_leader[leader]}" in text
    for source, total in fig.problems_by_source.items():
        assert f"{source}{total}{fig.problems_done_by_source[source]}" in text
    for status, count in fig.problems_by_status.items():
        assert f"{status}{count}" in text
    assert f"逾期未完成（{fig.problems_overdue}个）" in text and f"即将到期（{fig.problems_due_soon}个）" in text
    assert f"进展滞后（{fig.problems_stale}个）" in text
    assert f"缺少佐证材料（{fig.problems_without_evidence}个）" in text
    html = (built_site / "board" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<svg[^>]*class="ledger-chart"[^>]*viewBox="0 0 \d+ \d+"[^>]*width="100%"', html)
    last = tracker.open_closed_series(ledger.problems, ledger.settings.as_of)[-1]
    assert f"未完成{last.open}" in text and f"已完成{last.closed}" in text


def test_dashboard_and_problem_list_show_the_judgements(built_site, ledger):
    assessment = tracker.assess(ledger)
    home = article_text(built_site / "index.html")
    for kind, alerts in assessment.by_kind().items():
        ids = "、".join(a.problem.id for a in alerts)
        assert f"{tracker.ALERT_NAMES[kind]}：{len(alerts)}个" + (f"（{ids}）" if ids else "") in home
    listing = article_text(built_site / "problems" / "index.html")
    assert "编号问题描述责任科室整改时限整改状态" in listing  # the five columns a reader scans (issue 15)
    for p in ledger.problems:
        labels = "".join(a.label for a in assessment.alerts_for(p.id))
        assert f"{p.id}{p.description}{p.department}{cn_date(p.deadline)}{p.status}{labels}" in listing


# P-008 marked 已完成 and 销号 with an approver but no 佐证材料 (flow style keeps it to one line each)
FINISHED = "status: 已完成\ncompleted: 2023-11-19\nclosure:\n  date: 2023-11-20\n  approved_by: 党组书记、局长\n"
LAST_STEP = "  - date: 2023-11-19\n    text: 村级气象信息员提醒机制建立\n"


def test_closing_a_problem_without_evidence_moves_it_between_lists(tmp_path):
    project = copy_project(tmp_path / "project")
    problems = project / "data" / "problems" / "P-008.yml"
    p008 = problems.read_text(encoding="utf-8").replace("status: 整改中\n", FINISHED, 1)
    p008 = re.sub(r"(  - date: 2023-10-20\n    text: [^\n]*\n)", lambda m: m.group(1) + LAST_STEP, p008, count=1)
    assert FINISHED in p008 and LAST_STEP in p008
    problems.write_text(p008, encoding="utf-8")
    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr

    board = article_text(site / "board" / "index.html")
    assert "逾期未完成（0个）" in board and "进展滞后（0个）" in board and "缺少佐证材料（1个）" in board
    assert "已销号但没有佐证材料" in board
    home = article_text(site / "index.html")
    assert "逾期未完成：0个" in home and "缺少佐证材料：1个（P-008）" in home
    page = article_text(site / "problems" / "P-008" / "index.html")
    assert "2023年11月19日整改进展村级气象信息员提醒机制建立" in page
    assert "2023年11月20日销号审核人：党组书记、局长" in page and "缺少佐证材料" in page
