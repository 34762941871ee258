"""Material's search index made to find what is typed (see ledger/views/search_segment.py for why).

After Material's search plugin has written search/search_index.json:
- the displayed title and text are cut again with the ledger's names as words (Material's own jieba
  cut is undone first: its zero-width spaces are dropped), each Chinese token ending in an invisible
  joiner, so that no token is plain Chinese and a typed query is searched whole;
- two hidden fields are added (indexed, never shown): `heading`, the substrings' starts of the title,
  and `words`, those of the text; `heading` weighs more, as a title did;
- the separator also cuts "P-" before digits: lunr's query parser splits P-008 into p and 008*, and
  without a token p, 008* finds the pages that name P-008 and no other problem.
Ranking stays lunr's (Material's worker is not changed): a section scores by how many distinct
places of its title and text hold the query, the title's counting FIELDS["heading"] times as much.
"""
from __future__ import annotations

import json
from pathlib import Path

from ledger.views.search_segment import SearchSegmenter, substring_tokens

INDEX_FILE = Path("search") / "search_index.json"
HEADING_FIELD, WORDS_FIELD = "heading", "words"
# Field boosts: the displayed fields only serve highlighting now (their Chinese tokens are whole words
# only), the hidden ones find. Material's defaults were title 1000, text 1.
FIELDS = {"title": {"boost": 1.0}, "text": {"boost": 1.0}, HEADING_FIELD: {"boost": 20.0},
          WORDS_FIELD: {"boost": 1.0}}
# An ID's letter and hyphen (P-008, V-01) are no token: see the module's doc
ID_PREFIX = r"|(?<![A-Za-z0-9])[A-Za-z]-(?=[0-9])"


def improve_index(index: dict, segmenter: SearchSegmenter) -> dict:
    """Material's search index with marked Chinese tokens, the hidden fields and the ID separator."""
    config = index["config"]
    if ID_PREFIX not in config["separator"]:
        config["separator"] = f"(?:{config['separator']}){ID_PREFIX}"
    separator = config["separator"]
    for doc in index["docs"]:
        doc[HEADING_FIELD] = " ".join(sorted(substring_tokens(doc["title"], separator)))
        doc[WORDS_FIELD] = " ".join(sorted(substring_tokens(doc["text"], separator)))
        doc["title"], doc["text"] = segmenter.cut(doc["title"]).text, segmenter.cut(doc["text"]).text
    config["fields"] = {**{name: spec for name, spec in config["fields"].items() if name not in FIELDS}, **FIELDS}
    return index


def rewrite_index(site_dir: str | Path, segmenter: SearchSegmenter) -> None:
    path = Path(site_dir) / INDEX_FILE
    index = json.loads(path.read_text(encoding="utf-8"))
    improved = improve_index(index, segmenter)
    path.write_text(json.dumps(improved, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
