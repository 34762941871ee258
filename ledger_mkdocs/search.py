"""Material's search index re-cut with the ledger's names (see ledger/views/search_segment.py).

After Material's search plugin has written search/search_index.json, its Chinese text is cut again
with the ledger's own names as words (Material's own jieba cut is undone first: its zero-width spaces
are dropped), and a hidden `words` field is added (indexed, never shown): the words inside each token
and pairs of neighbouring tokens that lunr does not already index, and, once in the whole index, the
prefixes of every word.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ledger.views.search_segment import SearchSegmenter, lone_characters, missing_prefixes

WORDS_FIELD = "words"
INDEX_FILE = Path("search") / "search_index.json"


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


def rewrite_index(site_dir: str | Path, segmenter: SearchSegmenter) -> None:
    path = Path(site_dir) / INDEX_FILE
    index = json.loads(path.read_text(encoding="utf-8"))
    improved = improve_index(index, segmenter)
    path.write_text(json.dumps(improved, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
