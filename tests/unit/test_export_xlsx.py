"""The Excel 整改台账 read back with openpyxl: columns, title, frozen header, print setup, status fills, sheets;
the problem sheet as a form (编号, fill-in columns, drop-down, protection, hidden export record); text that
begins with = + - @ stored as text in every sheet, read from the sheet XML inside the file."""
import datetime as dt
import re
import zipfile
from support import sample_template

import openpyxl
import pytest

from ledger import compute_figures, load_ledger
from ledger.records import models as m
from ledger.views import tracker
from ledger.exports import xlsx
from ledger.exports.downloads import write_department_ledger
from ledger.exports.xlsx import OVERDUE_FILL, STATUS_FILLS, write_xlsx
from ledger.records.dated import as_known_on

COLUMNS = ["序号", "编号", "问题描述", "问题来源", "整改措施", "责任领导", "责任科室", "整改时限", "提醒", "整改进展",
           "完成情况\n（填写）", "完成日期\n（填写）", "新增进展日期\n（填写）", "新增进展\n（填写）",
           "佐证材料\n（填写）", "导出时记录"]
FILL_LETTERS = "KLMNO"
HEADER = 4                 # problem sheet: title, figures, 填写说明, header
FIRST_DATA_ROW = 5
OTHER_FIRST_DATA_ROW = 4   # the other sheets have no 填写说明 line


@pytest.fixture(scope="module")
def ledger(root):
    return load_ledger(root / "data")


def read_back(ledger, tmp_path):
    return openpyxl.load_workbook(write_xlsx(ledger, tmp_path / "ledger.xlsx", sample_template()))


@pytest.fixture(scope="module")
def book(ledger, tmp_path_factory):
    return read_back(ledger, tmp_path_factory.mktemp("xlsx"))


def fill_of(cell) -> str:
    return cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else ""


def column_of(ws, header: str) -> int:
    return next(c.column for c in ws[HEADER] if c.value.split("\n")[0] == header)


def test_three_sheets(book):
    assert book.sheetnames == ["整改台账", "调研报告", "学习活动"]


def test_problem_sheet_columns_title_and_figures(book, ledger):
    ws = book["整改台账"]
    fig = compute_figures(ledger)
    assert [c.value for c in ws[HEADER]] == COLUMNS
    assert ws["A1"].value == "XX区气象局主题教育问题整改台账"
    note = ws["A2"].value
    assert "填报单位：XX区气象局" in note and "截至日期：2023年11月20日" in note
    assert (f"问题清单{fig.problem_count}个，已完成整改{fig.problems_done}个，整改完成率{fig.completion_rate}"
            in note) and "问题清单8个，已完成整改6个，整改完成率75%" in note
    assert {"A1:O1", "A2:O2", "A3:O3"} <= {str(r) for r in ws.merged_cells.ranges}  # the hidden column is outside


def test_one_row_per_problem_with_its_record_values(book, ledger):
    ws = book["整改台账"]
    rows = list(ws.iter_rows(min_row=FIRST_DATA_ROW, max_row=FIRST_DATA_ROW + len(ledger.problems) - 1,
                             values_only=True))
    assert [r[0] for r in rows] == list(range(1, len(ledger.problems) + 1))
    for row, problem in zip(rows, ledger.problems):
        assert row[1] == problem.id
        assert row[2:7] == (problem.description, problem.source, problem.measures, problem.leader,
                            problem.department)
        assert row[7] == dt.datetime.combine(problem.deadline, dt.time())  # a real date
        assert row[10] == problem.status
        assert row[11] == (dt.datetime.combine(problem.completed, dt.time()) if problem.completed else None)
        assert row[12] is None and row[13] is None
        assert row[14] == (problem.closed.evidence if problem.closed else None)  # the 销号, one step or reviewed
        for entry in problem.progress:
            assert f"{entry.date.year}年{entry.date.month}月{entry.date.day}日：{entry.text}" in row[9]
    assert sum(1 for r in rows if r[10] == "已完成") == 6
    assert [r[1] for r in rows] == ["P-001", "P-002", "P-003", "P-004", "P-005", "P-006", "P-007", "P-008"]


def test_dates_are_dates_shown_the_chinese_way(book):
    for ws, header in ((book["整改台账"], "整改时限"), (book["调研报告"], "调研日期"), (book["学习活动"], "日期")):
        header_row = HEADER if ws.title == "整改台账" else 3
        col = next(c.column for c in ws[header_row] if c.value.split("\n")[0] == header)
        cell = ws.cell(row=header_row + 1, column=col)
        assert isinstance(cell.value, dt.datetime) and cell.is_date, (ws.title, cell.value)
        assert cell.number_format == 'yyyy"年"m"月"d"日"'
    ws = book["整改台账"]
    for letter in "LM":
        assert ws[f"{letter}{FIRST_DATA_ROW}"].number_format == 'yyyy"年"m"月"d"日"'
    assert isinstance(ws["A5"].value, int) and isinstance(book["学习活动"]["A4"].value, int)  # 序号 as numbers


