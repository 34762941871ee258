"""What each figure is called in Chinese, and the figures as lines for `python -m ledger figures`.

A figure added to `Figures` (figures.py) without a label here is printed under its field name, and
tests/unit/test_cli_chinese.py names it: add its label below.
"""
from __future__ import annotations

from dataclasses import fields
from typing import Any

from ledger.views.figures import Figures

LABELS: dict[str, str] = {
    "activities_by_type": "学习活动（按类型）",
    "reading_class_count": "专题读书班（期）",
    "reading_class_days": "专题读书班（天）",
    "lecture_count": "专题党课（次）",
    "seminar_count": "党组中心组专题研讨（次）",
    "branch_study_count": "党支部集中学习（次）",
    "field_study_count": "现场学习教育（次）",
    "activity_count": "学习活动合计（次）",
    "book_count": "学习书目（种）",
    "topic_count": "调研选题（个）",
    "places_visited": "调研走访地点",
    "report_count": "调研报告（篇）",
    "reports_done": "调研报告已完成（篇）",
    "positive_case_count": "正面典型案例（个）",
    "negative_case_count": "反面典型案例（个）",
    "action_count": "年度行动（项）",
    "visit_count": "走访单位（家）",
    "honour_count": "荣誉与成效（项）",
    "problem_count": "问题清单（个）",
    "problems_done": "已完成整改（个）",
    "problems_open": "尚未完成整改（个）",
    "problems_by_status": "问题（按整改状态）",
    "problems_by_source": "问题（按来源）",
    "completion_rate": "整改完成率",
    "problems_by_department": "问题（按责任科室）",
    "problems_by_leader": "问题（按责任领导）",
    "problems_done_by_source": "已完成整改（按来源）",
    "problems_done_by_department": "已完成整改（按责任科室）",
    "problems_done_by_leader": "已完成整改（按责任领导）",
    "problems_overdue": "逾期未完成（个）",
    "problems_due_soon": "即将到期（个）",
    "problems_stale": "进展滞后（个）",
    "problems_without_evidence": "已完成但缺佐证材料（个）",
    "mechanism_count": "学习机制（项）",
    "new_regulation_count": "新建制度（项）",
    "regulations_issued": "已印发制度（项）",
    "regulation_count": "制度合计（项）",
    "output_count": "标准与手册（项）",
    "plan_count": "下一步工作计划（项）",
}


def label(name: str) -> str:
    return LABELS.get(name, name)


def _value_lines(value: Any) -> tuple[str, list[str]]:
    """(text after the label, lines below it) for one figure."""
    if isinstance(value, dict):
        return "", [f"  {key}：{count}" for key, count in value.items()] or ["  （无）"]
    if isinstance(value, (tuple, list)):
        return "、".join(str(item) for item in value) or "（无）", []
    return str(value), []


def figure_lines(figures: Figures) -> list[str]:
    """Every figure as '标签：数' (a breakdown as indented '名称：数' lines), in the dataclass's order."""
    lines = []
    for item in fields(figures):
        text, below = _value_lines(getattr(figures, item.name))
        lines.append(f"{label(item.name)}：{text}" if text else f"{label(item.name)}：")
        lines.extend(below)
    return lines
