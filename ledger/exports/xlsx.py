"""The 整改台账 as an Excel workbook: problems, research reports, study activities.

Each sheet has a title row (unit and as-of date), a summary line of figures from
compute_figures, a frozen header that repeats on every printed page, and column widths
with wrapping for A4 landscape. Problem status is shown by a fill colour per status; the
tracker's judgements on the as-of date (逾期, 即将到期) are written beside it.
"""
from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ledger.records import models as m
from ledger.views import tracker
from ledger.views.figures import Figures, compute_figures
from ledger.records.ledger import Ledger
from ledger.text import cn_date, display_width

TITLE_FONT = Font(name="方正小标宋简体", size=18)
NOTE_FONT = Font(name="仿宋_GB2312", size=11)
HEADER_FONT = Font(name="黑体", size=11)
BODY_FONT = Font(name="宋体", size=10.5)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
WRAP_CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")
TITLE_ROW, NOTE_ROW, HEADER_ROW = 1, 2, 3
LINE_HEIGHT = 14.5  # points per wrapped line of 10.5 pt text
FILL_RATIO = 0.85   # share of a column's width that wrapped text fills (row heights are estimated, not measured)

# 完成情况: one fill per status, so the state of the list shows at a glance
STATUS_FILLS: dict[str, str] = {
    "已完成": "C6EFCE",                 # green
    "阶段性完成、长期坚持": "DDEBF7",      # blue
    "整改中": "FFEB9C",                 # yellow
    "未开始": "F2F2F2",                 # grey
}
OVERDUE_FILL = "FFC7CE"                 # red: awaiting completion past its deadline on the as-of date
ALERTS_SHOWN = (tracker.OVERDUE, tracker.DUE_SOON)

DATE_WIDTH = 15  # 2023年11月20日 on one line
PROBLEM_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 5), ("问题描述", 24), ("问题来源", 9), ("整改措施", 26), ("责任领导", 11), ("责任科室", 10),
    ("整改时限", DATE_WIDTH), ("整改进展", 30), ("完成情况", 12), ("完成日期", DATE_WIDTH))
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
    fill_for: Optional[Callable[[int], Optional[str]]] = None  # row index -> fill colour of its 完成情况 cell
    fill_column: Optional[int] = None


# Body cells share two named styles: one style reference per cell instead of a font, a border and an
# alignment each (openpyxl hashes every style object it is given; per-cell styling cost a tenth of a
# large build). Excel lists them among the workbook's cell styles.
BODY_STYLE, BODY_CENTRE_STYLE = "台账正文", "台账正文居中"


def _add_body_styles(wb: Workbook) -> None:
    for name, alignment in ((BODY_STYLE, WRAP_TOP), (BODY_CENTRE_STYLE, WRAP_CENTRE)):
        if name not in wb.named_styles:
            wb.add_named_style(NamedStyle(name=name, font=BODY_FONT, border=BORDER, alignment=alignment))


def _lines(value: object, width: float) -> int:
    text = "" if value is None else str(value)
    return sum(max(1, math.ceil(display_width(line) / (width * FILL_RATIO))) for line in text.split("\n"))


def _write_sheet(ws: Worksheet, spec: SheetSpec) -> None:
    last = get_column_letter(len(spec.columns))
    _add_body_styles(ws.parent)
    ws.title = spec.name
    for row, text, font, height in ((TITLE_ROW, spec.title, TITLE_FONT, 32), (NOTE_ROW, spec.note, NOTE_FONT, 20)):
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center" if row == TITLE_ROW else "left", vertical="center")
        ws.row_dimensions[row].height = height
    for col, (header, width) in enumerate(spec.columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=header)
        cell.font, cell.fill, cell.border, cell.alignment = HEADER_FONT, HEADER_FILL, BORDER, WRAP_CENTRE
        ws.column_dimensions[get_column_letter(col)].width = width
    for index, values in enumerate(spec.rows):
        row = HEADER_ROW + 1 + index
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.style = BODY_CENTRE_STYLE if col == 1 or isinstance(value, int) else BODY_STYLE
        ws.row_dimensions[row].height = LINE_HEIGHT * max(
            _lines(v, w) for v, (_h, w) in zip(values, spec.columns)) + 4
        colour = spec.fill_for(index) if spec.fill_for else None
        if colour:
            ws.cell(row=row, column=spec.fill_column).fill = PatternFill("solid", fgColor=colour)
    _page_setup(ws)


def _page_setup(ws: Worksheet) -> None:
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _progress_text(problem: m.Problem) -> str:
    return "\n".join(f"{cn_date(entry.date)}：{entry.text}" for entry in problem.progress)


