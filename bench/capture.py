"""MkDocs hook used only by the benchmark: writes each page's final Markdown to $BENCH_CAPTURE_DIR.

It runs after every other on_page_markdown handler (the macros included), so what it writes is
what Python-Markdown is about to convert: the "same final Markdown" that project (b) builds from.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

_pages: dict[str, str] = {}


def _out() -> Path:
    return Path(os.environ["BENCH_CAPTURE_DIR"])


@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    target = _out() / "docs" / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    front = f"---\n{yaml.safe_dump(page.meta, allow_unicode=True)}---\n\n" if page.meta else ""
    target.write_text(front + markdown, encoding="utf-8")
    _pages[page.file.src_uri] = page.file.inclusion.name
    return markdown


def on_post_build(config):
    facts = {"site_name": config.site_name, "pages": _pages}
    (_out() / "site.json").write_text(json.dumps(facts, ensure_ascii=False, indent=1), encoding="utf-8")