def test_header_frozen_and_repeated_a4_landscape_fit_to_width_with_autofilter(book):
    for ws in book:
        header = HEADER if ws.title == "整改台账" else 3
        assert ws.freeze_panes == f"A{header + 1}"
        assert ws.print_title_rows == f"${header}:${header}"
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
        assert all(ws.column_dimensions[c.column_letter].width >= 5 for c in ws[header])
        assert all(c.alignment.wrap_text for c in ws[header + 1])
        assert ws.auto_filter.ref.startswith(f"A{header}:") and ws.auto_filter.ref.endswith(str(ws.max_row)
                                                                                               if ws.title != "整改台账"
                                                                                               else "")
        # the footer sits inside the bottom margin with room for its line (LibreOffice clipped it before)
        assert ws.page_margins.bottom - ws.page_margins.footer >= 0.4
        assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_problem_autofilter_covers_the_problem_rows(book, ledger):
    ws = book["整改台账"]
    assert ws.auto_filter.ref == f"A{HEADER}:O{HEADER + len(ledger.problems)}"


def test_each_status_has_its_fill_and_overdue_is_red(book, ledger):
    ws = book["整改台账"]
    assessment = tracker.assess(ledger)
    status_col, alert_col = column_of(ws, "完成情况"), column_of(ws, "提醒")
    for index, problem in enumerate(ledger.problems):
        row = FIRST_DATA_ROW + index
        assert fill_of(ws.cell(row=row, column=status_col)) == STATUS_FILLS[problem.status]
        overdue = [a for a in assessment.alerts_for(problem.id) if a.kind == tracker.OVERDUE]
        alert = ws.cell(row=row, column=alert_col)
        if overdue:
            assert fill_of(alert) == OVERDUE_FILL and overdue[0].label in alert.value
        else:
            assert fill_of(alert) != OVERDUE_FILL
    p8 = FIRST_DATA_ROW + [p.id for p in ledger.problems].index("P-008")
    assert ws.cell(row=p8, column=alert_col).value == "逾期5天"  # deadline 2023-11-15, as of 2023-11-20
    assert ws.cell(row=p8, column=status_col).value == "整改中"


def test_status_colours_follow_a_changed_status(book):
    """Conditional formats on the 完成情况 cells: a 科室 that picks 已完成 sees it turn green."""
    ws = book["整改台账"]
    rules = {}
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            rules[rule.formula[0].strip('"')] = (str(cf.sqref), rule.dxf.fill.fgColor.rgb[-6:])
    assert set(rules) == set(STATUS_FILLS)
    for status, (area, colour) in rules.items():
        assert area == "K5:K12" and colour == STATUS_FILLS[status]


def test_legend_explains_the_colours(book, ledger):
    ws = book["整改台账"]
    legend_row = FIRST_DATA_ROW + len(ledger.problems) + 1
    cells = {c.value: (fill_of(c), c.column_letter) for c in ws[legend_row] if c.value}
    assert cells["完成情况颜色说明："][0] == ""
    for status, colour in STATUS_FILLS.items():
        assert cells[status][0] == colour
    assert cells["逾期未完成"][0] == OVERDUE_FILL
    assert not {letter for _f, letter in cells.values()} & set("B" + FILL_LETTERS)  # not in columns an import reads


def test_judgements_use_the_as_of_date_given(ledger, tmp_path):
    earlier = read_back(as_known_on(ledger, dt.date(2023, 11, 10)), tmp_path)["整改台账"]
    assert "截至日期：2023年11月10日" in earlier["A2"].value
    p8 = FIRST_DATA_ROW + [p.id for p in ledger.problems].index("P-008")
    assert earlier.cell(row=p8, column=column_of(earlier, "提醒")).value == "5天后到期"
    assert fill_of(earlier.cell(row=p8, column=column_of(earlier, "提醒"))) != OVERDUE_FILL


# ---- the problem sheet as a form ----
def test_fill_columns_are_marked_unlocked_and_the_rest_protected(book, ledger):
    ws = book["整改台账"]
    assert ws.protection.sheet and not ws.protection.password
    assert ws.protection.autoFilter is False  # filtering still allowed on the protected sheet
    last = FIRST_DATA_ROW + len(ledger.problems) - 1
    for cell in ws[HEADER]:
        is_fill = cell.column_letter in FILL_LETTERS
        assert ("（填写）" in cell.value) == is_fill
        assert fill_of(cell) == ("FFD966" if is_fill else "D9D9D9")
    for row in ws.iter_rows(min_row=FIRST_DATA_ROW, max_row=last):
        for cell in row:
            assert cell.protection.locked == (cell.column_letter not in FILL_LETTERS), cell.coordinate
    instructions = ws["A3"].value
    assert instructions.startswith("填写说明：") and "其余各列受保护，导入时不读取" in instructions
    for header in xlsx.FILL_HEADERS:
        assert header in instructions


def test_status_is_a_drop_down_of_the_allowed_words(book, ledger):
    ws = book["整改台账"]
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1
    assert lists[0].formula1 == '"' + ",".join(m.PROBLEM_STATUSES) + '"'
    assert str(lists[0].sqref) == f"K{FIRST_DATA_ROW}:K{FIRST_DATA_ROW + len(ledger.problems) - 1}"
    assert lists[0].showErrorMessage
    dates = [dv for dv in ws.data_validations.dataValidation if dv.type == "date"]
    assert {str(r) for dv in dates for r in dv.sqref.ranges} == {"L5:L12", "M5:M12"}


