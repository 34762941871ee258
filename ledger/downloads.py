"""The files handed upward: the 汇报 (.docx) and the 整改台账 (.xlsx), both written from one ledger.

The command line (`python -m ledger export`) and every site build (macros.on_post_build)
call write_exports, so the two can never differ for the same records.
"""
from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import buildcache
from .figures import compute_figures
from .records import Ledger
from .report import build_report
from .report_template import LoadedTemplate
from .text import escape_text

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


def write_exports(ledger: Ledger, template: LoadedTemplate, out_dir: str | os.PathLike, *,
                  site_names: bool = False, cache: buildcache.Store | None = None) -> list[Path]:
    """Write the .docx and .xlsx into out_dir: site names (report.docx) or the Chinese names.

    With a cache (buildcache.Store), files made earlier from the same records, report template and
    code are copied instead of being written again; new ones are stored for the next build."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report_file, ledger_file = downloads_for(ledger)
    name = (lambda d: d.slug) if site_names else (lambda d: d.save_as)
    targets = [out_dir / name(report_file), out_dir / name(ledger_file)]
    key = None
    if cache is not None and cache.enabled:
        key = buildcache.digest([buildcache.code_fingerprint(), buildcache.ledger_digest(ledger),
                                 template.model.model_dump_json()])
        entry = cache.get(key)
        if entry is not None:
            try:
                for download, target in zip((report_file, ledger_file), targets):
                    target.write_bytes((entry / download.slug).read_bytes())
                return targets
            except OSError:
                pass  # an entry damaged by hand: make the files again
    _write_files(ledger, template, targets)
    if key is not None:
        cache.put(key, {d.slug: t.read_bytes() for d, t in zip((report_file, ledger_file), targets)})
    return targets


def _write_files(ledger: Ledger, template: LoadedTemplate, targets: list[Path]) -> None:
    # imported here: python-docx and openpyxl take a tenth of a second to import, which a cached build skips
    from .export_docx import write_docx
    from .export_xlsx import write_xlsx
    fig = compute_figures(ledger)
    write_docx(build_report(ledger, template, fig), targets[0])
    write_xlsx(ledger, targets[1], fig)


def download_links(ledger: Ledger, base: str) -> str:
    """Buttons to the site's downloads; base leads from the current page to the site root ("../")."""
    links = "".join(
        f'<a class="md-button" href="{html.escape(base + SITE_FOLDER + "/" + d.slug)}" '
        f'download="{html.escape(d.save_as)}">{escape_text(d.label)}</a> '
        for d in downloads_for(ledger))
    return f'<p class="report-downloads">{links.strip()}</p>'
