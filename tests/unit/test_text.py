"""Record text is inert in Markdown; dates are written the Chinese way."""
import datetime as dt

import markdown
import pytest

from ledger.text import cn_date, cn_number, escape_text, options_text, percent


def render(text: str) -> str:
    return markdown.markdown(escape_text(text), extensions=["tables", "attr_list", "md_in_html"])


def test_markup_in_a_record_renders_as_the_same_text():
    for value in ["<script>alert(1)</script>", "<b>粗</b>", "a | b", "*强调*", "[x](y)", "{{ x }}",
                  "{% if %}", "# 标题", "1. 列表", "`代码`", "&amp;"]:
        html = render(value)
        assert "<script" not in html and "<b>" not in html and "<em>" not in html and "<a " not in html
        import html as h
        assert h.unescape(html.removeprefix("<p>").removesuffix("</p>")) == value


def test_line_breaks_become_br():
    assert escape_text("一\n二") == "一<br>二"


def test_chinese_dates_have_no_leading_zeros():
    assert cn_date(dt.date(2023, 9, 5)) == "2023年9月5日"
    assert cn_date(None) == ""


def test_percent_rounds_like_reports():
    assert percent(6, 8) == "75%"
    assert percent(2, 3) == "67%"
    assert percent(0, 0) == "0%"


@pytest.mark.parametrize("part, whole, shown", [
    (1, 8, "13%"),      # 12.5 rounds half up (Python's round() would give 12)
    (5, 8, "63%"),      # 62.5
    (1, 40, "3%"),      # 2.5
    (199, 200, "99%"),  # 99.5 would read 100% while a problem is open
    (999, 1000, "99%"),
    (1, 1000, "1%"),    # 0.1 would read 0% while one is done
    (1, 201, "1%"),
    (0, 5, "0%"),
    (5, 5, "100%"),
])
def test_percent_rounds_half_up_and_never_hides_an_open_or_a_done_problem(part, whole, shown):
    assert percent(part, whole) == shown


def test_chinese_ordinals():
    assert [cn_number(n) for n in (1, 5, 10, 12, 20, 21)] == ["一", "五", "十", "十二", "二十", "二十一"]


def test_options_quote_values_that_contain_the_separator():
    assert options_text(["未开始", "阶段性完成、长期坚持"]) == "未开始、「阶段性完成、长期坚持」"
