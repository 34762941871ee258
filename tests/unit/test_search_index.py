"""The site's search index files (ledger/views/search_index.py): sections, shards, chunks, version.

How a query is answered from them is the worker's business, tested in Chromium (tests/browser/test_search.py,
test_scale.py, test_offline_bundle.py); here: the files hold what the worker relies on.
"""
from __future__ import annotations

import json

from ledger.views import search_index
from ledger.views.search_index import CALLBACK, page_entry


def _data(text: str):
    assert text.startswith(CALLBACK + "(")
    name_end = text.index(",")
    return json.loads(text[len(CALLBACK) + 1:name_end]), json.loads(text[name_end + 1:text.rindex(")")])


CONTENT = ('<h1 id="jian-shi">检视整改</h1><p>坚持问题导向 &amp; 整改</p><script>var x = "不收录";</script>'
           '<h2 id="list">问题清单</h2><table><tr><td>P-008</td><td>柏坑水库扩容</td></tr></table>'
           '<h3>没有 id 的小标题</h3><p>仍属上一节</p>')


def test_a_page_is_cut_into_its_top_and_a_section_per_heading_with_an_id():
    entry = page_entry("problems/", "检视整改", CONTENT, boost=0.5)
    assert [(s.anchor, s.title) for s in entry.sections] == [("", "检视整改"), ("list", "问题清单")]
    top, listing = entry.sections
    assert top.text == "坚持问题导向 & 整改"  # markup gone, entities read, scripts left out
    assert "P-008 柏坑水库扩容" in listing.text and "没有 id 的小标题 仍属上一节" in listing.text
    assert entry.boost == 0.5


def _fnv_shard(gram: str, shards: int) -> int:
    return search_index._fnv(gram) % shards


def test_every_character_and_pair_of_characters_leads_to_the_sections_holding_it(monkeypatch):
    monkeypatch.setattr(search_index, "SHARD_BYTES", 200)  # several shards even for a small site
    monkeypatch.setattr(search_index, "CHUNK_BYTES", 40)
    pages = [page_entry("problems/", "检视整改", CONTENT), page_entry("study/", "理论学习", "<p>专题读书班 读书</p>")]
    files, version = search_index.index_files(pages)
    name, meta = _data(files["index.js"])
    assert name == "index" and meta["version"] == version
    assert meta["pages"] == [["problems/", "检视整改", 1.0], ["study/", "理论学习", 1.0]]
    assert [s[:2] for s in meta["sections"]] == [[0, ""], [0, "list"], [1, ""]]
    assert meta["shards"] > 1 and len(meta["chunks"]) > 1

    texts = []
    for n, start in enumerate(meta["chunks"]):
        chunk_name, chunk = _data(files[f"t/{n}.js"])
        assert chunk_name == f"t/{n}" and len(texts) == start
        texts += chunk
    assert texts[2] == "专题读书班 读书"

    def sections_with(gram: str) -> dict[int, int]:
        _name, shard = _data(files[f"g/{_fnv_shard(gram, meta['shards'])}.js"])
        post, found, sid = shard.get(gram, []), {}, 0
        for delta, count in zip(post[::2], post[1::2]):
            sid += delta
            found[sid] = count
        return found

    assert sections_with("读书") == {2: 2}
    assert sections_with("扩容") == {1: 1}
    assert sections_with("桃") == {}
    assert sections_with("书") == {2: 2}
    assert sections_with("p-") == {1: 1}  # lower case: queries are lowered too
    assert " " not in "".join(g for n in range(meta["shards"]) for g in _data(files[f"g/{n}.js"])[1])


def test_the_version_changes_with_the_text_and_only_with_it():
    one, _ = search_index.index_files([page_entry("a/", "甲", "<p>一</p>")])
    again, _ = search_index.index_files([page_entry("a/", "甲", "<p>一</p>")])
    other, _ = search_index.index_files([page_entry("a/", "甲", "<p>二</p>")])
    assert _data(one["index.js"]) == _data(again["index.js"])
    assert _data(one["index.js"])[1]["version"] != _data(other["index.js"])[1]["version"]


def test_writing_the_index_replaces_the_files_of_an_older_one(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "CHUNK_BYTES", 40)
    big = [page_entry(f"p{n}/", "页", "<p>" + "字" * 20 + f"{n}</p>") for n in range(4)]
    search_index.write_index(big, tmp_path)
    chunks = sorted((tmp_path / search_index.INDEX_FOLDER / "t").glob("*.js"))
    assert len(chunks) > 1
    search_index.write_index([page_entry("a/", "甲", "<p>一</p>")], tmp_path)
    assert sorted(p.name for p in (tmp_path / search_index.INDEX_FOLDER / "t").glob("*.js")) == ["0.js"]
