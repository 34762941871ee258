"""The 整改台账 as an Excel workbook: problems, research reports, study activities.

Each sheet has a title row (unit and as-of date), a summary line of figures from
compute_figures, a frozen header that repeats on every printed page, an autofilter, and column
widths with wrapping for A4 landscape. Dates are real dates (shown 2023年11月20日), 序号 numbers.

The problem sheet is also a form that goes down to the 科室 and comes back
(ledger/exports/xlsx_import.py reads it): each row carries the problem's 编号, the columns a 科室
fills in (完成情况 as a drop-down of the allowed words, 完成日期, 新增进展日期, 新增进展, 佐证材料) have
a yellow header and are the only unlocked cells of a protected sheet, and a hidden last column holds
the record as exported (EXPORTED_HEADER), so that an import can tell a sheet older than the record.

Every cell is written through put_cell: text is always stored as text, so record text that begins with
=, +, - or @ never becomes a formula (formula injection).
"""
from __future__ import annotations

import dataclasses
import functools
import datetime as dt
import hashlib
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ledger.records import models as m
from ledger.views import tracker
from ledger.views.figure_labels import figure_phrase
from ledger.views.measures import FigureValues, compute_figures
from ledger.views.report_template import LoadedTemplate
from ledger.records.ledger import Ledger
from ledger.text import cn_date, display_width

TITLE_FONT = Font(name="方正小标宋简体", size=18)
NOTE_FONT = Font(name="仿宋_GB2312", size=11)
HEADER_FONT = Font(name="黑体", size=11)
BODY_FONT = Font(name="宋体", size=10.5)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
FILL_HEADER_FILL = PatternFill("solid", fgColor="FFD966")  # the columns a 科室 fills in: yellow header
FILL_CELL_FILL = PatternFill("solid", fgColor="FFF2CC")    # ... and pale yellow cells
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
WRAP_CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")
TITLE_ROW, NOTE_ROW = 1, 2
HEADER_ROW = 3           # sheets without instructions; the problem sheet has its 填写说明 in row 3
LINE_HEIGHT = 14.5  # points per wrapped line of 10.5 pt text
FILL_RATIO = 0.85   # share of a column's width that wrapped text fills (row heights are estimated, not measured)
DATE_FORMAT = 'yyyy"年"m"月"d"日"'   # a real date, shown as 公文 write it

# 完成情况: one fill per status, so the state of the list shows at a glance
STATUS_FILLS: dict[str, str] = {
    "已完成": "C6EFCE",                 # green
    "阶段性完成、长期坚持": "DDEBF7",      # blue
    "整改中": "FFEB9C",                 # yellow
    "未开始": "F2F2F2",                 # grey
}
OVERDUE_FILL = "FFC7CE"                 # red: awaiting completion past its deadline on the as-of date
ALERTS_SHOWN = (tracker.OVERDUE, tracker.DUE_SOON, tracker.AWAITING_REVIEW)
NOTES_SHOWN = (tracker.SENT_BACK,)   # shown with their note: the 科室 reads why its application came back

DATE_WIDTH = 15  # 2023年11月20日 on one line

