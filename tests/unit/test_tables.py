"""Markdown and HTML views of records (ledger/tables.py)."""
from html.parser import HTMLParser

from ledger.views.tables import figure_cards


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = ""

    def handle_data(self, data):
        self.text += data


def test_figure_cards_read_as_separate_words_where_the_page_is_taken_as_text():
    reader = _Text()
    reader.feed(figure_cards([(4, "调研报告（篇）"), ("1期（7天）", "专题读书班"), ("<b>", "a|b")]))
    assert reader.text.split() == ["4", "调研报告（篇）", "1期（7天）", "专题读书班", "<b>", "a|b"]