def test_hidden_column_holds_the_record_as_exported(book, ledger):
    import json
    ws = book["整改台账"]
    assert ws.column_dimensions["P"].hidden
    for index, problem in enumerate(ledger.problems):
        data = json.loads(ws.cell(row=FIRST_DATA_ROW + index, column=16).value)
        assert data["id"] == problem.id and data["status"] == problem.status
        assert data["fp"] == xlsx.fingerprint(problem)
    p2 = ledger.problem("P-002")
    changed = p2.model_copy(update={"progress": p2.progress[:1]})
    assert xlsx.fingerprint(changed) != xlsx.fingerprint(p2)
    assert xlsx.fingerprint(p2.model_copy(update={"description": "另一种说法"})) == xlsx.fingerprint(p2)


def test_one_department_only(ledger, tmp_path):
    path = write_department_ledger(ledger, sample_template(), "气象台", tmp_path)
    assert path.name == "XX区气象局主题教育整改台账（气象台）.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["整改台账"]
    ws = book["整改台账"]
    ids = [ws.cell(row=r, column=2).value for r in range(FIRST_DATA_ROW, ws.max_row + 1)
           if ws.cell(row=r, column=2).value]
    expected = [p.id for p in ledger.problems if p.department == "气象台"]
    assert ids == expected and len(expected) == 3
    assert ws["A1"].value.endswith("（气象台）") and "责任科室：气象台" in ws["A2"].value
    assert f"问题清单{len(expected)}个" in ws["A2"].value
    with pytest.raises(ValueError, match="没有责任科室为「宣传科」的问题；可写：办公室、气象台、防灾减灾科"):
        write_department_ledger(ledger, sample_template(), "宣传科", tmp_path)


# ---- formula injection ----
INJECTED = ("=1+2", "+SUM(1,2)", "-2+3", "@SUM(1,2)", "=HYPERLINK(\"http://example.invalid\",\"x\")")


def _sheet_xml(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")}


def test_text_that_looks_like_a_formula_is_written_as_text_in_every_sheet(ledger, tmp_path):
    p = ledger.problems
    problems = (p[0].model_copy(update={"description": INJECTED[0], "measures": INJECTED[1], "leader": INJECTED[2],
                                        "closure": p[0].closure.model_copy(update={"evidence": INJECTED[3]})}),
                *p[1:])
    r = ledger.reports[0].model_copy(update={"title": INJECTED[0], "outcomes": [INJECTED[4]]})
    a = ledger.activities[0].model_copy(update={"title": INJECTED[0], "place": INJECTED[3]})
    settings = ledger.settings.model_copy(update={"unit": INJECTED[0]})
    import dataclasses
    changed = dataclasses.replace(ledger, settings=settings, problems=problems, reports=(r, *ledger.reports[1:]),
                                  activities=(a, *ledger.activities[1:]))
    path = write_xlsx(changed, tmp_path / "injected.xlsx", sample_template())
    sheets = _sheet_xml(path)
    assert len(sheets) == 3
    for name, text in sheets.items():
        assert "<f>" not in text and "<f " not in text, name
        assert re.search(r'<c r="A1"[^>]*t="inlineStr"><is><t>=1\+2', text), name  # the title: unit name
    problem_xml = sheets["xl/worksheets/sheet1.xml"]
    for value in INJECTED[:4]:
        assert f'inlineStr"><is><t>{value}</t>' in problem_xml, value
    book = openpyxl.load_workbook(path)
    assert book["整改台账"]["C5"].value == "=1+2" and book["整改台账"]["C5"].data_type == "s"
    assert book["调研报告"]["C4"].value == "=1+2"
    assert [c.value for c in book["学习活动"]["C"]].count("=1+2") == 1


def test_research_report_sheet(book, ledger):
    ws = book["调研报告"]
    assert [c.value for c in ws[3]][:4] == ["序号", "调研选题", "报告题目", "带队领导"]
    titles = [ws.cell(row=r, column=3).value
              for r in range(OTHER_FIRST_DATA_ROW, OTHER_FIRST_DATA_ROW + len(ledger.reports))]
    assert titles == [r.title for r in ledger.reports]
    assert "调研报告4篇（已完成4篇）" in ws["A2"].value and "XX区气象局" in ws["A1"].value


def test_study_activity_sheet(book, ledger):
    ws = book["学习活动"]
    fig = compute_figures(ledger)
    rows = list(ws.iter_rows(min_row=OTHER_FIRST_DATA_ROW, values_only=True))
    assert len(rows) == fig.activity_count
    assert [r[3].date() for r in rows] == [a.date for a in sorted(ledger.activities, key=lambda a: a.date)]
    reading = next(r for r in rows if r[1] == "专题读书班")
    assert reading[4] == 7
    assert "专题读书班1期（7天），专题党课3次" in ws["A2"].value
