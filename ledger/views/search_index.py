"""The site's search index: small files the browser loads per query, so search answers at any size.

Why not one file: Material's lunr index is one JSON file that the browser fetches, parses and indexes
whole before the first answer (16 MB at 100x, 157 MB at 1000x: 43 s). Here the index is split:
- `index.js`: every page (address, title, weight) and every section (page, anchor, title; "" for a page's
  top section titled as the page), loaded once; titles are searched right there, exactly;
- `g/N.js`: shards of a character index of the sections' text: for every single character and every pair of
  characters (bigram), the sections that hold it and how often. A typed phrase is looked up by its
  bigrams (a single character by itself); only the shards of those bigrams are loaded;
- `t/N.js`: the sections' text in chunks of about CHUNK_BYTES, loaded for the best candidates only, to
  count the phrase exactly and show the words around it.
Every file is a script calling `__ledgerSearch(name, data)`: a web worker loads it with importScripts,
and so does the offline bundle opened from disk (`file://`, where browsers refuse fetch()) through the
iframe stand-in for workers: one index for both. The worker is ledger_mkdocs/search_worker.js.

Matching is by substring, as typed (no word cutting, so no jieba): a query finds the sections whose
title or text contains it; words separated by spaces are looked up each. Ranking (same as before, in
the worker): a title match counts TITLE_WEIGHT times a text match, repeated matches count less and less,
a page's own top section before its subsections, a page's `search: boost` (the editors' guide: 0.5) scales it.

Nothing here knows MkDocs: the adapter hands in (address, title, content HTML, weight) per page.
"""
from __future__ import annotations

import hashlib
import html as html_module
import json
import operator
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

INDEX_FOLDER = Path("search") / "ledger"
CALLBACK = "__ledgerSearch"
CHUNK_BYTES = 96_000  # text chunk: a candidate's text costs at most this much to load
SHARD_BYTES = 48_000  # aimed size of a bigram shard
FORMAT = 1

_HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1>", re.S | re.I)
_ID = re.compile(r'\bid="([^"]*)"')
_DROP = re.compile(r"<(script|style)\b.*?</\1>|<[^>]*\bdata-search-exclude\b[^>]*>.*?</(?:div|section|p|span)>",
                   re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


@dataclass
class Section:
    anchor: str  # "" for the page's top
    title: str
    text: str


@dataclass
class PageEntry:
    location: str  # as Material's index writes it: "study/", "study.html", "" for home
    title: str
    boost: float = 1.0
    sections: list[Section] = field(default_factory=list)


def plain(fragment: str) -> str:
    """HTML -> its text, one space between words and blocks."""
    return _SPACE.sub(" ", html_module.unescape(_TAG.sub(" ", fragment))).strip()


def page_entry(location: str, title: str, content: str, boost: float = 1.0) -> PageEntry:
    """A page cut into sections at its headings: the top (title and text before the first subheading)
    and one section per h2-h6 with an id, as Material's index cuts it."""
    content = _DROP.sub(" ", content)
    entry = PageEntry(location, title, boost)
    anchor, heading, start, top_named = "", title, 0, False
    for match in _HEADING.finditer(content):
        level, attrs, inner = match.groups()
        if level == "1" and anchor == "" and not top_named:  # the page's own title
            heading, start, top_named = plain(inner) or title, match.end(), True
            continue
        ident = _ID.search(attrs)
        if ident is None:
            continue
        entry.sections.append(Section(anchor, heading, plain(content[start:match.start()])))
        anchor, heading, start, top_named = ident.group(1), plain(inner), match.end(), True
    entry.sections.append(Section(anchor, heading, plain(content[start:])))
    return entry


def _fnv(gram: str) -> int:
    """32-bit FNV-1a over the code points (the worker computes the same)."""
    h = 0x811C9DC5
    for char in gram:
        h = ((h ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return h


def _grams(text: str) -> Counter:
    """Each character and each pair of neighbouring characters of a lower-cased text, counted (no spaces)."""
    counts = Counter(text)
    counts.update(map(operator.add, text, text[1:]))
    for gram in [g for g in counts if " " in g]:
        del counts[gram]
    return counts


def _script(name: str, data) -> str:
    return f"{CALLBACK}({json.dumps(name)},{json.dumps(data, ensure_ascii=False, separators=(',', ':'))})\n"


def index_files(pages: Iterable[PageEntry]) -> tuple[dict[str, str], str]:
    """(relative path under INDEX_FOLDER -> file text for every file of the index, the index's version)."""
    pages = list(pages)
    page_rows, section_rows, texts = [], [], []
    postings: dict[str, list[int]] = defaultdict(list)
    last_sid: dict[str, int] = {}
    for page_no, page in enumerate(pages):
        page_rows.append([page.location, page.title, page.boost])
        for section in page.sections:
            sid = len(section_rows)
            # a page's top section is titled as the page itself: written once (on the page), "" here
            same = section.anchor == "" and section.title == page.title
            section_rows.append([page_no, section.anchor, "" if same else section.title])
            texts.append(section.text)
            for gram, count in _grams(section.text.lower()).items():
                post = postings[gram]
                post.append(sid - last_sid.get(gram, 0))
                post.append(count)
                last_sid[gram] = sid
    # text chunks: consecutive sections, up to CHUNK_BYTES each
    chunks: list[list[str]] = [[]]
    chunk_starts, size = [0], 0
    for sid, text in enumerate(texts):
        length = len(text.encode("utf-8"))
        if chunks[-1] and size + length > CHUNK_BYTES:
            chunks.append([])
            chunk_starts.append(sid)
            size = 0
        chunks[-1].append(text)
        size += length
    # shards: a power of two, so that each holds about SHARD_BYTES
    total = sum(len(g) * 3 + len(p) * 3 for g, p in postings.items())
    shard_count = 1
    while total / shard_count > SHARD_BYTES:
        shard_count *= 2
    shards: list[dict[str, list[int]]] = [{} for _ in range(shard_count)]
    for gram, post in postings.items():
        shards[_fnv(gram) % shard_count][gram] = post
    files = {f"g/{n}.js": _script(f"g/{n}", shard) for n, shard in enumerate(shards)}
    files.update({f"t/{n}.js": _script(f"t/{n}", chunk) for n, chunk in enumerate(chunks)})
    body = "".join(files[name] for name in sorted(files))
    meta = {"format": FORMAT, "shards": shard_count, "chunks": chunk_starts, "pages": page_rows,
            "sections": section_rows}
    version = hashlib.sha1((json.dumps(meta, ensure_ascii=False) + body).encode("utf-8")).hexdigest()[:12]
    meta["version"] = version
    files["index.js"] = _script("index", meta)
    return files, version


def write_index(pages: Iterable[PageEntry], site_dir: str | Path) -> str:
    """Write the index under site_dir/search/ledger/ (old files removed); returns its version."""
    folder = Path(site_dir) / INDEX_FOLDER
    files, version = index_files(pages)
    wanted = {folder / name for name in files}
    if folder.is_dir():
        for old in folder.rglob("*.js"):
            if old not in wanted:
                old.unlink()
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return version


def read_script(path: Path):
    """(name, data) of one index file."""
    text = path.read_text(encoding="utf-8")
    comma = text.index(",")
    return json.loads(text[len(CALLBACK) + 1:comma]), json.loads(text[comma + 1:text.rindex(")")])


def read_index(site_dir: str | Path) -> list[dict]:
    """The index a site holds, section by section, as Material's index lists them: location, title, text."""
    folder = Path(site_dir) / INDEX_FOLDER
    _name, meta = read_script(folder / "index.js")
    texts = [t for n in range(len(meta["chunks"])) for t in read_script(folder / "t" / f"{n}.js")[1]]
    pages = meta["pages"]
    return [{"location": pages[page][0] + (f"#{anchor}" if anchor else ""), "title": title or pages[page][1],
             "text": text} for (page, anchor, title), text in zip(meta["sections"], texts)]
