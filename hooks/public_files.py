"""MkDocs hook: a public build does not publish evidence files that only internal content points to.

Pages, tables, charts, downloads and the search index follow the ledger view macros.py builds
with (ledger/audience.py); files under docs/ are copied as they are, so the evidence files that
internal records or internal 销号 entries point to are taken out of a public build here.
"""
from __future__ import annotations

from pathlib import Path

from ledger import load_ledger
from ledger.audience import PUBLIC, public_view, selected_audience, withheld_files


def on_files(files, *, config):
    if selected_audience() != PUBLIC:
        return files
    ledger = load_ledger(Path(config.config_file_path).parent / "data")
    for src_uri in sorted(withheld_files(ledger, public_view(ledger))):
        file = files.get_file_from_path(src_uri)
        if file is not None:
            files.remove(file)
    return files
