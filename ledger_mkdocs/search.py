"""The site's search, as a build step around Material's search box (the index: ledger/views/search_index.py).

- Material's search box, result list and keys stay; its web worker file (the theme's
  assets/javascripts/workers/search.*.min.js, whose URL every page names) is replaced in the build's files by
  search_worker.js, which speaks the same messages (Material documents this worker as the place for a custom
  search) and answers from the small files under search/ledger/;
- every page's content is taken as it is rendered (on_page_content) and the page is then marked `search:
  exclude` for Material's own indexer, so Material writes an index without documents: the
  search/search_index.json the pages fetch holds only its settings and the ledger index's version (which the
  worker puts on its file names, so that a browser never mixes an old file into a new index);
- the offline plugin inlines that small file as usual; the worker loads its files with importScripts, which
  works from disk (file://) too.
"""
from __future__ import annotations

import fnmatch
import json
from pathlib import Path

from mkdocs.structure.files import File, Files

from ledger.views.search_index import PageEntry, page_entry, write_index

INDEX_FILE = Path("search") / "search_index.json"
THEME_WORKER = "assets/javascripts/workers/search.*.min.js"
WORKER_SOURCE = Path(__file__).resolve().parent / "search_worker.js"
VERSION_KEY = "ledger_version"


def replace_worker(files: Files, config) -> None:
    """The theme's search worker -> ours, at the same address (ours names no source map: the theme's stays unused)."""
    for file in list(files):
        if fnmatch.fnmatch(file.src_uri, THEME_WORKER):
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=WORKER_SOURCE.read_text(encoding="utf-8")))


def entry_for(page, content: str) -> PageEntry | None:
    """A page's sections for the index, or None for a page marked `search: exclude`."""
    search = page.meta.get("search") or {}
    if search.get("exclude"):
        return None
    return page_entry(page.url, str(page.title or ""), content, float(search.get("boost", 1.0)))


def leave_to_us(page) -> None:
    """Material's indexer skips the page (its documented `search: exclude`): the ledger index holds it."""
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}


def write(site_dir: str | Path, entries: list[PageEntry]) -> None:
    """The ledger index, and Material's (empty) index file naming its version."""
    version = write_index(entries, site_dir)
    path = Path(site_dir) / INDEX_FILE
    index = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"config": {}, "docs": []}
    index["config"][VERSION_KEY] = version
    index["docs"] = []
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


class SiteSearch:
    """The site's search for a plugin that builds a whole site: the worker swapped in (on_files), each page's
    sections kept as it is rendered (on_page_content), the index written after the build (on_post_build)."""

    def __init__(self):
        self.entries: dict[str, PageEntry] = {}
        self.order: list[str] = []

    def files(self, files: Files, config) -> None:
        replace_worker(files, config)
        self.order = [file.src_uri for file in files.documentation_pages()]

    def page(self, page, content: str) -> None:
        entry = entry_for(page, content)
        if entry is not None:
            self.entries[page.file.src_uri] = entry
        leave_to_us(page)

    def ordered(self) -> list[PageEntry]:
        return [self.entries[src_uri] for src_uri in self.order if src_uri in self.entries]

    def write(self, site_dir: str | Path) -> None:
        write(site_dir, self.ordered())
