"""Outputs remembered across builds (ledger/buildcache.py): keys, atomic entries, reuse of downloads and cuts."""
from __future__ import annotations

import dataclasses
import os
import time
import zipfile

import jieba
import openpyxl
import pytest

from ledger import buildcache, downloads, load_ledger, report_template
from ledger.search_segment import SearchSegmenter


@pytest.fixture(scope="module")
def sample(root):
    return load_ledger(root / "data")


@pytest.fixture(scope="module")
def template(root):
    return report_template.load_template(root / report_template.DEFAULT_TEMPLATE)


def test_the_cache_lives_in_the_project_unless_moved_or_switched_off(tmp_path):
    assert buildcache.cache_root(tmp_path, {}) == tmp_path / ".cache" / "ledger"
    assert buildcache.cache_root(tmp_path, {"LEDGER_CACHE_DIR": "/elsewhere"}).as_posix() == "/elsewhere"
    assert buildcache.cache_root(tmp_path, {"LEDGER_CACHE_DIR": "off"}) is None
    assert not buildcache.Store(None, "downloads").enabled


def test_digests_tell_apart_inputs_that_only_concatenate_alike():
    assert buildcache.digest(["ab", "c"]) != buildcache.digest(["a", "bc"])
    assert buildcache.digest(["a", b"b"]) == buildcache.digest([b"a", "b"])


def test_the_ledger_digest_follows_every_record_value(sample, root):
    assert buildcache.ledger_digest(sample) == buildcache.ledger_digest(load_ledger(root / "data"))
    problem = sample.problems[0]
    changed = dataclasses.replace(sample, problems=(problem.model_copy(update={"description": problem.description + "。"}),
                                                    *sample.problems[1:]))
    assert buildcache.ledger_digest(changed) != buildcache.ledger_digest(sample)
    moved = dataclasses.replace(sample, problems=tuple(reversed(sample.problems)))
    assert buildcache.ledger_digest(moved) != buildcache.ledger_digest(sample)


def test_an_entry_is_seen_only_once_complete_and_put_replaces_it(tmp_path):
    store = buildcache.Store(tmp_path, "kind")
    assert store.get("k") is None
    (tmp_path / "kind" / "half").mkdir(parents=True)  # a folder without its completion mark
    assert store.get("half") is None
    store.put("k", {"a.txt": b"one"})
    assert (store.get("k") / "a.txt").read_bytes() == b"one"
    store.put("k", {"a.txt": b"two"})
    assert (store.get("k") / "a.txt").read_bytes() == b"two"
    assert not [p for p in (tmp_path / "kind").iterdir() if p.name.startswith(".")]  # no staging left


def test_only_the_most_recently_used_entries_are_kept(tmp_path):
    store = buildcache.Store(tmp_path, "kind", keep=2)
    store.put("first", {"f": b"1"})
    store.put("second", {"f": b"2"})
    _age(tmp_path / "kind" / "first", 100)
    _age(tmp_path / "kind" / "second", 50)
    assert store.get("first") is not None  # used again: now the newest
    store.put("third", {"f": b"3"})
    assert sorted(p.name for p in (tmp_path / "kind").iterdir()) == ["first", "third"]


def _age(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_cache_that_cannot_be_written_never_fails_the_build(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = buildcache.Store(blocker, "kind")
    store.put("k", {"a": b"x"})  # no exception
    assert store.get("k") is None


def _cell_values(path):
    workbook = openpyxl.load_workbook(path, read_only=True)
    return {cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row}


def _zip_parts(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


def test_downloads_come_from_the_cache_when_records_template_and_code_are_the_same(
        tmp_path, sample, template, monkeypatch):
    store = buildcache.Store(tmp_path / "cache", "downloads")
    first = downloads.write_exports(sample, template, tmp_path / "first", site_names=True, cache=store)

    def must_not_write(*args):
        raise AssertionError("the cached files should have been used")
    monkeypatch.setattr(downloads, "_write_files", must_not_write)
    second = downloads.write_exports(sample, template, tmp_path / "second", site_names=True, cache=store)
    assert [p.name for p in second] == ["report.docx", "ledger.xlsx"]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    chinese_names = downloads.write_exports(sample, template, tmp_path / "named", cache=store)
    assert [p.name for p in chinese_names] == [d.save_as for d in downloads.downloads_for(sample)]


def test_changed_records_or_a_damaged_entry_make_the_downloads_again(tmp_path, sample, template):
    store = buildcache.Store(tmp_path / "cache", "downloads")
    old_docx, old_xlsx = downloads.write_exports(sample, template, tmp_path / "old", site_names=True, cache=store)
    problem = sample.problems[0]
    changed = dataclasses.replace(sample, problems=(
        problem.model_copy(update={"description": "改过的问题描述"}), *sample.problems[1:]))
    new_docx, new_xlsx = downloads.write_exports(changed, template, tmp_path / "new", site_names=True, cache=store)
    assert "改过的问题描述" in _cell_values(new_xlsx)
    assert "改过的问题描述" not in _cell_values(old_xlsx)

    for entry in (tmp_path / "cache" / "downloads").iterdir():
        (entry / "ledger.xlsx").unlink()  # complete, but a file is missing
    again = downloads.write_exports(sample, template, tmp_path / "again", site_names=True, cache=store)
    assert _zip_parts(again[1]) == _zip_parts(old_xlsx)


class NoTokenizer:
    """Stands in for jieba when every run is known: any use of it fails the test."""

    def __getattr__(self, name):
        raise AssertionError(f"jieba was used ({name}) although every run was known")


def test_known_runs_are_reused_without_loading_jieba():
    text = "开展主题教育专题读书班，撰写调研报告。Word 文件"
    fresh = SearchSegmenter(jieba.Tokenizer(), ["读书班"])
    expected = fresh.cut(text)
    assert fresh.new_runs == 3
    reused = SearchSegmenter(NoTokenizer(), ["读书班"], known_runs=fresh.runs)
    assert reused.cut(text) == expected
    assert reused.new_runs == 0


def test_only_the_runs_of_this_build_are_handed_on():
    first = SearchSegmenter(jieba.Tokenizer(), [])
    first.cut("检视整改")
    first.cut("建章立制")
    second = SearchSegmenter(jieba.Tokenizer(), [], known_runs=first.runs)
    second.cut("建章立制，理论学习")
    assert set(second.runs) == {"建章立制", "理论学习"}
    assert second.new_runs == 1


def test_runs_cut_in_the_helper_are_learned_and_then_not_cut_again():
    text = "撰写调研报告，建立长效机制"
    reference = SearchSegmenter(jieba.Tokenizer(), ["长效机制"]).cut(text)
    here = SearchSegmenter(NoTokenizer(), ["长效机制"])
    unknown = here.unknown_runs([text, "调研报告\u200b"])
    assert unknown == ["撰写调研报告", "建立长效机制", "调研报告"]
    elsewhere = SearchSegmenter(jieba.Tokenizer(), ["长效机制"])  # stands for the helper process
    here.learn({run: elsewhere.cut_run(run) for run in unknown})
    assert here.unknown_runs([text]) == []
    assert here.cut(text) == reference
    assert here.new_runs == 3  # learned cuts are new to the cache