# ---- the problem sheet as a form (read back by xlsx_import) ----
FILL_MARK = "（填写）"                   # appended to the header of every column a 科室 fills in
ID_HEADER = "编号"
ALERT_HEADER = "提醒"
STATUS_HEADER, COMPLETED_HEADER = "完成情况", "完成日期"
PROGRESS_DATE_HEADER, PROGRESS_TEXT_HEADER, EVIDENCE_HEADER = "新增进展日期", "新增进展", "佐证材料"
FILL_HEADERS = (STATUS_HEADER, COMPLETED_HEADER, PROGRESS_DATE_HEADER, PROGRESS_TEXT_HEADER, EVIDENCE_HEADER)
EXPORTED_HEADER = "导出时记录"            # hidden: the record as exported (JSON), for the import's stale check
PROBLEM_SHEET = "整改台账"
PROBLEM_HEADER_ROW = 4
# ---- the office's review sheet (export --review): the applications waiting for review, with 审核 columns ----
REVIEW_SHEET = "销号审核"
REVIEWED_HEADER, REVIEWER_HEADER, DECISION_HEADER, REASON_HEADER = "审核日期", "审核人", "审核结论", "退回理由"
REVIEW_FILL_HEADERS = (REVIEWED_HEADER, REVIEWER_HEADER, DECISION_HEADER, REASON_HEADER)
APPLIED_HEADER = "申请销号日期"
DATE_HEADERS = ("整改时限", COMPLETED_HEADER, PROGRESS_DATE_HEADER, REVIEWED_HEADER)
PROBLEM_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 5), (ID_HEADER, 8), ("问题描述", 20), ("问题来源", 8), ("整改措施", 20), ("责任领导", 10),
    ("责任科室", 10), ("整改时限", DATE_WIDTH), (ALERT_HEADER, 11), ("整改进展", 26), (STATUS_HEADER, 13),
    (COMPLETED_HEADER, DATE_WIDTH), (PROGRESS_DATE_HEADER, DATE_WIDTH), (PROGRESS_TEXT_HEADER, 24),
    (EVIDENCE_HEADER, 16), (EXPORTED_HEADER, 12))
# 2: the sheets made since 销号审核 (an application is 已完成 + 完成日期 + 佐证材料); a version-1 sheet is refused
FINGERPRINT_VERSION = 2
INSTRUCTIONS = (f"填写说明：表头为黄色、标有“{FILL_MARK}”的{len(FILL_HEADERS)}列由科室填写——"
                + "、".join(FILL_HEADERS) +
                f"（完成情况从下拉列表中选；日期写成 2023-11-18；新增进展要同时写进展日期）。"
                "申请销号：完成情况选“已完成”，填写完成日期和佐证材料（申请日期即完成日期），办公室审核后销号或退回。"
                "其余各列受保护，导入时不读取。每行按“编号”对应一条问题记录：请勿改动编号，不要增删行、合并单元格；"
                "可筛选，不要另存为其他格式。")

REVIEW_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 5), (ID_HEADER, 8), ("问题描述", 22), ("责任科室", 10), ("责任领导", 12), (APPLIED_HEADER, DATE_WIDTH),
    ("申请科室", 10), (EVIDENCE_HEADER, 22), ("已等待（天）", 8), (REVIEWED_HEADER, DATE_WIDTH), (REVIEWER_HEADER, 12),
    (DECISION_HEADER, 10), (REASON_HEADER, 22), (EXPORTED_HEADER, 12))
REVIEW_INSTRUCTIONS = (f"填写说明：每行是一个等待审核的销号申请。表头为黄色、标有“{FILL_MARK}”的4列由审核人填写——"
                       + "、".join(REVIEW_FILL_HEADERS) +
                       "（审核结论从下拉列表选“通过”或“退回”；退回必须写退回理由；日期写成 2023-11-18）。"
                       "通过即销号；退回后问题重新打开（状态改回整改中），科室整改后再次申请。"
                       "没有审核的行留空。其余各列受保护，导入时不读取；请勿改动编号，不要增删行、合并单元格。")

REPORT_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 5), ("调研选题", 14), ("报告题目", 34), ("带队领导", 13), ("责任科室", 10), ("走访地点", 16),
    ("调研日期", DATE_WIDTH), ("状态", 8), ("完成日期", DATE_WIDTH), ("成果转化", 26))
ACTIVITY_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 5), ("活动类型", 18), ("题目", 44), ("日期", DATE_WIDTH), ("天数", 6), ("主讲人或组织者", 24),
    ("地点", 18))


