"""What a preview keeps between its builds gives what a fresh read gives: the parsed data files (read again when
saved), and the theme's file list (its hidden folders not walked)."""
from __future__ import annotations

import os
import shutil

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from ledger.records.errors import LedgerInvalid
from ledger.records.load import load_ledger
from ledger.records.yamlfile import ParseCache
from ledger_mkdocs.themefiles import ListedTheme, listed_theme
from support import ROOT


@pytest.fixture
def data(tmp_path):
    return shutil.copytree(ROOT / "data", tmp_path / "data")


def _save(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_saved_file_is_read_again_and_the_others_are_kept(data):
    cache = ParseCache()
    first = load_ledger(data, cache=cache)
    assert load_ledger(data, cache=cache) == first == load_ledger(data)
    problem = data / "problems" / "P-002.yml"
    _save(problem, "精细化预报能力不强", "精细化预报能力不强（改过）")
    _save(data / "study.yml", "主题教育专题读书班", "主题教育专题读书班（改过）")
    again = load_ledger(data, cache=cache)
    assert again == load_ledger(data) != first
    assert "（改过）" in again.problem("P-002").description
    assert any("（改过）" in a.title for a in again.activities)


def test_a_save_of_the_same_size_within_the_same_instant_is_still_seen(data):
    """The key holds the inode and the change time too: an editor that saves by writing a new file and renaming
    it over the old one (most do) gives a new inode even when size and modification time are the same."""
    cache = ParseCache()
    load_ledger(data, cache=cache)
    problem = data / "problems" / "P-002.yml"
    stat = problem.stat()
    text = problem.read_text(encoding="utf-8").replace("精细化预报能力不强", "精细化预报能力很强", 1)
    replacement = problem.with_suffix(".new")
    replacement.write_text(text, encoding="utf-8")
    os.utime(replacement, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(replacement, problem)
    assert problem.stat().st_size == stat.st_size and problem.stat().st_mtime_ns == stat.st_mtime_ns
    assert "精细化预报能力很强" in load_ledger(data, cache=cache).problem("P-002").description


def test_a_broken_file_reports_its_error_on_every_load_and_is_read_again_once_mended(data):
    cache = ParseCache()
    load_ledger(data, cache=cache)
    problem = data / "problems" / "P-002.yml"
    good = problem.read_text(encoding="utf-8")
    _save(problem, "status: ", "status: 不存在的状态\nstatus_typo: ")
    for _ in range(2):
        with pytest.raises(LedgerInvalid) as failed:
            load_ledger(data, cache=cache)
        assert [e.file for e in failed.value.errors] == [f.file for f in pytest.raises(LedgerInvalid, load_ledger, data).value.errors]
        assert any(e.file.endswith("P-002.yml") for e in failed.value.errors)
    problem.write_text(good, encoding="utf-8")
    assert load_ledger(data, cache=cache) == load_ledger(data)


def test_the_errors_of_one_load_do_not_stay_on_the_kept_files(data):
    """A record error is added to its file's parsed copy: the next load of the unchanged file starts clean."""
    cache = ParseCache()
    load_ledger(data, cache=cache)
    problem = data / "problems" / "P-002.yml"
    _save(problem, "department: ", "department: 不存在的科室\nold_department: ")
    with pytest.raises(LedgerInvalid):
        load_ledger(data, cache=cache)
    problem.write_text((ROOT / "data" / "problems" / "P-002.yml").read_text(encoding="utf-8"), encoding="utf-8")
    assert load_ledger(data, cache=cache) == load_ledger(data)


def _theme_files(theme, config) -> list[str]:
    files = Files([])
    files.add_files_from_theme(theme.get_env(), config)
    return sorted((file.src_uri, file.abs_src_path) for file in files)


def test_the_listed_theme_gives_the_same_files_and_options():
    config = load_config(str(ROOT / "mkdocs.yml"))
    listed = listed_theme(config.theme)
    assert isinstance(listed, ListedTheme) and listed_theme(listed) is listed
    assert dict(listed) == dict(config.theme)
    assert (listed.dirs, listed.static_templates, listed.custom_dir) == \
        (config.theme.dirs, config.theme.static_templates, config.theme.custom_dir)
    found = _theme_files(listed, config)
    assert found == _theme_files(config.theme, config)
    assert any(src.startswith("assets/") for src, _path in found)
    # an icon Material includes by name still loads from the hidden folder
    assert "<svg" in listed.get_env().get_template(".icons/material/book-open-variant.svg").render()
