"""Records are parsed once per build, however many parts of the build load them; a rebuild in the
same process (as `mkdocs serve` does after a save) parses only the file that changed."""
import os

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

import ledger
from ledger import cache
from ledger.records import models
from support import article_text, copy_project

pytestmark = pytest.mark.build


@pytest.fixture
def counted(monkeypatch):
    """Counts real parses (by file name) and ledger loads during the builds of one test."""
    counts = {"parsed": [], "loads": 0}
    real_parse, real_load = cache.parse_yaml_file, ledger.load_ledger

    def parse(path, *args, **kwargs):
        counts["parsed"].append(path.name)
        return real_parse(path, *args, **kwargs)

    def load(*args, **kwargs):
        counts["loads"] += 1
        return real_load(*args, **kwargs)

    monkeypatch.setattr(cache, "parse_yaml_file", parse)
    monkeypatch.setattr(ledger, "load_ledger", load)  # macros.py and hooks import it from the package
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return counts


def build_in_process(project, site):
    """One `mkdocs build --strict` in this process, as `mkdocs serve` rebuilds."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def test_each_data_file_is_parsed_once_per_build(tmp_path, counted):
    project = copy_project(tmp_path / "project")
    build_in_process(project, tmp_path / "site")
    assert sorted(counted["parsed"]) == sorted(models.FILE_MODELS)
    assert counted["loads"] >= 1
    assert "P-008" in article_text(tmp_path / "site" / "problems" / "index.html")


def test_a_rebuild_parses_only_the_changed_file_and_shows_the_change(tmp_path, counted):
    project = copy_project(tmp_path / "project")
    build_in_process(project, tmp_path / "site")
    problems = project / "data" / "problems.yml"
    text = problems.read_text(encoding="utf-8")
    assert "灾害性天气提醒不够及时" in text
    problems.write_text(text.replace("灾害性天气提醒不够及时", "灾害性天气提醒不够及时（已改）"), encoding="utf-8")
    counted["parsed"].clear()

    build_in_process(project, tmp_path / "site")
    assert counted["parsed"] == ["problems.yml"]
    assert "灾害性天气提醒不够及时（已改）" in article_text(tmp_path / "site" / "problems" / "index.html")

    counted["parsed"].clear()
    os.utime(problems)  # saved again without a change: nothing to parse
    build_in_process(project, tmp_path / "site")
    assert counted["parsed"] == []