@dataclass(frozen=True)
class SheetSpec:
    name: str
    title: str
    note: str
    columns: tuple[tuple[str, float], ...]
    rows: list[list[object]]
    fill_for: Optional[Callable[[int, int], Optional[str]]] = None  # (row index, column) -> fill colour
    instructions: Optional[str] = None      # a line above the header (the problem sheet's 填写说明)
    fill_columns: tuple[str, ...] = ()      # headers of the columns filled in by hand (unlocked, yellow)
    hidden_columns: tuple[str, ...] = ()

    @property
    def header_row(self) -> int:
        return HEADER_ROW + (1 if self.instructions else 0)

    def column(self, header: str) -> int:
        """1-based column of a header."""
        return [h for h, _w in self.columns].index(header) + 1

    def header_text(self, header: str) -> str:
        return f"{header}\n{FILL_MARK}" if header in self.fill_columns else header


# Body cells share named styles: one style reference per cell instead of a font, a border and an
# alignment each (openpyxl hashes every style object it is given; per-cell styling cost a tenth of a
# large build). Excel lists them among the workbook's cell styles.
BODY_STYLE, BODY_CENTRE_STYLE, DATE_STYLE = "台账正文", "台账正文居中", "台账日期"
FILL_STYLE, FILL_DATE_STYLE = "台账填写", "台账填写日期"
_STYLES = {
    BODY_STYLE: dict(alignment=WRAP_TOP),
    BODY_CENTRE_STYLE: dict(alignment=WRAP_CENTRE),
    DATE_STYLE: dict(alignment=WRAP_CENTRE, number_format=DATE_FORMAT),
    FILL_STYLE: dict(alignment=WRAP_TOP, fill=FILL_CELL_FILL, protection=Protection(locked=False)),
    FILL_DATE_STYLE: dict(alignment=WRAP_CENTRE, number_format=DATE_FORMAT, fill=FILL_CELL_FILL,
                          protection=Protection(locked=False)),
}


def _add_body_styles(wb: Workbook) -> None:
    for name, options in _STYLES.items():
        if name not in wb.named_styles:
            wb.add_named_style(NamedStyle(name=name, font=BODY_FONT, border=BORDER, **options))


_FILLS: dict[str, PatternFill] = {}


def _solid(colour: str) -> PatternFill:
    """One fill object per colour (openpyxl hashes each style object it is given)."""
    if colour not in _FILLS:
        _FILLS[colour] = PatternFill("solid", fgColor=colour)
    return _FILLS[colour]


