"""MkDocs hook: one generated page per problem, kept out of the navigation (thin adapter over the core)."""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from ledger import LedgerInvalid, load_ledger
from ledger.problem_page import problem_pages
from ledger.audience import ledger_for_build


def on_files(files: Files, config) -> Files:
    try:
        # the same view as the pages: no page for a problem a public build leaves out (ledger/audience.py)
        ledger = ledger_for_build(load_ledger(Path(config.config_file_path).parent / "data"))
    except LedgerInvalid as exc:
        raise PluginError(exc.report()) from None
    for src_uri, markdown in problem_pages(ledger):
        files.append(File.generated(config, src_uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV))
    return files
