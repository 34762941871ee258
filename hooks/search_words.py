"""MkDocs hook: Chinese search that finds the words people type (see ledger/search_segment.py).

After Material's search plugin has written search/search_index.json, re-cut its Chinese text
with the ledger's own names as dictionary words and add a hidden `words` field (not shown in
results) holding every word inside each token, with its prefixes. The domain terms come from
the same ledger the pages are built from (the macros plugin's `ledger`, public or internal).
"""
from __future__ import annotations

import json
from pathlib import Path

import jieba
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from ledger.search_segment import SearchSegmenter, lone_characters, with_prefixes
from ledger.search_terms import domain_terms

WORDS_FIELD = "words"
_segmenter: SearchSegmenter | None = None


def on_files(files, *, config):
    """The ledger is loaded by the macros plugin (on_config); teach jieba its names."""
    global _segmenter
    macros = config.plugins.get("macros")
    ledger = macros.variables.get("ledger") if macros else None
    if ledger is None:
        raise PluginError("hooks/search_words.py 需要 macros 插件提供的 ledger 变量")
    _segmenter = SearchSegmenter(jieba.dt, domain_terms(ledger))
    return files


def improve_index(index: dict, segmenter: SearchSegmenter) -> dict:
    """Material's search index with re-cut Chinese and the hidden words field."""
    doc_words = []
    for doc in index["docs"]:
        doc["title"], title_words = segmenter.cut(doc["title"])
        doc["text"], text_words = segmenter.cut(doc["text"])
        doc_words.append(title_words | text_words)
    lone = lone_characters(segmenter.term_characters, set().union(*doc_words))
    for doc, words in zip(index["docs"], doc_words):
        characters = {char for char in lone if char in doc["title"] or char in doc["text"]}
        doc[WORDS_FIELD] = " ".join(sorted(with_prefixes(words) | characters))
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