def put_cell(ws: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write one cell. Text is stored as text whatever it begins with: '=1+2' stays the four characters
    (openpyxl would otherwise write a string starting with = as a formula for Excel to evaluate)."""
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl.cell.cell.TYPE_STRING
    return cell


def _lines(value: object, width: float) -> int:
    if value is None or isinstance(value, (dt.date, int)):
        return 1
    text = str(value)
    if 2 * len(text) <= width * FILL_RATIO and "\n" not in text:
        return 1  # fits even if every character is a wide one
    return sum(max(1, math.ceil(display_width(line) / (width * FILL_RATIO))) for line in text.split("\n"))


def write_sheet(ws: Worksheet, spec: SheetSpec) -> None:
    shown = [h for h, _w in spec.columns if h not in spec.hidden_columns]
    last = get_column_letter(len(shown))
    header_row = spec.header_row
    _add_body_styles(ws.parent)
    ws.title = spec.name
    top_lines = [(TITLE_ROW, spec.title, TITLE_FONT, 32), (NOTE_ROW, spec.note, NOTE_FONT, 20)]
    if spec.instructions:
        width = sum(w for h, w in spec.columns if h in shown)
        top_lines.append((HEADER_ROW, spec.instructions, NOTE_FONT, 15 * _lines(spec.instructions, width) + 6))
    for row, text, font, height in top_lines:
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = put_cell(ws, row, 1, text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center" if row == TITLE_ROW else "left", vertical="center",
                                   wrap_text=row != TITLE_ROW)
        if spec.instructions and row == HEADER_ROW:
            cell.fill = FILL_CELL_FILL
        ws.row_dimensions[row].height = height
    for col, (header, width) in enumerate(spec.columns, start=1):
        cell = put_cell(ws, header_row, col, spec.header_text(header))
        cell.font, cell.border, cell.alignment = HEADER_FONT, BORDER, WRAP_CENTRE
        cell.fill = FILL_HEADER_FILL if header in spec.fill_columns else HEADER_FILL
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = width
        if header in spec.hidden_columns:
            ws.column_dimensions[letter].hidden = True
    ws.row_dimensions[header_row].height = 32 if spec.fill_columns else None
    headers = [h for h, _w in spec.columns]
    for index, values in enumerate(spec.rows):
        row = header_row + 1 + index
        for col, (header, value) in enumerate(zip(headers, values), start=1):
            cell = put_cell(ws, row, col, value)
            filled = header in spec.fill_columns
            if isinstance(value, dt.date) or header in DATE_HEADERS and spec.fill_columns:
                cell.style = FILL_DATE_STYLE if filled else DATE_STYLE
            elif filled:
                cell.style = FILL_STYLE
            else:
                centred = col == 1 or isinstance(value, int) or header == ID_HEADER
                cell.style = BODY_CENTRE_STYLE if centred else BODY_STYLE
            colour = spec.fill_for(index, col) if spec.fill_for else None
            if colour:
                cell.fill = _solid(colour)
        ws.row_dimensions[row].height = LINE_HEIGHT * max(
            _lines(v, w) for v, (h, w) in zip(values, spec.columns) if h not in spec.hidden_columns) + 4
    last_row = header_row + max(len(spec.rows), 1)
    ws.auto_filter.ref = f"A{header_row}:{last}{last_row}"
    _page_setup(ws, header_row)


def _page_setup(ws: Worksheet, header_row: int) -> None:
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    # The footer sits inside the bottom margin, `footer` inches above the paper's edge. openpyxl's default
    # footer distance (0.5) inside a 0.6 bottom margin leaves LibreOffice no room: it shrank the page
    # number line or pushed it onto the last table row. Keep the distance well inside the margin.
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 10


def progress_text(problem: m.Problem) -> str:
    return "\n".join(f"{cn_date(entry.date)}：{entry.text}" for entry in problem.progress)


def alert_text(problem: m.Problem, assessment: tracker.Assessment) -> str:
    """The as-of judgements that need action (逾期3天, 5天后到期, 待审核2天, and a 退回 with its reason)."""
    return "\n".join(a.label if a.kind in ALERTS_SHOWN else a.note for a in assessment.alerts_for(problem.id)
                     if a.kind in ALERTS_SHOWN + NOTES_SHOWN)


def is_overdue(problem: m.Problem, assessment: tracker.Assessment) -> bool:
    return any(a.kind == tracker.OVERDUE for a in assessment.alerts_for(problem.id))


def _legend(ws: Worksheet, first_row: int) -> None:
    """Below the list: what each fill colour means (in columns the import does not read)."""
    put_cell(ws, first_row, 3, "完成情况颜色说明：").font = NOTE_FONT
    entries = [*STATUS_FILLS.items(), ("逾期未完成", OVERDUE_FILL)]
    for offset, (label, colour) in enumerate(entries):
        cell = put_cell(ws, first_row, 4 + offset, label)
        cell.font, cell.border, cell.alignment = NOTE_FONT, BORDER, WRAP_CENTRE
        cell.fill = PatternFill("solid", fgColor=colour)


def shown_evidence(problem: m.Problem) -> Optional[str]:
    """The 佐证材料 a sheet shows: the 销号's, or the application waiting for review; none after a 退回
    (what the 科室 writes then is its new application)."""
    if problem.closure is not None:
        return problem.closure.evidence
    last = problem.last_round
    return last.evidence if last is not None and not last.sent_back else None


def fingerprint(problem: m.Problem) -> str:
    """A digest of what an import may change (status, completion date, progress, evidence, the review
    history): an import compares it with the record as it is now, to refuse a sheet exported before a newer edit."""
    state = {"status": problem.status, "completed": problem.completed and problem.completed.isoformat(),
             "progress": [[e.date.isoformat(), e.text] for e in problem.progress],
             "evidence": shown_evidence(problem),
             "review": [[r.applied and r.applied.isoformat(), r.decision] for r in problem.review]}
    text = json.dumps(state, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def exported_record(problem: m.Problem) -> str:
    """The hidden cell of a row: the 编号, the fill-in values as exported, and the fingerprint."""
    return json.dumps({"v": FINGERPRINT_VERSION, "id": problem.id, "status": problem.status,
                       "completed": problem.completed and problem.completed.isoformat(),
                       "evidence": shown_evidence(problem),
                       "fp": fingerprint(problem)}, ensure_ascii=False, separators=(",", ":"))


def _note(ledger: Ledger, template: LoadedTemplate, sheet: str, fig: FigureValues, whose: str = "") -> str:
    """填报单位、截至日期 and the sheet's line of figures, worded by the report template (sheets:)."""
    s = ledger.settings
    figures = template.render(("sheets", sheet), getattr(template.model.sheets, sheet), fig=fig, settings=s,
                              figure_text=functools.partial(figure_phrase, fig))
    return f"填报单位：{s.unit}{whose}　　截至日期：{cn_date(s.as_of)}　　{figures}"


def problem_sheet(ledger: Ledger, template: LoadedTemplate, fig: FigureValues,
                  department: Optional[str] = None) -> SheetSpec:
    s = ledger.settings
    assessment = tracker.assess(ledger)
    problems = ledger.problems
    rows = [[i, p.id, p.description, p.source, p.measures, p.leader, p.department, p.deadline,
             alert_text(p, assessment), progress_text(p), p.status, p.completed, None, None,
             shown_evidence(p), exported_record(p)]
            for i, p in enumerate(problems, start=1)]
    headers = [h for h, _w in PROBLEM_COLUMNS]
    status_col, alert_col = headers.index(STATUS_HEADER) + 1, headers.index(ALERT_HEADER) + 1

    def fill_for(index: int, col: int) -> Optional[str]:
        if col == status_col:
            return STATUS_FILLS[problems[index].status]
        if col == alert_col and is_overdue(problems[index], assessment):
            return OVERDUE_FILL
        return None

    whose = f"　　责任科室：{department}" if department else ""
    note = _note(ledger, template, "problems", fig, whose)
    title = f"{s.unit}{s.campaign_short}问题整改台账" + (f"（{department}）" if department else "")
    return SheetSpec(PROBLEM_SHEET, title, note, PROBLEM_COLUMNS, rows, fill_for=fill_for,
                     instructions=INSTRUCTIONS, fill_columns=FILL_HEADERS, hidden_columns=(EXPORTED_HEADER,))


def _area(spec: SheetSpec, header: str) -> str:
    """The body cells of one column: E5:E12."""
    first, last = spec.header_row + 1, spec.header_row + max(len(spec.rows), 1)
    letter = get_column_letter(spec.column(header))
    return f"{letter}{first}:{letter}{last}"


def _date_check() -> DataValidation:
    return DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)", formula2="DATE(2099,12,31)",
                          allow_blank=True, showErrorMessage=True, errorTitle="日期",
                          error="请填写日期，如 2023-11-18", showInputMessage=True, promptTitle="日期",
                          prompt="填写日期，如 2023-11-18")


