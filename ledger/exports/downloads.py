"""The files handed upward: the 汇报 (.docx), the 整改台账 (.xlsx) and the 进展情况 (.docx), from one ledger.

The command line (`python -m ledger export`) and every site build (the build context's downloads)
call write_exports, so the two can never differ for the same records.
"""
from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ledger.exports.docx import write_docx
from ledger.exports.ics import FEED_FOLDER, feeds
from ledger.exports.xlsx import write_review_xlsx, write_xlsx
from ledger.views.measures import FigureValues, compute_figures
from ledger.records.ledger import Ledger
from ledger.views.period import Period, period_between, period_report
from ledger.views.report import Report, build_report
from ledger.views.report_template import LoadedTemplate
from ledger.views.tables import markdown_table
from ledger.text import escape_text

SITE_FOLDER = "downloads"
_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass(frozen=True)
class Download:
    slug: str       # file name on the site, under downloads/
    save_as: str    # the Chinese file name offered when saving, and written by `export`
    label: str      # link text


def safe_file_name(name: str) -> str:
    """A name every file system accepts: characters Windows forbids become _."""
    return _UNSAFE_IN_FILE_NAMES.sub("_", name).strip("._") or "download"


def downloads_for(ledger: Ledger) -> tuple[Download, Download]:
    s = ledger.settings
    return (Download("report.docx", safe_file_name(f"{s.report_title}.docx"), "下载汇报（Word）"),
            Download("ledger.xlsx", safe_file_name(f"{s.unit}{s.campaign_short}整改台账.xlsx"), "下载整改台账（Excel）"))


def progress_download(ledger: Ledger) -> Download:
    """The 进展情况 (本期进展 as a 公文): beside the 汇报, linked from the 本期进展 page."""
    s = ledger.settings
    return Download("progress.docx", safe_file_name(f"{s.unit}{s.campaign_short}进展情况.docx"), "下载进展情况（Word）")


def write_exports(ledger: Ledger, template: LoadedTemplate, out_dir: str | os.PathLike, *,
                  site_names: bool = False, period: Period | None = None, report: Report | None = None,
                  fig: FigureValues | None = None) -> list[Path]:
    """Write the .docx and .xlsx into out_dir: site names (report.docx) or the Chinese names; then the
    进展情况 (.docx) of the period since the last report sent (ledger/views/period.py). `period`, `report` and
    `fig`: the ones made from this ledger already (a build context's), so that they are not made twice."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = [out_dir / (d.slug if site_names else d.save_as) for d in (*downloads_for(ledger), progress_download(ledger))]
    fig = fig or compute_figures(ledger)
    write_docx(report or build_report(ledger, template, fig), targets[0])
    write_xlsx(ledger, targets[1], template, fig)
    s = ledger.settings
    period = period or period_between(ledger, figures_now=fig)
    write_docx(period_report(period, s.party_group, s.campaign_short), targets[2])
    return targets


def write_department_ledger(ledger: Ledger, template: LoadedTemplate, department: str,
                            out_dir: str | os.PathLike) -> Path:
    """One 科室's 整改台账 to fill in: only its problems. ValueError (Chinese) for an unknown 科室."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    s = ledger.settings
    target = out_dir / safe_file_name(f"{s.unit}{s.campaign_short}整改台账（{department}）.xlsx")
    return write_xlsx(ledger, target, template, department=department)


def progress_link(ledger: Ledger, base: str) -> str:
    """The button to the 进展情况 download; base leads from the current page to the site root."""
    d = progress_download(ledger)
    return (f'<p class="report-downloads"><a class="md-button" href="{html.escape(base + SITE_FOLDER + "/" + d.slug)}" '
            f'download="{html.escape(d.save_as)}">{escape_text(d.label)}</a></p>')


def download_links(ledger: Ledger, base: str) -> str:
    """Buttons to the site's downloads; base leads from the current page to the site root ("../")."""
    links = "".join(
        f'<a class="md-button" href="{html.escape(base + SITE_FOLDER + "/" + d.slug)}" '
        f'download="{html.escape(d.save_as)}">{escape_text(d.label)}</a> '
        for d in downloads_for(ledger))
    return f'<p class="report-downloads">{links.strip()}</p>'


def write_review_sheet(ledger: Ledger, out_dir: str | os.PathLike, department: str | None = None) -> Path:
    """The office's 销号审核表: the applications waiting for review (of one 科室 with `department`)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    s = ledger.settings
    whose = f"（{department}）" if department else ""
    target = out_dir / safe_file_name(f"{s.unit}{s.campaign_short}销号审核表{whose}.xlsx")
    return write_review_xlsx(ledger, target, department=department)


def calendar_table(context, base: str) -> str:
    """The calendar feeds to subscribe to (internal build only: a public build has none), one row each;
    base leads from the current page to the site root."""
    if context.options.audience != "internal":
        return "公开版不提供日历订阅。"
    rows = []
    for feed in feeds(context.ledger):
        href = html.escape(f"{base}{SITE_FOLDER}/{FEED_FOLDER}/{feed.slug}")
        rows.append([escape_text(feed.title), f'<a href="{href}">{escape_text(feed.slug)}</a>'])
    return markdown_table(["日历", "订阅地址（右键复制链接）"], rows)
