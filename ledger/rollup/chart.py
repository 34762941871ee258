"""The roll-up's chart: each unit's rate (as 整改完成率) and one count (as open problems), side by side.

Inline SVG made at build time like ledger/views/charts.py: no script, no external file, scales with its
container (viewBox), readable printed in black and white (the rate is a filled bar, the count a hatched
one, each with its number written beside it).
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ledger.views.charts import y_ticks

WIDTH = 520
ROW = 64          # a unit: its name on one line, its two bars below
FONT_SIZE = 20    # larger than ledger/views/charts.py's: the chart is wider than a phone (about 14 px there)
MARGIN = 8
GAP = 32
TOP = 40
BOTTOM = 8
RATE_COLOR = "#1f3a4d"
COUNT_COLOR = "#c62828"


@dataclass(frozen=True)
class ChartRow:
    label: str        # the unit's name (with 迟报 when late)
    rate: float       # 0..100
    rate_text: str    # 75%, as the unit's figure reads
    count: int


def _text(x: float, y: float, content: str, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{x}" y="{y}" text-anchor="{anchor}"{extra}>{escape(content)}</text>'


def units_chart(rows: list[ChartRow], rate_label: str, count_label: str, title: str) -> str:
    """An inline <figure> with one block per unit: its name, then a bar of its rate and a bar of its count."""
    if not rows:
        return "<p>（没有单位，无法绘制图表）</p>"
    panel = (WIDTH - 2 * MARGIN - GAP) / 2
    rate_x, count_x = MARGIN, MARGIN + panel + GAP
    count_top = y_ticks(max(r.count for r in rows))[-1]
    height = TOP + ROW * len(rows) + BOTTOM
    desc = "；".join(f"{r.label}：{rate_label}{r.rate_text}，{count_label}{r.count}" for r in rows)
    body = [f"<title>{escape(title)}</title>", f"<desc>{escape(desc)}</desc>",
            _text(rate_x, TOP - 16, rate_label, extra=' font-weight="700"'),
            _text(count_x, TOP - 16, count_label, extra=' font-weight="700"'),
            '<defs><pattern id="rollup-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{COUNT_COLOR}" stroke-width="4"/></pattern></defs>']
    for i, row in enumerate(rows):
        y = TOP + i * ROW
        bar_y, bar_h = y + 30, 24
        value_y = bar_y + bar_h / 2 + FONT_SIZE / 3
        rate_w = round(panel * 0.72 * max(0.0, min(row.rate, 100.0)) / 100, 1)
        count_w = round(panel * 0.72 * row.count / count_top, 1)
        tip = f"{row.label}：{rate_label}{row.rate_text}，{count_label}{row.count}"
        body.append(
            f'<g class="unit-row" data-unit="{escape(row.label)}" data-rate="{escape(row.rate_text)}" '
            f'data-count="{row.count}"><title>{escape(tip)}</title>'
            + _text(MARGIN, y + 22, row.label, extra=' class="unit-name"')
            + f'<rect x="{rate_x}" y="{bar_y}" width="{round(panel * 0.72, 1)}" height="{bar_h}" fill="none" '
              f'stroke="#9e9e9e" stroke-dasharray="2 3"/>'
            + f'<rect class="rate" x="{rate_x}" y="{bar_y}" width="{rate_w}" height="{bar_h}" fill="{RATE_COLOR}"/>'
            + _text(rate_x + panel * 0.72 + 6, value_y, row.rate_text, extra=' class="rate-value"')
            + f'<rect class="count" x="{count_x}" y="{bar_y}" width="{count_w}" height="{bar_h}" '
              f'fill="url(#rollup-hatch)" stroke="{COUNT_COLOR}"/>'
            + _text(count_x + count_w + 6, value_y, str(row.count), extra=' class="count-value"')
            + "</g>")
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" class="ledger-chart rollup-chart" viewBox="0 0 {WIDTH} {height}" '
           f'width="100%" role="img" aria-label="{escape(title)}" font-size="{FONT_SIZE}" '
           f'preserveAspectRatio="xMidYMid meet">' + "".join(body) + "</svg>")
    return f'<figure class="ledger-chart-figure rollup-chart-figure">{svg}<figcaption>{escape(desc)}。</figcaption></figure>'