def _choice_check(title: str, options: Sequence[str]) -> DataValidation:
    return DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True,
                          showErrorMessage=True, errorTitle=title, error="请从下拉列表中选择",
                          showInputMessage=True, promptTitle=title, prompt="从下拉列表中选择")


def _protect(ws: Worksheet) -> None:
    """Protected (no password) except the unlocked fill-in cells; filtering and resizing still allowed."""
    protection = ws.protection
    protection.sheet = True
    # False = allowed on the protected sheet
    protection.autoFilter = protection.formatColumns = protection.formatRows = protection.formatCells = False
    protection.selectLockedCells = protection.selectUnlockedCells = False


def _make_form(ws: Worksheet, spec: SheetSpec) -> None:
    """Drop-down, date checks and prompts on the fill-in columns; status colours that follow a change;
    the sheet protected (no password) except those cells, with filtering and resizing still allowed."""
    def area(header: str) -> str:
        return _area(spec, header)

    statuses = _choice_check("完成情况", m.PROBLEM_STATUSES)
    statuses.allow_blank = False
    statuses.add(area(STATUS_HEADER))
    dates = _date_check()
    dates.add(area(COMPLETED_HEADER))
    dates.add(area(PROGRESS_DATE_HEADER))
    progress = DataValidation(allow_blank=True, showInputMessage=True, promptTitle="新增进展",
                              prompt="本次新增的整改进展（一句话）；同时填写新增进展日期")
    progress.add(area(PROGRESS_TEXT_HEADER))
    evidence = DataValidation(allow_blank=True, showInputMessage=True, promptTitle="佐证材料",
                              prompt="申请销号：完成情况选“已完成”、填写完成日期，在这里列出佐证材料（文件名称、图片等）")
    evidence.add(area(EVIDENCE_HEADER))
    for validation in (statuses, dates, progress, evidence):
        ws.add_data_validation(validation)
    for status, colour in STATUS_FILLS.items():
        ws.conditional_formatting.add(area(STATUS_HEADER), CellIsRule(
            operator="equal", formula=[f'"{status}"'], fill=PatternFill("solid", start_color=colour, end_color=colour)))
    _protect(ws)


