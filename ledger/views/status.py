"""The 整改台账 summary as plain Chinese text, ready to paste into a meeting note."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Optional

from ledger.records import models as m
from ledger.views import tracker
from ledger.records.ledger import Ledger
from ledger.text import cn_date
from ledger.views.figure_labels import figure_phrase
from ledger.views.measures import compute_figures


def _alert_lines(alerts: tuple[tracker.Alert, ...]) -> list[str]:
    return [f"  {i}. {a.problem.id} {a.problem.description}（责任科室：{a.problem.department}，"
            f"责任领导：{a.problem.leader}）：{a.note}。"
            for i, a in enumerate(alerts, 1)]


REVIEW_KINDS = (tracker.AWAITING_REVIEW, tracker.SENT_BACK)


def _open_breakdown(problems) -> str:
    """（整改中2个、未开始1个） for the statuses other than 已完成 that occur."""
    counts = Counter(p.status for p in problems if not p.is_done)
    parts = [f"{status}{counts[status]}个" for status in m.PROBLEM_STATUSES if counts.get(status)]
    return f"（{'、'.join(parts)}）" if parts else ""


def status_summary(ledger: Ledger, as_of: Optional[dt.date] = None) -> str:
    """The campaign's status figures (status_figures in data/campaign.yml, named as it names them), the
    open problems by status, and every judgement on `as_of` (default: the settings' 截至日期)."""
    assessment = tracker.assess(ledger, as_of)
    figures = compute_figures(ledger, assessment)
    stated = "，".join(figure_phrase(figures, figure_id) for figure_id in ledger.campaign.status_figures)
    lines = [
        f"{ledger.settings.unit}检视整改情况（截至{cn_date(assessment.as_of)}）",
        f"{stated}{_open_breakdown(ledger.problems)}。",
    ]
    headings = {
        tracker.OVERDUE: "逾期未完成",
        tracker.DUE_SOON: f"即将到期（{assessment.due_soon_days}天内）",
        tracker.STALE: f"进展滞后（超过{assessment.stale_days}天没有新进展）",
        tracker.NO_EVIDENCE: "已完成但缺少佐证材料",
        tracker.AWAITING_REVIEW: "待审核销号",
        tracker.SENT_BACK: "销号申请被退回",
    }
    for kind, alerts in assessment.by_kind().items():
        if kind in REVIEW_KINDS and not alerts:
            continue  # 销号审核's lists are named when something waits or came back
        lines.append(f"{headings[kind]}{len(alerts)}个" + ("：" if alerts else "。"))
        lines += _alert_lines(alerts)
    return "\n".join(lines)
