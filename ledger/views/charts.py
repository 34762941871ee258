"""Inline SVG charts rendered at build time: no JavaScript, no external file, readable printed and narrow.

The chart scales with its container (viewBox, width 100%). The two lines differ in colour, dash and
marker shape, so they stay apart on a black-and-white print.
"""
from __future__ import annotations

import datetime as dt
from html import escape
from typing import Sequence

from ledger.text import cn_date
from ledger.views.tracker import SeriesPoint

# Small drawing units with a large font: on a phone (about 360 px) the text is still about 11 px.
WIDTH, HEIGHT = 520, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 84, 48, 40
FONT = 16
OPEN_STYLE = {"label": "未完成整改", "color": "#c62828", "dash": ""}
CLOSED_STYLE = {"label": "已完成整改", "color": "#1f3a4d", "dash": "8 5"}


def _short_date(day: dt.date, with_year: bool) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if with_year else f"{day.month}月{day.day}日"


def _nice_steps():
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            yield factor * magnitude
        magnitude *= 10


def y_ticks(maximum: int, most: int = 5) -> list[int]:
    """Whole-number ticks from 0 up to at least `maximum`, at steps of 1, 2, 5, 10, 20 …, at most `most` steps."""
    maximum = max(maximum, 1)
    step = next(s for s in _nice_steps() if -(-maximum // s) <= most)
    return list(range(0, -(-maximum // step) * step + 1, step))


def x_ticks(first: dt.date, last: dt.date, most: int = 4) -> list[dt.date]:
    """First and last day plus evenly spaced days between, no more than `most` in all."""
    span = (last - first).days
    if span == 0:
        return [first]
    count = min(most, span + 1)
    return sorted({first + dt.timedelta(days=round(i * span / (count - 1))) for i in range(count)})


class _Scale:
    def __init__(self, points: Sequence[SeriesPoint], top_value: int):
        self.first, self.last = points[0].date, points[-1].date
        self.span = max((self.last - self.first).days, 1)
        self.top_value = max(top_value, 1)

    def x(self, day: dt.date) -> float:
        if self.first == self.last:
            return LEFT + (WIDTH - LEFT - RIGHT) / 2
        return round(LEFT + (day - self.first).days * (WIDTH - LEFT - RIGHT) / self.span, 1)

    def y(self, value: int) -> float:
        return round(HEIGHT - BOTTOM - value * (HEIGHT - TOP - BOTTOM) / self.top_value, 1)


def _step_path(points: Sequence[SeriesPoint], attr: str, scale: _Scale) -> str:
    """A step line: a count holds until the day it changes."""
    parts = []
    for i, point in enumerate(points):
        x, y = scale.x(point.date), scale.y(getattr(point, attr))
        if i == 0:
            parts.append(f"M{x},{y}")
        else:
            parts.append(f"H{x}V{y}")
    return " ".join(parts)


def _text(x: float, y: float, content: str, anchor: str = "start", **attrs: str) -> str:
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{x}" y="{y}" text-anchor="{anchor}"{extra}>{escape(content)}</text>'


def _axes(points: Sequence[SeriesPoint], scale: _Scale, ticks: list[int]) -> list[str]:
    out = []
    for value in ticks:
        y = scale.y(value)
        out.append(f'<line class="grid" x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="#9e9e9e" '
                   f'stroke-width="{1 if value == 0 else 0.5}"/>')
        out.append(_text(LEFT - 8, y + FONT / 3, str(value), "end", class_="y-tick"))
    days = x_ticks(points[0].date, points[-1].date)
    years = [None] + [d.year for d in days]
    for i, day in enumerate(days):
        x = scale.x(day)
        anchor = "start" if i == 0 and len(days) > 1 else ("end" if i == len(days) - 1 and len(days) > 1 else "middle")
        out.append(f'<line x1="{x}" y1="{HEIGHT - BOTTOM}" x2="{x}" y2="{HEIGHT - BOTTOM + 5}" stroke="#616161"/>')
        out.append(_text(x, HEIGHT - BOTTOM + 22, _short_date(day, i > 0 and years[i] != day.year), anchor,
                         class_="x-tick", data_date=day.isoformat()))
    out.append(_text(LEFT - 8, TOP - 14, "个", "end"))
    return out


def _legend() -> list[str]:
    out, x = [], LEFT
    for style in (OPEN_STYLE, CLOSED_STYLE):
        out.append(f'<line x1="{x}" y1="{TOP - 28}" x2="{x + 30}" y2="{TOP - 28}" stroke="{style["color"]}" '
                   f'stroke-width="3" stroke-dasharray="{style["dash"]}"/>')
        out.append(_text(x + 36, TOP - 23, style["label"]))
        x += 150
    return out


def _markers(points: Sequence[SeriesPoint], scale: _Scale) -> list[str]:
    """A circle per open count and a square per closed count, each with its reading as a tooltip."""
    out = []
    for point in points:
        x = scale.x(point.date)
        tip = f"{cn_date(point.date)}：未完成{point.open}个，已完成{point.closed}个"
        out.append(f'<g class="point" data-date="{point.date.isoformat()}" data-open="{point.open}" '
                   f'data-closed="{point.closed}"><title>{escape(tip)}</title>'
                   f'<circle class="open" cx="{x}" cy="{scale.y(point.open)}" r="4" fill="{OPEN_STYLE["color"]}"/>'
                   f'<rect class="closed" x="{x - 3.5}" y="{scale.y(point.closed) - 3.5}" width="7" height="7" '
                   f'fill="{CLOSED_STYLE["color"]}"/></g>')
    return out


def _end_labels(last: SeriesPoint, scale: _Scale) -> list[str]:
    """The latest counts written at the right end; pushed apart when the lines meet."""
    y_open, y_closed = scale.y(last.open), scale.y(last.closed)
    if abs(y_open - y_closed) < FONT + 2:
        shift = (FONT + 2 - abs(y_open - y_closed)) / 2
        if y_open <= y_closed:
            y_open, y_closed = y_open - shift, y_closed + shift
        else:
            y_open, y_closed = y_open + shift, y_closed - shift
    x = WIDTH - RIGHT + 10
    return [_text(x, round(y_open + FONT / 3, 1), f"未完成{last.open}", class_="end-open",
                  fill=OPEN_STYLE["color"]),
            _text(x, round(y_closed + FONT / 3, 1), f"已完成{last.closed}", class_="end-closed",
                  fill=CLOSED_STYLE["color"])]


def open_closed_chart(points: Sequence[SeriesPoint], title: str = "整改问题数量变化") -> str:
    """An inline <svg> of open versus closed problems over time; a sentence when there is no data."""
    if not points:
        return "<p>（暂无问题记录，无法绘制图表）</p>"
    scale = _Scale(points, max(p.open + p.closed for p in points))
    ticks = y_ticks(scale.top_value)
    scale.top_value = ticks[-1]
    last = points[-1]
    desc = (f"自{cn_date(points[0].date)}至{cn_date(last.date)}，"
            f"未完成整改的问题由{points[0].open}个变为{last.open}个，已完成整改的问题由{points[0].closed}个增至{last.closed}个。")
    lines = [_step_path(points, "open", scale), _step_path(points, "closed", scale)]
    body = [
        f"<title>{escape(title)}</title>", f"<desc>{escape(desc)}</desc>",
        *_legend(), *_axes(points, scale, ticks),
        f'<path class="line-open" d="{lines[0]}" fill="none" stroke="{OPEN_STYLE["color"]}" stroke-width="3"/>',
        f'<path class="line-closed" d="{lines[1]}" fill="none" stroke="{CLOSED_STYLE["color"]}" stroke-width="3" '
        f'stroke-dasharray="{CLOSED_STYLE["dash"]}"/>',
        *_markers(points, scale), *_end_labels(last, scale),
    ]
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" class="ledger-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'width="100%" role="img" aria-label="{escape(title)}" font-size="{FONT}" '
           f'preserveAspectRatio="xMidYMid meet">' + "".join(body) + "</svg>")
    return f'<figure class="ledger-chart-figure">{svg}<figcaption>{escape(desc)}</figcaption></figure>'