def report_sheet(ledger: Ledger, template: LoadedTemplate, fig: FigureValues) -> SheetSpec:
    s = ledger.settings
    rows = []
    for i, r in enumerate(ledger.reports, start=1):
        topic = ledger.topic(r.topic)
        rows.append([i, topic.name, r.title, topic.leader, topic.department, "、".join(topic.places),
                     topic.visit_date, r.status, r.completed, "\n".join(r.outcomes)])
    note = _note(ledger, template, "reports", fig)
    return SheetSpec("调研报告", f"{s.unit}{s.campaign_short}调研报告台账", note, REPORT_COLUMNS, rows)


def activity_sheet(ledger: Ledger, template: LoadedTemplate, fig: FigureValues) -> SheetSpec:
    s = ledger.settings
    activities = sorted(ledger.activities, key=lambda a: a.date)
    rows = [[i, a.type, a.title, a.date, a.days, a.speaker or a.organizer or "", a.place or ""]
            for i, a in enumerate(activities, start=1)]
    note = _note(ledger, template, "activities", fig)
    return SheetSpec("学习活动", f"{s.unit}{s.campaign_short}理论学习台账", note, ACTIVITY_COLUMNS, rows)


def departments(ledger: Ledger) -> list[str]:
    """The 责任科室 named by problems, in order of first appearance."""
    return list(dict.fromkeys(p.department for p in ledger.problems))


def department_ledger(ledger: Ledger, department: str) -> Ledger:
    """The ledger with only the problems of one 责任科室; ValueError (in Chinese) for a name no problem has."""
    if department not in departments(ledger):
        raise ValueError(f"没有责任科室为「{department}」的问题；可写：{'、'.join(departments(ledger))}")
    return dataclasses.replace(ledger, problems=tuple(p for p in ledger.problems if p.department == department))


def ledger_workbook(ledger: Ledger, template: LoadedTemplate, fig: Optional[FigureValues] = None, *,
                    department: Optional[str] = None) -> Workbook:
    """The whole 台账 (three sheets), or with `department` only that 科室's problems (the 整改台账 sheet alone)."""
    if department is not None:
        ledger = department_ledger(ledger, department)
        fig = None
    fig = fig or compute_figures(ledger)
    book = Workbook()
    first = problem_sheet(ledger, template, fig, department)
    specs: Sequence[SheetSpec] = (first,) if department else (first, report_sheet(ledger, template, fig),
                                                              activity_sheet(ledger, template, fig))
    for index, spec in enumerate(specs):
        ws = book.active if index == 0 else book.create_sheet()
        write_sheet(ws, spec)
    _make_form(book[PROBLEM_SHEET], first)
    _legend(book[PROBLEM_SHEET], first.header_row + len(ledger.problems) + 2)
    moment = dt.datetime.combine(ledger.settings.as_of, dt.time())
    book.properties.title = first.title
    book.properties.creator = ledger.settings.unit
    book.properties.created = book.properties.modified = moment
    return book


