"""对账销号 through Excel: the 科室's sheet applies for 销号 (已完成 + 完成日期 + 佐证材料), the office's review
sheet (export --review) passes or sends back; both all or nothing, every error at its cell; old sheets refused."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from ledger import load_ledger
from ledger.cli import main
from ledger.exports import xlsx
from ledger.exports.xlsx import write_review_xlsx, write_xlsx
from ledger.exports.xlsx_import import ImportRefused, apply_plan, plan_import
from ledger.views import tracker
from support import sample_template

D = dt.date
LETTER = {h: chr(ord("A") + i) for i, (h, _w) in enumerate(xlsx.PROBLEM_COLUMNS)}
REVIEW_LETTER = {h: chr(ord("A") + i) for i, (h, _w) in enumerate(xlsx.REVIEW_COLUMNS)}
APPLICATION = {"完成情况": "已完成", "完成日期": D(2023, 11, 19), "佐证材料": "村级气象信息员提醒机制文件"}


@pytest.fixture
def data(root, tmp_path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(root / "data", project / "data")
    shutil.copytree(root / "docs", project / "docs")
    shutil.copytree(root / "templates", project / "templates")  # export reads the report's prose
    return project / "data"


def snapshot(data: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*.yml"))}


def fill(path: Path, sheet: str, letters: dict[str, str], rows: dict[str, dict[str, object]]) -> Path:
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    for problem_id, values in rows.items():
        row = next(r for r in range(1, ws.max_row + 1) if ws[f"B{r}"].value == problem_id)
        for header, value in values.items():
            ws[f"{letters[header]}{row}"].value = value
            if isinstance(value, str):
                ws[f"{letters[header]}{row}"].data_type = "s"
    book.save(path)
    return path


def department_sheet(data: Path, rows: dict[str, dict[str, object]]) -> Path:
    path = write_xlsx(load_ledger(data), data.parent / "气象台.xlsx", sample_template(), department="气象台")
    return fill(path, xlsx.PROBLEM_SHEET, LETTER, rows)


def review_sheet(data: Path, rows: dict[str, dict[str, object]], name: str = "审核.xlsx") -> Path:
    path = write_review_xlsx(load_ledger(data), data.parent / name)
    return fill(path, xlsx.REVIEW_SHEET, REVIEW_LETTER, rows)


def apply(files, data: Path):
    plan = plan_import(files, load_ledger(data))
    apply_plan(plan, data)
    return plan


def refused(files, data: Path) -> str:
    before = snapshot(data)
    with pytest.raises(ImportRefused) as caught:
        apply(files, data)
    assert snapshot(data) == before  # all or nothing
    return caught.value.report()


def applied_p008(data: Path) -> None:
    apply([department_sheet(data, {"P-008": APPLICATION})], data)


# ---- the 科室's sheet ----
def test_done_with_a_date_and_evidence_is_an_application_for_closure(data):
    plan = plan_import([department_sheet(data, {"P-008": APPLICATION})], load_ledger(data))
    assert ("问题 P-008：状态 整改中 → 已完成；完成日期 （空） → 2023-11-19；"
            "申请销号 2023-11-19（申请科室：气象台，佐证材料「村级气象信息员提醒机制文件」）") in plan.render()
    apply_plan(plan, data)
    ledger = load_ledger(data)
    p8 = ledger.problem("P-008")
    assert (p8.status, p8.completed) == ("已完成", D(2023, 11, 19))
    assert [(r.applied, r.department, r.evidence, r.decision) for r in p8.review] == [
        (D(2023, 11, 19), "气象台", "村级气象信息员提醒机制文件", None)]
    waiting = tracker.assess(ledger).awaiting_review
    assert [(a.problem.id, a.label) for a in waiting] == [("P-008", "待审核1天")]
    text = (data / "problems" / "P-008.yml").read_text(encoding="utf-8")
    assert "review:\n  - applied: 2023-11-19\n    department: 气象台\n    evidence: 村级气象信息员提醒机制文件\n" in text


def test_an_application_needs_its_completion_date(data):
    report = refused([department_sheet(data, {"P-008": {**APPLICATION, "完成日期": None}})], data)
    assert f"气象台.xlsx 整改台账!{LETTER['完成日期']}" in report and "问题 P-008 字段 完成日期：申请销号要填写完成日期" in report


def test_an_application_the_check_refuses_is_named_at_its_cell(data):
    """Completed (and so applied for) before the problem was found: the check's error at the sheet's cells."""
    report = refused([department_sheet(data, {"P-008": {**APPLICATION, "完成日期": D(2023, 10, 1)}})], data)
    assert f"整改台账!{LETTER['完成日期']}" in report and "早于发现日期" in report
    assert f"整改台账!{LETTER['佐证材料']}" in report and "申请销号应在发现问题之后" in report


def test_a_sheet_exported_before_the_review_history_is_refused(data):
    path = department_sheet(data, {"P-008": APPLICATION})
    book = openpyxl.load_workbook(path)
    ws = book[xlsx.PROBLEM_SHEET]
    hidden = LETTER[xlsx.EXPORTED_HEADER]
    for row in range(xlsx.PROBLEM_HEADER_ROW + 1, ws.max_row + 1):
        if ws[f"{hidden}{row}"].value:
            record = json.loads(ws[f"{hidden}{row}"].value)
            ws[f"{hidden}{row}"].value = json.dumps({**record, "v": 1}, ensure_ascii=False)
    book.save(path)
    report = refused([path], data)
    assert report.count("旧版程序导出") == 1  # one sentence for the whole sheet, at its first row
    assert f"整改台账!{hidden}{xlsx.PROBLEM_HEADER_ROW + 1}" in report and "请重新导出台账" in report


# ---- the office's review sheet ----
def test_the_review_sheet_lists_the_applications_waiting(data):
    applied_p008(data)
    book = openpyxl.load_workbook(write_review_xlsx(load_ledger(data), data.parent / "审核.xlsx"))
    ws = book[xlsx.REVIEW_SHEET]
    header = xlsx.HEADER_ROW + 1
    headers = [str(c.value).split("\n")[0] for c in ws[header]]
    rows = [r for r in ws.iter_rows(min_row=header + 1, values_only=True) if r[1]]
    assert [(r[1], r[headers.index("申请销号日期")].date(), r[headers.index("已等待（天）")]) for r in rows] == [
        ("P-008", D(2023, 11, 19), 1)]
    assert {h + "\n（填写）" for h in xlsx.REVIEW_FILL_HEADERS} <= {c.value for c in ws[header]}
    assert ws.protection.sheet is True
    decision = next(v for v in ws.data_validations.dataValidation if v.formula1 == '"通过,退回"')
    assert REVIEW_LETTER["审核结论"] in str(decision.sqref)


def test_a_pass_is_the_closure(data, capsys):
    applied_p008(data)
    sheet = review_sheet(data, {"P-008": {"审核日期": D(2023, 11, 20), "审核人": "党组书记、局长", "审核结论": "通过"}})
    assert main(["--data", str(data), "import", str(sheet), "--apply"]) == 0
    assert "问题 P-008：销号审核（第1次申请）2023-11-20 通过（审核人：党组书记、局长）" in capsys.readouterr().out
    p8 = load_ledger(data).problem("P-008")
    assert p8.closed.date == D(2023, 11, 20) and p8.closed.evidence == "村级气象信息员提醒机制文件"
    assert tracker.assess(load_ledger(data)).awaiting_review == ()


def test_a_return_reopens_the_problem(data):
    applied_p008(data)
    apply([review_sheet(data, {"P-008": {"审核日期": D(2023, 11, 20), "审核人": "党组书记、局长", "审核结论": "退回",
                                         "退回理由": "提醒机制尚未运行"}})], data)
    ledger = load_ledger(data)
    p8 = ledger.problem("P-008")
    assert (p8.status, p8.completed, p8.review[-1].reason) == ("整改中", None, "提醒机制尚未运行")
    assert [a.problem.id for a in tracker.assess(ledger).sent_back] == ["P-008"]


def test_review_rows_that_are_refused_name_their_cells(data):
    applied_p008(data)
    report = refused([review_sheet(data, {"P-008": {"审核日期": D(2023, 11, 20), "审核结论": "退回"}})], data)
    assert f"审核.xlsx 销号审核!{REVIEW_LETTER['审核人']}" in report and "字段 审核人：不能为空" in report
    assert f"销号审核!{REVIEW_LETTER['退回理由']}" in report and "退回必须写明退回理由" in report


def test_a_review_before_the_application_is_refused_at_the_date_cell(data):
    applied_p008(data)
    report = refused([review_sheet(data, {"P-008": {"审核日期": D(2023, 11, 18), "审核人": "党组书记、局长",
                                                    "审核结论": "通过"}})], data)
    assert f"销号审核!{REVIEW_LETTER['审核日期']}" in report and "早于申请销号日期" in report


def test_a_review_sheet_imported_twice_is_refused_the_second_time(data):
    applied_p008(data)
    sheet = review_sheet(data, {"P-008": {"审核日期": D(2023, 11, 20), "审核人": "党组书记、局长", "审核结论": "通过"}})
    apply([sheet], data)
    report = refused([sheet], data)
    assert "请重新导出审核表" in report and f"销号审核!B{xlsx.HEADER_ROW + 2}" in report


def test_export_review_from_the_command_line(data, capsys):
    applied_p008(data)
    assert main(["--data", str(data), "export", "--review", "--out", str(data.parent / "下发")]) == 0
    written = Path(capsys.readouterr().out.split("已写入 ")[1].strip())
    assert written.name == "XX区气象局主题教育销号审核表.xlsx" and written.is_file()
