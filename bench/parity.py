"""Check that project (b) really is the same site as project (a): same files, same page text, same search index."""
from __future__ import annotations

import html
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import re  # noqa: E402

from support import _TextExtractor  # noqa: E402  (the tests' own reading of a page's visible text)

from ledger.views.search_index import read_index  # noqa: E402

# The "last updated · 统计截至" line under each page: (a) dates a page by its records and states the 截至 date
# (ledger plugin); (b) has neither. It is no part of the page's text being compared.
_PAGE_DATE = re.compile(r'<aside class="md-source-file">.*?</aside>', re.S)


def article_text(path: Path) -> str:
    parser = _TextExtractor()
    parser.feed(_PAGE_DATE.sub("", path.read_text(encoding="utf-8")))
    return "".join("".join(parser.parts).split())

SEARCH_INDEX = "search/search_index.json"


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


_SPACES = re.compile(r"[\s\u200b\u2060]+")
_TAGS = re.compile(r"<[^>]+>")
LEDGER_INDEX = "search/ledger"


def _plain(text: str) -> str:
    return _SPACES.sub("", html.unescape(_TAGS.sub(" ", text)))


def _ledger_entries(site: Path) -> set[tuple[str, str, str]]:
    """(a)'s own index (ledger/views/search_index.py): each section's location, title and text."""
    return {(d["location"], _plain(d["title"]), _plain(d["text"])) for d in read_index(site)}


def _search_entries(site: Path) -> set[tuple[str, str, str]]:
    """Each section's location, title and text, markup and word boundaries left out: from Material's index
    ((b)), or from the ledger's own index where there is one ((a) leaves Material's empty)."""
    if (site / LEDGER_INDEX / "index.js").is_file():
        return _ledger_entries(site)
    path = site / SEARCH_INDEX
    if not path.exists():
        return set()
    docs = json.loads(path.read_text(encoding="utf-8"))["docs"]
    return {(d["location"], _plain(d["title"]), _plain(d["text"])) for d in docs}


def compare(site_a: Path, site_b: Path) -> dict:
    files_a, files_b = _files(site_a), _files(site_b)
    differences = [f"只在 (a)：{f}" for f in sorted(files_a - files_b)]
    differences += [f"只在 (b)：{f}" for f in sorted(files_b - files_a)]
    pages = sorted(f for f in files_a & files_b if f.endswith(".html"))
    differences += [f"正文不同：{f}" for f in pages if article_text(site_a / f) != article_text(site_b / f)]
    entries_a, entries_b = _search_entries(site_a), _search_entries(site_b)
    if entries_a != entries_b:
        differences.append(f"搜索索引不同：{SEARCH_INDEX}（{sorted(entries_a ^ entries_b)[:3]}）")
    return {"pages": len(pages), "differences": differences}


def only_in_first(result: dict) -> list[str]:
    prefix = "只在 (a)："
    return [d[len(prefix):] for d in result["differences"] if d.startswith(prefix)]
