"""MkDocs hook: Chinese search that finds the words people type (see ledger/search_segment.py).

After Material's search plugin has written search/search_index.json, re-cut its Chinese text with
the ledger's own names as dictionary words and add a hidden `words` field (indexed, never shown):
the words inside each token and pairs of neighbouring tokens that lunr does not already index,
and, once in the whole index, the prefixes of every word. The domain terms come from the ledger
the pages are built from (the macros plugin's `ledger`: public or internal, as the build is).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import jieba
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from ledger.search_segment import SearchSegmenter, lone_characters, missing_prefixes
from ledger.search_terms import domain_terms

WORDS_FIELD = "words"
_segmenter: SearchSegmenter | None = None


def on_config(config):
    """Material's search plugin would cut every page with jieba too; on_post_build below cuts the
    whole index again from raw text (it drops Material's zero-width spaces first), so the first cut
    is wasted work (a fifth of a large build): let Material index the raw text."""
    search = config.plugins.get("material/search")
    if search is not None:
        search._segment_chinese = lambda text: text
    return config


def on_files(files, *, config):
    """The ledger is loaded by the macros plugin (on_config); teach jieba its names."""
    global _segmenter
    macros = config.plugins.get("macros")
    ledger = macros.variables.get("ledger") if macros else None
    if ledger is None:
        raise PluginError("hooks/search_words.py 需要 macros 插件提供的 ledger 变量")
    _segmenter = SearchSegmenter(jieba.dt, domain_terms(ledger))
    return files


def _lunr_tokens(text: str, separator: str) -> set[str]:
    """The tokens the browser's lunr makes of a field: markup skipped, cut at the separator, lower case."""
    return {token.lower() for token in re.split(separator, re.sub(r"<[^>]+>", " ", text)) if token}


def improve_index(index: dict, segmenter: SearchSegmenter) -> dict:
    """Material's search index with re-cut Chinese and the hidden words field."""
    words, hidden = [], []
    for doc in index["docs"]:
        title, text = segmenter.cut(doc["title"]), segmenter.cut(doc["text"])
        doc["title"], doc["text"] = title.text, text.text
        words.append(title.words | text.words)
        # what lunr already indexes from the title and text need not be repeated in the hidden field
        hidden.append(words[-1] - _lunr_tokens(title.text + " " + text.text, index["config"]["separator"]))
    lone = lone_characters(segmenter.term_characters, set().union(*words))
    for doc, doc_words, prefixes in zip(index["docs"], hidden, missing_prefixes(words)):
        characters = {char for char in lone if char in doc["title"] or char in doc["text"]}
        doc[WORDS_FIELD] = " ".join(sorted(doc_words | prefixes | characters))
    index["config"]["fields"][WORDS_FIELD] = {"boost": 1.0}
    return index


@event_priority(-50)  # after the search plugin writes the index, before the offline plugin copies it
def on_post_build(*, config):
    if _segmenter is None:
        raise PluginError("hooks/search_words.py: on_files 没有运行")
    path = Path(config.site_dir) / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(improve_index(index, _segmenter), ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")
