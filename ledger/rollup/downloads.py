"""The roll-up's files handed upward, named: the 汇报 (.docx), the 汇总台账 (.xlsx) and the 进展情况 (.docx).

The same names serve the site (downloads/report.docx, with the Chinese name offered when saving) and the
command line (`python -m ledger rollup export`, which writes the Chinese names). The files themselves are
made by ledger/rollup/exports.py; the pages (ledger/rollup/pages.py, progress.py) link them from here.
"""
from __future__ import annotations

import html
from collections import Counter

from ledger.exports.downloads import SITE_FOLDER, Download, safe_file_name
from ledger.rollup.context import RollupContext
from ledger.text import escape_text


def campaign_short(context: RollupContext) -> str:
    """The campaign's short name as the units write it (settings.campaign_short; the most usual one)."""
    names = Counter(leaf.context.ledger.settings.campaign_short for leaf in context.leaves())
    return names.most_common(1)[0][0] if names else ""


def rollup_downloads(context: RollupContext) -> tuple[Download, Download, Download]:
    """(汇报, 汇总台账, 进展情况)."""
    who = f"{context.config.name}{campaign_short(context)}"
    return (Download("report.docx", safe_file_name(f"{who}汇总汇报.docx"), "下载汇总汇报（Word）"),
            Download("ledger.xlsx", safe_file_name(f"{who}汇总台账.xlsx"), "下载汇总台账（Excel）"),
            Download("progress.docx", safe_file_name(f"{who}进展情况.docx"), "下载进展情况（Word）"))


def links_html(downloads, base: str) -> str:
    """Buttons to the site's downloads; base leads from the current page to the site root ("../")."""
    links = " ".join(f'<a class="md-button" href="{html.escape(base + SITE_FOLDER + "/" + d.slug)}" '
                     f'download="{html.escape(d.save_as)}">{escape_text(d.label)}</a>' for d in downloads)
    return f'<p class="report-downloads">{links}</p>'


def summary_links(context: RollupContext) -> str:
    """The 汇总表's buttons (汇报, 汇总台账); none on a roll-up read as a unit (its files are its own site's)."""
    return "" if context.chain else links_html(rollup_downloads(context)[:2], "")


def progress_links(context: RollupContext, base: str = "../") -> str:
    """The 本期进展 page's button (进展情况)."""
    return links_html(rollup_downloads(context)[2:], base)
