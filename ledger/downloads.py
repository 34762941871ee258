"""The files handed upward: the 汇报 (.docx) and the 整改台账 (.xlsx), both written from one ledger.

The command line (`python -m ledger export`) and every site build (macros.on_post_build)
call write_exports, so the two can never differ for the same records.
"""
from __future__ import annotations

import html
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    targets = _targets(ledger, out_dir, site_names)
    key = _cache_key(ledger, template, cache)
    if key is not None and _copy_cached(cache, key, ledger, targets):
        return targets
    _write_files(ledger, template, targets)
    if key is not None:
        cache.put(key, {d.slug: t.read_bytes() for d, t in zip(downloads_for(ledger), targets)})
    return targets


def _targets(ledger: Ledger, out_dir: str | os.PathLike, site_names: bool) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [out_dir / (d.slug if site_names else d.save_as) for d in downloads_for(ledger)]


def _cache_key(ledger: Ledger, template: LoadedTemplate, cache: buildcache.Store | None) -> str | None:
    if cache is None or not cache.enabled:
        return None
    return buildcache.digest([buildcache.code_fingerprint(), buildcache.ledger_digest(ledger),
                              template.model.model_dump_json()])


def _copy_cached(cache: buildcache.Store, key: str, ledger: Ledger, targets: list[Path]) -> bool:
    entry = cache.get(key)
    if entry is None:
        return False
    try:
        for download, target in zip(downloads_for(ledger), targets):
            target.write_bytes((entry / download.slug).read_bytes())
        return True
    except OSError:
        return False  # an entry damaged by hand: make the files again


@dataclass
class PendingExports:
    """Downloads being written in the build's helper process (ledger/background.py)."""
    ledger: Ledger  # what they are made from: a build that swapped in another ledger writes anew
    folder: Path  # the helper's scratch folder it writes into, with site names (removed when the helper closes)
    job: Any  # .get() waits for the helper and re-raises its error


def start_exports(helper, ledger: Ledger, template: LoadedTemplate,
                  cache: buildcache.Store | None) -> PendingExports | None:
    """Begin writing the site's downloads beside the page build; None if there is nothing to gain
    (no helper, or the cache already holds these files)."""
    if not helper.enabled:
        return None
    key = _cache_key(ledger, template, cache)
    if key is not None and cache.get(key) is not None:
        return None
    folder = helper.scratch_folder()
    return PendingExports(ledger, folder, helper.submit(write_exports, ledger, template, folder, site_names=True,
                                                        cache=cache))


def finish_exports(pending: PendingExports | None, ledger: Ledger, template: LoadedTemplate,
                   out_dir: str | os.PathLike, *, site_names: bool = False,
                   cache: buildcache.Store | None = None) -> list[Path]:
    """The downloads in out_dir: taken from the helper if it wrote them for this ledger, else written now."""
    if pending is None or pending.ledger is not ledger:
        return write_exports(ledger, template, out_dir, site_names=site_names, cache=cache)
    pending.job.get()
    targets = _targets(ledger, out_dir, site_names)
    for download, target in zip(downloads_for(ledger), targets):
        shutil.move(pending.folder / download.slug, target)
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
