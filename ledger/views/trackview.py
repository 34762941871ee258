"""Markdown views of the 整改台账: the board's tallies and alert lists, the dashboard's 需要关注 block.

Counts come from the declared figures (one computation, ledger/views/measures.py), read by id; lists from
the same tracker.Assessment the judgement figures count.
"""
from __future__ import annotations

from typing import Sequence

from ledger.views import tracker
from ledger.records.registry import kind as record_kind
from ledger.views.measures import FigureValues
from ledger.records.ledger import Ledger
from ledger.views.tables import (PROBLEM_LIST_COLUMNS, LinkFor, cell, choice_cell, date_cell, html_link, html_table,
                                  linked, markdown_table, text_cell)
from ledger.text import cn_date, percent

# alert kind -> anchor of its list on the board page
ALERT_ANCHORS: dict[str, str] = {
    tracker.OVERDUE: "overdue", tracker.DUE_SOON: "due-soon", tracker.STALE: "stale",
    tracker.NO_EVIDENCE: "no-evidence", tracker.AWAITING_REVIEW: "awaiting-review", tracker.SENT_BACK: "sent-back",
}


def _group_heading(fig: FigureValues, figure_id: str) -> str:
    """The column heading of a breakdown's groups: its field's title without its note (责任领导)."""
    spec = fig.spec(figure_id)
    title = record_kind(spec.kind).model.model_fields[spec.field].title or spec.field
    return title.split("（")[0]


def _count_heading(fig: FigureValues, figure_id: str) -> str:
    spec = fig.spec(figure_id)
    return f"{record_kind(spec.kind).noun}数" + (f"（{spec.unit}）" if spec.unit else "")


def share_table(fig: FigureValues, figure_id: str) -> str:
    """A breakdown figure as a table: each group, its count and its share of the whole, and a 合计 row."""
    groups = fig[figure_id]
    total = sum(groups.values())
    rows = [[cell(group), cell(count), cell(percent(count, total))] for group, count in groups.items()]
    rows.append(["合计", cell(total), cell(percent(total, total))])
    return markdown_table([_group_heading(fig, figure_id), _count_heading(fig, figure_id), "占比"], rows)


def done_table(fig: FigureValues, figure_id: str, done_id: str) -> str:
    """Two breakdowns by the same field (all, and done): per group the count, done, open and the rate;
    groups with no record are left out."""
    totals, done = fig[figure_id], fig[done_id]
    unit = fig.unit(figure_id)
    rows = [[cell(name), cell(total), cell(done.get(name, 0)), cell(total - done.get(name, 0)),
             cell(percent(done.get(name, 0), total))]
            for name, total in totals.items() if total]
    return markdown_table([_group_heading(fig, figure_id), _count_heading(fig, figure_id),
                           f"已完成（{unit}）" if unit else "已完成", f"未完成（{unit}）" if unit else "未完成", "整改完成率"],
                          rows)


def alert_table(alerts: Sequence[tracker.Alert], url_for: LinkFor) -> str:
    """One alert list of the board: the problem list's columns (责任领导 is on the problem's page) and the note.
    Written as HTML, as the problem list is (`url_for`: a problem's final relative address)."""
    rows = [[html_link(a.problem.id, url_for(a.problem.id)), cell(a.problem.description), cell(a.problem.department),
             date_cell(a.problem.deadline), choice_cell(a.problem.status), text_cell(a.note)]
            for a in alerts]
    if not rows:
        return "*（没有）*"
    table = html_table([*PROBLEM_LIST_COLUMNS, "情况"], rows)
    return f'<div class="problem-list problem-list--alerts">\n{table}\n</div>'  # cards on a phone


# alert kind -> the CSS class of its mark in the problem list (docs/stylesheets/tracker.css)
ALERT_CLASSES: dict[str, str] = {
    tracker.OVERDUE: "alert-overdue", tracker.DUE_SOON: "alert-due-soon", tracker.STALE: "alert-stale",
    tracker.NO_EVIDENCE: "alert-no-evidence", tracker.AWAITING_REVIEW: "alert-awaiting-review",
    tracker.SENT_BACK: "alert-sent-back",
}


def remarks(assessment: tracker.Assessment):
    """problem ID -> the tracker's marks for the problem list's status cell (safe HTML: short labels such
    as 逾期5天, each titled with its rule's name), empty when all is well."""
    def remark(problem_id: str) -> str:
        return " ".join(f'<span class="problem-alert {ALERT_CLASSES[a.kind]}" title="{tracker.ALERT_NAMES[a.kind]}">'
                        f'{cell(a.label)}</span>' for a in assessment.alerts_for(problem_id))
    return remark


def attention_block(assessment: tracker.Assessment, link_for: LinkFor, board_url: str) -> str:
    """The dashboard's 需要关注 list: one line per rule with its count and linked problem IDs."""
    lines = []
    for kind, alerts in assessment.by_kind().items():
        name = tracker.ALERT_NAMES[kind]
        ids = "、".join(linked(a.problem.id, link_for(a.problem.id)) for a in alerts)
        lines.append(f"- [{name}：{len(alerts)}个]({board_url}#{ALERT_ANCHORS[kind]})" + (f"（{ids}）" if ids else ""))
    return "\n".join(lines)


def chart_data_table(points: Sequence[tracker.SeriesPoint]) -> str:
    rows = [[date_cell(p.date), cell(p.open), cell(p.closed), cell(p.open + p.closed)] for p in points]
    return markdown_table(["日期", "未完成整改（个）", "已完成整改（个）", "累计发现（个）"], rows)


def rules_text(ledger: Ledger) -> str:
    """How the board judges, in the editor's words, with the thresholds from the settings."""
    s = ledger.settings
    return (f"判断以截至日期 **{cn_date(s.as_of)}** 为准：未开始或整改中、已过整改时限的为“逾期未完成”；"
            f"{s.due_soon_days}天内到期的为“即将到期”；尚未完成、超过{s.stale_days}天没有新的整改进展记录的为“进展滞后”；"
            "状态为“已完成”但未销号或销号时没有佐证材料的为“缺少佐证材料”。"
            "“阶段性完成、长期坚持”的问题不计逾期，但仍须定期记录进展。"
            f"科室已申请销号、还没有审核的为“待审核销号”（写明已等待几天，应在{s.review_days}天内审核）；"
            "销号申请被退回、尚未再次申请的为“销号退回”，问题重新按整改中判断。")
