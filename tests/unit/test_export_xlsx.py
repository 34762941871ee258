"""The Excel 整改台账 read back with openpyxl: columns, title, frozen header, print setup, status fills, sheets."""
import datetime as dt

import openpyxl
import pytest

from ledger import compute_figures, load_ledger
from ledger.views import tracker
from ledger.exports.xlsx import OVERDUE_FILL, STATUS_FILLS, write_xlsx
from ledger.records.dated import as_known_on
from ledger.text import cn_date

COLUMNS = ["序号", "问题描述", "问题来源", "整改措施", "责任领导", "责任科室", "整改时限", "整改进展", "完成情况", "完成日期"]
FIRST_DATA_ROW = 4


@pytest.fixture(scope="module")
def ledger(root):
    return load_ledger(root / "data")


def read_back(ledger, tmp_path):
    return openpyxl.load_workbook(write_xlsx(ledger, tmp_path / "ledger.xlsx"))


@pytest.fixture(scope="module")
def book(ledger, tmp_path_factory):
    return read_back(ledger, tmp_path_factory.mktemp("xlsx"))


def fill_of(cell) -> str:
    return cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else ""


def test_three_sheets(book):
    assert book.sheetnames == ["整改台账", "调研报告", "学习活动"]


def test_problem_sheet_columns_title_and_figures(book, ledger):
    ws = book["整改台账"]
    fig = compute_figures(ledger)
    assert [c.value for c in ws[3]] == COLUMNS
    assert ws["A1"].value == "XX区气象局主题教育问题整改台账"
    note = ws["A2"].value
    assert "填报单位：XX区气象局" in note and "截至日期：2023年11月20日" in note
    assert (f"问题清单{fig.problem_count}个，已完成整改{fig.problems_done}个，整改完成率{fig.completion_rate}"
            in note) and "问题清单8个，已完成整改6个，整改完成率75%" in note
    assert "A1:J1" in {str(r) for r in ws.merged_cells.ranges}


def test_one_row_per_problem_with_its_record_values(book, ledger):
    ws = book["整改台账"]
    rows = list(ws.iter_rows(min_row=FIRST_DATA_ROW, max_row=FIRST_DATA_ROW + len(ledger.problems) - 1,
                             values_only=True))
    assert [r[0] for r in rows] == list(range(1, len(ledger.problems) + 1))
    for row, problem in zip(rows, ledger.problems):
        assert row[1:7] == (problem.description, problem.source, problem.measures, problem.leader,
                            problem.department, cn_date(problem.deadline))
        assert row[8].split("\n")[0] == problem.status
        assert (row[9] or "") == cn_date(problem.completed)
        for entry in problem.progress:
            assert f"{cn_date(entry.date)}：{entry.text}" in row[7]
    assert sum(1 for r in rows if r[8].startswith("已完成")) == 6


def test_header_frozen_and_repeated_a4_landscape_fit_to_width(book):
    for ws in book:
        assert ws.freeze_panes == "A4"
        assert ws.print_title_rows == "$3:$3"
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
        header = list(ws[3])
        assert all(ws.column_dimensions[c.column_letter].width >= 5 for c in header)
        assert all(c.alignment.wrap_text for c in ws[FIRST_DATA_ROW])


def test_each_status_has_its_fill_and_overdue_is_red(book, ledger):
    ws = book["整改台账"]
    assessment = tracker.assess(ledger)
    for index, problem in enumerate(ledger.problems):
        cell = ws.cell(row=FIRST_DATA_ROW + index, column=9)
        overdue = [a for a in assessment.alerts_for(problem.id) if a.kind == tracker.OVERDUE]
        if overdue:
            assert fill_of(cell) == OVERDUE_FILL and overdue[0].label in cell.value
        else:
            assert fill_of(cell) == STATUS_FILLS[problem.status]
    p8 = FIRST_DATA_ROW + [p.id for p in ledger.problems].index("P-008")
    assert ws.cell(row=p8, column=9).value == "整改中\n逾期5天"  # deadline 2023-11-15, as of 2023-11-20
    done = FIRST_DATA_ROW + [p.id for p in ledger.problems].index("P-001")
    assert fill_of(ws.cell(row=done, column=9)) == "C6EFCE"


def test_legend_explains_the_colours(book, ledger):
    ws = book["整改台账"]
    legend_row = FIRST_DATA_ROW + len(ledger.problems) + 1
    cells = {c.value: fill_of(c) for c in ws[legend_row] if c.value}
    assert cells["完成情况颜色说明："] == ""
    for status, colour in STATUS_FILLS.items():
        assert cells[status] == colour
    assert cells["逾期未完成"] == OVERDUE_FILL


def test_judgements_use_the_as_of_date_given(ledger, tmp_path):
    earlier = read_back(as_known_on(ledger, dt.date(2023, 11, 10)), tmp_path)["整改台账"]
    assert "截至日期：2023年11月10日" in earlier["A2"].value
    p8 = FIRST_DATA_ROW + [p.id for p in ledger.problems].index("P-008")
    assert earlier.cell(row=p8, column=9).value == "整改中\n5天后到期"
    assert fill_of(earlier.cell(row=p8, column=9)) == STATUS_FILLS["整改中"]


def test_research_report_sheet(book, ledger):
    ws = book["调研报告"]
    assert [c.value for c in ws[3]][:4] == ["序号", "调研选题", "报告题目", "带队领导"]
    titles = [ws.cell(row=r, column=3).value for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(ledger.reports))]
    assert titles == [r.title for r in ledger.reports]
    assert "调研报告4篇（已完成4篇）" in ws["A2"].value and "XX区气象局" in ws["A1"].value


def test_study_activity_sheet(book, ledger):
    ws = book["学习活动"]
    fig = compute_figures(ledger)
    rows = list(ws.iter_rows(min_row=FIRST_DATA_ROW, values_only=True))
    assert len(rows) == fig.activity_count
    assert [r[3] for r in rows] == [cn_date(a.date) for a in sorted(ledger.activities, key=lambda a: a.date)]
    reading = next(r for r in rows if r[1] == "专题读书班")
    assert reading[4] == 7
    assert "专题读书班1期（7天），专题党课3次" in ws["A2"].value
