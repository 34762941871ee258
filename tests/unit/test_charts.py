"""The open-versus-closed chart is well-formed SVG whose marks sit where the data puts them."""
import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from ledger.views import charts
from ledger.views.tracker import SeriesPoint

NS = {"svg": "http://www.w3.org/2000/svg"}
D = dt.date
POINTS = (SeriesPoint(D(2023, 9, 1), 1, 0), SeriesPoint(D(2023, 9, 5), 3, 0),
          SeriesPoint(D(2023, 9, 25), 2, 1), SeriesPoint(D(2023, 11, 20), 1, 7))


def parse(points=POINTS):
    html = charts.open_closed_chart(points)
    figure = ET.fromstring(html)  # the whole figure is well-formed XML
    return figure, figure.find("svg:svg", NS)


def value_to_y(svg):
    """The y axis as the chart labels it: a linear map fitted through two labelled ticks."""
    ticks = [(int(t.text), float(t.get("y"))) for t in svg.iterfind("svg:text[@class='y-tick']", NS)]
    (v0, y0), (v1, y1) = ticks[0], ticks[-1]
    offset = y0 - next(float(line.get("y1")) for line in svg.iterfind("svg:line[@class='grid']", NS))
    return lambda v: y0 - offset + (v - v0) * (y1 - y0) / (v1 - v0)


def test_scales_with_its_container_and_needs_no_script():
    figure, svg = parse()
    assert figure.tag == "figure"
    assert svg.get("width") == "100%"
    assert re.fullmatch(r"0 0 \d+ \d+", svg.get("viewBox"))
    assert svg.get("role") == "img" and svg.get("aria-label")
    assert not list(svg.iter("{http://www.w3.org/2000/svg}script"))
    assert "http" not in charts.open_closed_chart(POINTS).replace(NS["svg"], "")


def test_labels_are_chinese():
    figure, svg = parse()
    texts = ["".join(t.itertext()) for t in svg.iterfind(".//svg:text", NS)]
    assert "未完成整改" in texts and "已完成整改" in texts
    assert "未完成1" in texts and "已完成7" in texts  # latest counts at the right end
    assert any(re.fullmatch(r"\d+月\d+日", t) for t in texts)
    assert "2023年9月1日" in figure.find("figcaption").text and "2023年11月20日" in figure.find("figcaption").text


def test_each_point_sits_at_its_counts():
    _, svg = parse()
    y_of = value_to_y(svg)
    groups = svg.findall("svg:g[@class='point']", NS)
    assert [(g.get("data-date"), int(g.get("data-open")), int(g.get("data-closed"))) for g in groups] == [
        (p.date.isoformat(), p.open, p.closed) for p in POINTS]
    for group, point in zip(groups, POINTS):
        circle = group.find("svg:circle", NS)
        square = group.find("svg:rect", NS)
        assert float(circle.get("cy")) == pytest.approx(y_of(point.open), abs=0.2)
        assert float(square.get("y")) + float(square.get("height")) / 2 == pytest.approx(y_of(point.closed), abs=0.2)


def test_x_positions_follow_the_calendar():
    _, svg = parse()
    xs = [float(g.find("svg:circle", NS).get("cx")) for g in svg.findall("svg:g[@class='point']", NS)]
    days = [(p.date - POINTS[0].date).days for p in POINTS]
    per_day = (xs[-1] - xs[0]) / days[-1]
    for x, d in zip(xs, days):
        assert x == pytest.approx(xs[0] + d * per_day, abs=0.2)


def test_lines_step_through_every_point():
    _, svg = parse()
    y_of = value_to_y(svg)
    for cls, attr in (("line-open", "open"), ("line-closed", "closed")):
        d = svg.find(f"svg:path[@class='{cls}']", NS).get("d")
        ys = [float(v) for v in re.findall(r"(?:,|V)(-?[\d.]+)", d)]
        assert ys == pytest.approx([y_of(getattr(p, attr)) for p in POINTS], abs=0.2)
    dashed = svg.find("svg:path[@class='line-closed']", NS).get("stroke-dasharray")
    assert dashed, "the two lines must differ in more than colour (black-and-white print)"


def test_single_day_and_empty_series():
    _, svg = parse((SeriesPoint(D(2023, 9, 1), 2, 0),))
    assert len(svg.findall("svg:g[@class='point']", NS)) == 1
    assert "暂无" in charts.open_closed_chart(())


def test_axis_ticks():
    assert charts.y_ticks(8) == [0, 2, 4, 6, 8]
    assert charts.y_ticks(0) == [0, 1]
    assert charts.y_ticks(1234)[-1] >= 1234 and len(charts.y_ticks(1234)) <= 6
    ticks = charts.x_ticks(D(2023, 9, 1), D(2023, 11, 20))
    assert ticks[0] == D(2023, 9, 1) and ticks[-1] == D(2023, 11, 20) and len(ticks) <= 4