def _state_text(problem: m.Problem, assessment: tracker.Assessment) -> str:
    """The status, followed by the as-of judgements that need action (逾期3天, 5天后到期)."""
    labels = [a.label for a in assessment.alerts_for(problem.id) if a.kind in ALERTS_SHOWN]
    return "\n".join([problem.status, *labels])


def _state_fill(problem: m.Problem, assessment: tracker.Assessment) -> str:
    if any(a.kind == tracker.OVERDUE for a in assessment.alerts_for(problem.id)):
        return OVERDUE_FILL
    return STATUS_FILLS[problem.status]


def _legend(ws: Worksheet, first_row: int) -> None:
    """Below the list: what each fill colour means."""
    ws.cell(row=first_row, column=2, value="完成情况颜色说明：").font = NOTE_FONT
    entries = [*STATUS_FILLS.items(), ("逾期未完成", OVERDUE_FILL)]
    for offset, (label, colour) in enumerate(entries):
        cell = ws.cell(row=first_row, column=3 + offset, value=label)
        cell.font, cell.border, cell.alignment = NOTE_FONT, BORDER, WRAP_CENTRE
        cell.fill = PatternFill("solid", fgColor=colour)


def problem_sheet(ledger: Ledger, fig: Figures) -> SheetSpec:
    s = ledger.settings
    assessment = tracker.assess(ledger)
    problems = ledger.problems
    rows = [[i, p.description, p.source, p.measures, p.leader, p.department, cn_date(p.deadline),
             _progress_text(p), _state_text(p, assessment), cn_date(p.completed)]
            for i, p in enumerate(problems, start=1)]
    note = (f"填报单位：{s.unit}　　截至日期：{cn_date(s.as_of)}　　问题清单{fig.problem_count}个，"
            f"已完成整改{fig.problems_done}个，整改完成率{fig.completion_rate}，逾期未完成{fig.problems_overdue}个")
    return SheetSpec("整改台账", f"{s.unit}{s.campaign_short}问题整改台账", note, PROBLEM_COLUMNS, rows,
                     fill_for=lambda i: _state_fill(problems[i], assessment), fill_column=9)


def report_sheet(ledger: Ledger, fig: Figures) -> SheetSpec:
    s = ledger.settings
    rows = []
    for i, r in enumerate(ledger.reports, start=1):
        topic = ledger.topic(r.topic)
        rows.append([i, topic.name, r.title, topic.leader, topic.department, "、".join(topic.places),
                     cn_date(topic.visit_date), r.status, cn_date(r.completed), "\n".join(r.outcomes)])
    note = (f"填报单位：{s.unit}　　截至日期：{cn_date(s.as_of)}　　调研选题{fig.topic_count}个，"
            f"调研报告{fig.report_count}篇（已完成{fig.reports_done}篇）")
    return SheetSpec("调研报告", f"{s.unit}{s.campaign_short}调研报告台账", note, REPORT_COLUMNS, rows)


def activity_sheet(ledger: Ledger, fig: Figures) -> SheetSpec:
    s = ledger.settings
    activities = sorted(ledger.activities, key=lambda a: a.date)
    rows = [[i, a.type, a.title, cn_date(a.date), a.days, a.speaker or a.organizer or "", a.place or ""]
            for i, a in enumerate(activities, start=1)]
    note = (f"填报单位：{s.unit}　　截至日期：{cn_date(s.as_of)}　　专题读书班{fig.reading_class_count}期"
            f"（{fig.reading_class_days}天），专题党课{fig.lecture_count}次，党组中心组专题研讨{fig.seminar_count}次，"
            f"党支部集中学习{fig.branch_study_count}次，现场学习教育{fig.field_study_count}次")
    return SheetSpec("学习活动", f"{s.unit}{s.campaign_short}理论学习台账", note, ACTIVITY_COLUMNS, rows)


def ledger_workbook(ledger: Ledger, fig: Optional[Figures] = None) -> Workbook:
    fig = fig or compute_figures(ledger)
    book = Workbook()
    specs: Sequence[SheetSpec] = (problem_sheet(ledger, fig), report_sheet(ledger, fig), activity_sheet(ledger, fig))
    for index, spec in enumerate(specs):
        ws = book.active if index == 0 else book.create_sheet()
        _write_sheet(ws, spec)
    _legend(book["整改台账"], HEADER_ROW + len(ledger.problems) + 2)
    moment = dt.datetime.combine(ledger.settings.as_of, dt.time())
    book.properties.title = specs[0].title
    book.properties.creator = ledger.settings.unit
    book.properties.created = book.properties.modified = moment
    return book


def write_xlsx(ledger: Ledger, path: str | os.PathLike, fig: Optional[Figures] = None) -> Path:
    path = Path(path)
    ledger_workbook(ledger, fig).save(str(path))
    return path
