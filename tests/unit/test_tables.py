"""Markdown and HTML views of records (ledger/tables.py)."""
from html.parser import HTMLParser

from ledger.records.campaign import Campaign, FigureSpec
from ledger.views.measures import FigureValues
from ledger.views.tables import figure_cards


def figures(**declared) -> FigureValues:
    """Hand-made figures: id=(value, label, unit, tone)."""
    specs = [FigureSpec(id=i, label=label, unit=unit, measure="count", kind="problems", basis="测试", tone=tone)
             for i, (_value, label, unit, tone) in declared.items()]
    campaign = Campaign(id="test", version="1", choices={}, figures=specs)
    return FigureValues(campaign, {i: value for i, (value, *_rest) in declared.items()})


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = ""

    def handle_data(self, data):
        self.text += data


def test_figure_cards_read_as_separate_words_where_the_page_is_taken_as_text():
    reader = _Text()
    fig = figures(reports=(4, "调研报告", "篇", "plain"), classes=(1, "专题读书班", "期", "plain"),
                  days=(7, "天数", "天", "plain"), odd=("<b>", "a|b", "", "plain"))
    reader.feed(figure_cards(fig, ["reports", ["classes", "days"], "odd"]))
    assert reader.text.split() == ["4", "调研报告（篇）", "1期（7天）", "专题读书班", "<b>", "a|b"]


# ---- the problem list: five columns a reader scans, the rest on the problem's page ----
import dataclasses
import datetime as dt
import re
from urllib.parse import unquote

import markdown as md
import pytest

from ledger import load_ledger
from ledger.records.models import Problem
from ledger.views import tracker, trackview
from ledger.views.tables import PROBLEM_LIST_COLUMNS, date_cell, linked, problem_table, record_table
from support import ROOT


@pytest.fixture(scope="module")
def sample():
    return load_ledger(ROOT / "data")


def _html(markdown_text: str) -> str:
    return md.markdown(markdown_text, extensions=["tables", "md_in_html"])