# ---- the review sheet ----
def review_record(problem: m.Problem, index: int) -> str:
    """The hidden cell of a review row: the 编号, which application, its date, and the record's fingerprint."""
    r = problem.review[index]
    return json.dumps({"v": FINGERPRINT_VERSION, "sheet": "review", "id": problem.id, "round": index,
                       "applied": r.applied.isoformat(), "fp": fingerprint(problem)},
                      ensure_ascii=False, separators=(",", ":"))


def waiting_for_review(ledger: Ledger) -> list[tuple[m.Problem, int, tracker.Alert]]:
    """(problem, index of its application, the 待审核销号 judgement) for each application waiting on the as-of date."""
    assessment = tracker.assess(ledger)
    return [(a.problem, len(a.problem.review) - 1, a) for a in assessment.awaiting_review]


def review_sheet(ledger: Ledger, department: Optional[str] = None) -> SheetSpec:
    s = ledger.settings
    waiting = waiting_for_review(ledger)
    rows = []
    for i, (p, index, _alert) in enumerate(waiting, start=1):
        r = p.review[index]
        rows.append([i, p.id, p.description, p.department, p.leader, r.applied, r.department, r.evidence,
                     (s.as_of - r.applied).days, None, None, None, None, review_record(p, index)])
    whose = f"　　责任科室：{department}" if department else ""
    note = (f"填报单位：{s.unit}{whose}　　截至日期：{cn_date(s.as_of)}　　等待审核的销号申请{len(rows)}个"
            f"（应在申请后{s.review_days}天内审核）")
    title = f"{s.unit}{s.campaign_short}销号审核表" + (f"（{department}）" if department else "")
    return SheetSpec(REVIEW_SHEET, title, note, REVIEW_COLUMNS, rows, instructions=REVIEW_INSTRUCTIONS,
                     fill_columns=REVIEW_FILL_HEADERS, hidden_columns=(EXPORTED_HEADER,))


def review_workbook(ledger: Ledger, *, department: Optional[str] = None) -> Workbook:
    """The office's review sheet: every application waiting for review (of one 科室's problems with `department`)."""
    if department is not None:
        ledger = department_ledger(ledger, department)
    spec = review_sheet(ledger, department)
    book = Workbook()
    ws = book.active
    write_sheet(ws, spec)
    decisions = _choice_check(DECISION_HEADER, m.REVIEW_DECISIONS)
    dates = _date_check()
    reviewer = DataValidation(allow_blank=True, showInputMessage=True, promptTitle=REVIEWER_HEADER,
                              prompt="审核人的职务，如 党组书记、局长")
    reason = DataValidation(allow_blank=True, showInputMessage=True, promptTitle=REASON_HEADER,
                            prompt="退回时必须写明理由，科室据此继续整改；通过时不写")
    for validation, header in ((dates, REVIEWED_HEADER), (reviewer, REVIEWER_HEADER), (decisions, DECISION_HEADER),
                               (reason, REASON_HEADER)):
        validation.add(_area(spec, header))
        ws.add_data_validation(validation)
    _protect(ws)
    moment = dt.datetime.combine(ledger.settings.as_of, dt.time())
    book.properties.title = spec.title
    book.properties.creator = ledger.settings.unit
    book.properties.created = book.properties.modified = moment
    return book


def write_review_xlsx(ledger: Ledger, path: str | os.PathLike, *, department: Optional[str] = None) -> Path:
    path = Path(path)
    review_workbook(ledger, department=department).save(str(path))
    return path


def write_xlsx(ledger: Ledger, path: str | os.PathLike, template: LoadedTemplate, fig: Optional[FigureValues] = None,
               *, department: Optional[str] = None) -> Path:
    path = Path(path)
    ledger_workbook(ledger, template, fig, department=department).save(str(path))
    return path
