"""Markdown views of the 整改台账: the board's tallies and alert lists, the dashboard's 需要关注 block.

Counts come from Figures (one computation); lists from the same tracker.Assessment that Figures counts.
"""
from __future__ import annotations

from typing import Mapping, Sequence

from ledger.views import tracker
from ledger.views.figures import Figures
from ledger.records.ledger import Ledger
from ledger.views.tables import (PROBLEM_LIST_COLUMNS, LinkFor, cell, choice_cell, date_cell, linked, markdown_table,
                                  text_cell)
from ledger.text import cn_date, percent

# alert kind -> anchor of its list on the board page
ALERT_ANCHORS: dict[str, str] = {
    tracker.OVERDUE: "overdue", tracker.DUE_SOON: "due-soon", tracker.STALE: "stale",
    tracker.NO_EVIDENCE: "no-evidence", tracker.AWAITING_REVIEW: "awaiting-review", tracker.SENT_BACK: "sent-back",
}


def status_table(fig: Figures) -> str:
    rows = [[cell(status), cell(count), cell(percent(count, fig.problem_count))]
            for status, count in fig.problems_by_status.items()]
    rows.append(["合计", cell(fig.problem_count), cell(percent(fig.problem_count, fig.problem_count))])
    return markdown_table(["整改状态", "问题数（个）", "占比"], rows)


def group_table(heading: str, totals: Mapping[str, int], done: Mapping[str, int]) -> str:
    """Per group: problems, done, open, rate; groups with no problem are left out."""
    rows = [[cell(name), cell(total), cell(done.get(name, 0)), cell(total - done.get(name, 0)),
             cell(percent(done.get(name, 0), total))]
            for name, total in totals.items() if total]
    return markdown_table([heading, "问题数（个）", "已完成（个）", "未完成（个）", "整改完成率"], rows)


def source_table(fig: Figures) -> str:
    return group_table("问题来源", fig.problems_by_source, fig.problems_done_by_source)


def department_table(fig: Figures) -> str:
    return group_table("责任科室", fig.problems_by_department, fig.problems_done_by_department)


def leader_table(fig: Figures) -> str:
    return group_table("责任领导", fig.problems_by_leader, fig.problems_done_by_leader)


def alert_table(alerts: Sequence[tracker.Alert], link_for: LinkFor) -> str:
    """One alert list of the board: the problem list's columns (责任领导 is on the problem's page) and the note."""
    rows = [[linked(a.problem.id, link_for(a.problem.id)), cell(a.problem.description), cell(a.problem.department),
             date_cell(a.problem.deadline), choice_cell(a.problem.status), text_cell(a.note)]
            for a in alerts]
    if not rows:
        return "*（没有）*"
    table = markdown_table([*PROBLEM_LIST_COLUMNS, "情况"], rows)
    return f'<div class="problem-list problem-list--alerts" markdown>\n\n{table}\n\n</div>'  # cards on a phone


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