def _rows(html: str) -> list[list[str]]:
    """Text of every body row's cells, tags removed, entities decoded."""
    import html as h
    body = html.split("<tbody>", 1)[1]
    return [[h.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_the_problem_list_has_the_columns_a_reader_scans_and_one_row_per_problem(sample):
    assessment = tracker.assess(sample)
    html = _html(problem_table(sample, lambda pid: f"problems/{pid}.md", trackview.remarks(assessment)))
    headers = [re.sub(r"<[^>]+>", "", th) for th in re.findall(r"<th[^>]*>(.*?)</th>", html)]
    assert headers == list(PROBLEM_LIST_COLUMNS) == ["编号", "问题描述", "责任科室", "整改时限", "整改状态"]
    assert re.search(r'class="problem-list problem-list--all"', html)
    rows = _rows(html)
    assert [r[0] for r in rows] == [p.id for p in sample.problems]
    for row, p in zip(rows, sample.problems):
        marks = "".join(a.label for a in assessment.alerts_for(p.id))
        assert row[1:4] == [p.description, p.department, f"{p.deadline.year}年{p.deadline.month}月{p.deadline.day}日"]
        assert row[4].replace(" ", "") == p.status + marks.replace(" ", "")
    # the sample has an overdue problem: its mark is in its status cell, named after the rule
    overdue = assessment.overdue[0]
    assert re.search(rf'title="逾期未完成">{overdue.label}</span>', html)
    for pid in (p.id for p in sample.problems):
        assert f'href="problems/{pid}.md"' in html


def test_record_text_in_the_problem_list_stays_text(sample):
    odd = dataclasses.replace(sample, problems=(sample.problems[0].model_copy(update={
        "description": "<b>粗体</b> | 竖线 {{ x }}", "department": "*科*"}),))
    html = _html(problem_table(odd))
    assert "<b>" not in html and "<em>" not in html
    assert _rows(html)[0][1:3] == ["<b>粗体</b> | 竖线 {{ x }}", "*科*"]


def test_an_empty_problem_list_says_so(sample):
    assert problem_table(dataclasses.replace(sample, problems=())) == "*（暂无记录）*"


def test_a_date_in_a_table_does_not_break_inside():
    assert date_cell(dt.date(2023, 9, 11)) == '<span class="nowrap">2023年9月11日</span>'
    assert date_cell(None) == ""


@pytest.mark.parametrize("name", ["a)b.pdf", "整改 材料(1).pdf", "100%.pdf", "a]b<c>.pdf", "x#y.md"])
def test_a_link_reaches_its_file_whatever_the_file_name(name):
    html = md.markdown(linked("佐证", f"../evidence/{name}"))
    href = re.fullmatch(r'<p><a href="([^"]*)">佐证</a></p>', html).group(1)
    assert unquote(href) == f"../evidence/{name}"


def test_remarks_mark_each_rule_with_its_own_class():
    day = dt.date(2023, 11, 20)
    p = Problem(id="P-1", description="问题", source="调研发现", measures="措施", leader="局长", department="办公室",
                found=dt.date(2023, 9, 1), deadline=dt.date(2023, 11, 15), status="整改中")
    remark = trackview.remarks(tracker.assess_problems([p], day, 14, 30))("P-1")
    assert re.findall(r'class="problem-alert (\S+)"', remark) == ["alert-overdue", "alert-stale"]
    assert trackview.remarks(tracker.assess_problems([p], day, 14, 30))("P-2") == ""


# ---- figure cards: coloured by what the figure means ----
def _tones(html: str) -> list[str]:
    return re.findall(r'figure-card--(\w+)', html)


def test_figure_cards_are_plain_good_or_warning_and_a_zero_warning_is_quiet():
    fig = figures(total=(8, "问题清单", "个", "plain"), done=(6, "已完成整改", "个", "good"),
                  rate=("75%", "整改完成率", "", "good"), late=(1, "逾期未完成", "个", "warn"),
                  bare=(0, "缺少佐证材料", "个", "warn"))
    html = figure_cards(fig, ["total", "done", "rate", "late", "bare"])
    assert _tones(html) == ["plain", "good", "good", "warn", "clear"]
    with pytest.raises(KeyError, match="no_such"):  # an id the campaign does not declare
        figure_cards(fig, ["no_such"])


def test_the_board_alert_lists_use_the_problem_list_columns_and_add_the_note(sample):
    assessment = tracker.assess(sample)
    alerts = assessment.overdue
    html = _html(trackview.alert_table(alerts, lambda pid: f"../problems/{pid}/"))
    assert [f"../problems/{a.problem.id}/" for a in alerts] == re.findall(r'<a href="([^"]+)">', html)
    assert 'class="problem-list problem-list--alerts"' in html
    headers = [re.sub(r"<[^>]+>", "", th) for th in re.findall(r"<th[^>]*>(.*?)</th>", html)]
    assert headers == [*PROBLEM_LIST_COLUMNS, "情况"]
    assert [row[0] for row in _rows(html)] == [a.problem.id for a in alerts]
    assert [row[5] for row in _rows(html)] == [a.note for a in alerts]
    assert trackview.alert_table((), lambda pid: None) == "*（没有）*"


def test_dates_inside_free_text_in_a_cell_stay_on_one_line():
    from ledger.views.tables import text_cell
    assert text_cell("已逾期5天（整改时限2023年11月15日）<b>") == \
        '已逾期5天（整改时限<span class="nowrap">2023年11月15日</span>）&#60;b&#62;'


def test_a_record_table_keeps_fixed_words_on_one_line_and_free_text_free(sample):
    """record_table: a choice of the campaign (类别) and a status stay whole on a phone (党内法规 never
    prints as 党内法/规); a title wraps as text does."""
    table = record_table(sample, "regulations", ["title", "kind", "status"])
    first = sample.regulations[0]
    assert f'<span class="nowrap">{first.kind}</span>' in table
    assert f'<span class="nowrap">{first.status}</span>' in table
    assert f'<span class="nowrap">{first.title}</span>' not in table and first.title in table
