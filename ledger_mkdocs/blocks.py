"""HTML tables a page's macros write, kept out of Python-Markdown while previewing.

A table written as HTML (ledger/views/tables.py html_table) is still read by Python-Markdown: its HTML block
parser walks every tag of it to find where the block ends (about a quarter of a second for the 800-row problem
list of a 市局), only to pass it through as it was. While previewing (`mkdocs serve`), the macros hand such
tables to HtmlBlocks instead: the page's Markdown holds one marker word per table, and the ledger plugin puts
each table back in place of its marker in the page's HTML (on_page_content), before anything reads the HTML.
The page comes out as a build makes it (tests/integration/test_preview_fresh.py compares every page).
A site build leaves the tables in the Markdown: what a build gives Python-Markdown stays plain Markdown
(the bench's plain twin is built from it).
"""
from __future__ import annotations

import re
import secrets

# an HTML table as html_table writes it, on lines of its own
_HTML_TABLE = re.compile(r"^<table>\n.*?\n</table>$", re.S | re.M)


class HtmlBlocks:
    """The tables held out of the page being made, each under its marker (a word no text holds)."""

    def __init__(self):
        self._prefix = f"ledgerhtmlblock{secrets.token_hex(6)}n"
        self._held: dict[str, str] = {}

    def hold_tables(self, markdown: str) -> str:
        """`markdown` with each HTML table in it replaced by a marker paragraph."""
        return _HTML_TABLE.sub(lambda match: self._hold(match.group(0)), markdown)

    def _hold(self, html: str) -> str:
        marker = f"{self._prefix}{len(self._held)}"
        self._held[marker] = html
        return f"\n\n{marker}\n\n"

    def put_back(self, html: str) -> str:
        """The page's HTML with every held table in place of its marker (a paragraph of its own, or bare inside
        an HTML block); forgets them."""
        for marker, block in self._held.items():
            paragraph = f"<p>{marker}</p>"
            html = html.replace(paragraph, block) if paragraph in html else html.replace(marker, block)
        self._held.clear()
        return html

    def clear(self) -> None:
        self._held.clear()
