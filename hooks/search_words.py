"""MkDocs hook: Chinese search that finds the words people type (see ledger/search_segment.py).

After Material's search plugin has written search/search_index.json, re-cut its Chinese text with
the ledger's own names as dictionary words and add a hidden `words` field (indexed, never shown):
the words inside each token and pairs of neighbouring tokens that lunr does not already index,
and, once in the whole index, the prefixes of every word. The domain terms come from the ledger
the pages are built from (the macros plugin's `ledger`: public or internal, as the build is).

The cut of each run of Chinese characters is kept in .cache/ledger/search/ (ledger/buildcache.py),
keyed by those names, jieba's dictionary and the code: a build whose text was all seen before does not
load jieba at all.
"""
from __future__ import annotations

import json
import marshal
import os
import re
from pathlib import Path

import jieba
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from ledger import background, buildcache
from ledger.audience import AUDIENCE_VARIABLE
from ledger.search_segment import (Runs, SearchSegmenter, cut_in_helper, load_dictionary_in_helper,
                                   lone_characters, missing_prefixes, prepare_in_helper)
from ledger.search_terms import domain_terms

WORDS_FIELD = "words"
RUNS_FILE = "runs.marshal"
_segmenter: SearchSegmenter | None = None
_cache: tuple[buildcache.Store, str] | None = None  # where this build's cuts are remembered, and the key
_PROJECT = Path(__file__).resolve().parent.parent
# What a page's text can come from; if none of it changed since a finished build, no new text is expected
_TEXT_SOURCES = ("data", "docs", "templates", "overrides", "macros.py", "mkdocs.yml")
_started_from: str | None = None  # digest of those files when this build started
_new_text_expected = True  # unless those files are those of a recent finished build


def on_startup(command, dirty):
    """`mkdocs build` whose files differ from every recent finished build: start loading jieba's
    dictionary in the helper at once, before the records are read. Later is too late for a small
    site, whose pages take about as long to build as the dictionary takes to load."""
    global _started_from, _new_text_expected
    _started_from, _new_text_expected = None, True
    helper = background.shared()
    if command != "build" or not helper.enabled:
        return
    _started_from = _files_digest(_PROJECT)
    _new_text_expected = _startup_store().get(_started_from) is None
    if _new_text_expected:
        helper.submit(load_dictionary_in_helper)


def _startup_store() -> buildcache.Store:
    return buildcache.Store(buildcache.cache_root(_PROJECT), "finished-builds")


def _files_digest(project: Path) -> str:
    paths: list[Path] = []
    for name in _TEXT_SOURCES:
        path = project / name
        if path.is_dir():
            paths += sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            paths.append(path)
    parts = [buildcache.code_fingerprint(), os.environ.get(AUDIENCE_VARIABLE, "")]
    for path in paths:
        parts += [path.relative_to(project).as_posix(), path.read_bytes()]
    return buildcache.digest(parts)


@event_priority(-100)  # after the search plugin's on_config, which makes the index object
def on_config(config):
    """Material's search plugin would cut every page with jieba too; on_post_build below cuts the
    whole index again from raw text (it drops Material's zero-width spaces first), so the first cut
    is wasted work (a fifth of a large build, and jieba's dictionary load): let Material index the
    raw text. The cut is a method of the plugin's SearchIndex, made in the plugin's on_config."""
    search = config.plugins.get("material/search")
    index = getattr(search, "search_index", None)
    if index is None or not hasattr(index, "_segment_chinese"):
        raise PluginError("hooks/search_words.py：Material 搜索插件的内部结构变了（SearchIndex._segment_chinese），请检查版本")
    index._segment_chinese = lambda text: text
    return config


def on_files(files, *, config):
    """The ledger is loaded by the macros plugin (on_config); teach jieba its names."""
    global _segmenter, _cache
    macros = config.plugins.get("macros")
    ledger = macros.variables.get("ledger") if macros else None
    if ledger is None:
        raise PluginError("hooks/search_words.py 需要 macros 插件提供的 ledger 变量")
    terms = domain_terms(ledger)
    store = buildcache.Store(buildcache.cache_root(Path(config.config_file_path).parent), "search")
    key = buildcache.digest([buildcache.code_fingerprint(), *_dictionary_identity(config), *terms])
    _cache = (store, key)
    _segmenter = SearchSegmenter(jieba.dt, terms, _remembered_runs(store, key))
    helper = background.shared()
    if helper.enabled and _new_text_expected:
        # the helper, loading jieba since startup, also learns the names while the pages are built
        # (a rebuild of the same files needs no jieba at all)
        helper.submit(prepare_in_helper, _segmenter.terms)
    return files


def _dictionary_identity(config) -> list[str]:
    """jieba's main dictionary and the search plugin's dictionaries, as file names with size and time."""
    search = config.plugins.get("material/search")
    names = [jieba.dt.dictionary or os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)]
    if search is not None:
        names += [search.config.jieba_dict or "", search.config.jieba_dict_user or ""]
    identity = []
    for name in names:
        try:
            stat = os.stat(name)
            identity.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
        except (OSError, TypeError, ValueError):
            identity.append(str(name))
    return identity


def _remembered_runs(store: buildcache.Store, key: str) -> Runs:
    """The cuts an earlier build made with the same names, dictionary and code."""
    entry = store.get(key)
    if entry is None:
        return {}
    try:
        runs = marshal.loads((entry / RUNS_FILE).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}  # unreadable: cut everything again
    return runs if isinstance(runs, dict) else {}


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
    if _segmenter is None or _cache is None:
        raise PluginError("hooks/search_words.py: on_files 没有运行")
    path = Path(config.site_dir) / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    helper = background.shared()
    if helper.enabled:
        unknown = _segmenter.unknown_runs(text for doc in index["docs"] for text in (doc["title"], doc["text"]))
        if unknown:
            _segmenter.learn(helper.submit(cut_in_helper, _segmenter.terms, unknown).get())
    path.write_text(json.dumps(improve_index(index, _segmenter), ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")
    if _started_from is not None:
        _startup_store().put(_started_from, {})
    if _segmenter.new_runs:  # remember this build's cuts (only these, so the entry does not grow)
        store, key = _cache
        store.put(key, {RUNS_FILE: marshal.dumps(_segmenter.runs)})
