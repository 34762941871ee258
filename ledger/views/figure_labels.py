"""The figures as lines for `python -m ledger figures`, each named by the campaign definition."""
from __future__ import annotations

from typing import Any

from ledger.views.measures import FigureValues


def value_text(value: Any) -> str:
    """A figure's value as text: a list joined by 、 (（无） when empty), a number as written."""
    if isinstance(value, (tuple, list)):
        return "、".join(str(item) for item in value) or "（无）"
    return str(value)


def figure_lines(figures: FigureValues) -> list[str]:
    """Every figure as '名称（单位）：数' (a breakdown as indented '名称：数' lines), in the definition's order."""
    lines = []
    for figure_id, value in figures.items():
        caption = figures.caption(figure_id)
        if isinstance(value, dict):
            lines.append(f"{figures.label(figure_id)}：")
            lines.extend([f"  {key}：{count}" for key, count in value.items()] or ["  （无）"])
        else:
            lines.append(f"{caption}：{value_text(value)}")
    return lines


def figure_phrase(figures: FigureValues, figure_id: str) -> str:
    """问题清单8个, 整改完成率75%: the label, the value and the unit, as a sentence states a figure."""
    return f"{figures.label(figure_id)}{value_text(figures[figure_id])}{figures.unit(figure_id)}"
