"""The progress bar (ledger/views/tables.py progress_bar): a name and a value a screen reader can say (WCAG 4.1.2)."""
from html.parser import HTMLParser

import pytest

from ledger.views.tables import progress_bar


class _Bar(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bars: list[dict] = []
        self.fills: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("role") == "progressbar":
            self.bars.append(attrs)
        elif tag == "span":
            self.fills.append(attrs.get("style", ""))


def _parse(html: str) -> _Bar:
    bar = _Bar()
    bar.feed(html)
    return bar


@pytest.mark.parametrize("done, total, percent", [(6, 8, 75), (0, 0, 0), (3, 3, 100), (1, 3, 33)])
def test_the_bar_has_a_name_and_says_its_value_in_words(done, total, percent):
    parsed = _parse(progress_bar(done, total))
    [bar] = parsed.bars
    assert bar["aria-label"] == "整改完成率"
    assert (bar["aria-valuenow"], bar["aria-valuemin"], bar["aria-valuemax"]) == (str(done), "0", str(total))
    assert bar["aria-valuetext"] == f"已完成{done}，共{total}，{percent}%"
    assert parsed.fills == [f"width:{percent}%"]


def test_a_name_given_by_the_page_is_escaped():
    [bar] = _parse(progress_bar(1, 2, label='学习<b>"进度"</b>')).bars
    assert bar["aria-label"] == '学习<b>"进度"</b>'
