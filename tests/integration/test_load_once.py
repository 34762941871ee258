"""The records are loaded and judged once per build, by the build context that every page, generated page
and download reads; a rebuild in the same process (as `mkdocs serve` does after a save) loads them again
and shows the change."""
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from ledger import context as build_context
from ledger.records import load as loader
from support import article_text, copy_project

pytestmark = pytest.mark.build


@pytest.fixture
def counted(monkeypatch):
    """Counts ledger loads and file parses during the builds of one test."""
    counts = {"loads": 0, "parsed": []}
    real_load, real_parse = build_context.load_ledger, loader.parse_yaml_file

    def load(*args, **kwargs):
        counts["loads"] += 1
        return real_load(*args, **kwargs)

    def parse(path, *args, **kwargs):
        counts["parsed"].append(path.name)
        return real_parse(path, *args, **kwargs)

    monkeypatch.setattr(build_context, "load_ledger", load)
    monkeypatch.setattr(loader, "parse_yaml_file", parse)
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


def test_the_ledger_is_loaded_once_per_build_and_each_file_parsed_once(tmp_path, counted):
    project = copy_project(tmp_path / "project")
    build_in_process(project, tmp_path / "site")
    assert counted["loads"] == 1
    data_files = sorted(p.name for p in (project / "data").rglob("*.yml"))
    assert sorted(counted["parsed"]) == data_files
    assert "P-008" in article_text(tmp_path / "site" / "problems" / "index.html")
    assert (tmp_path / "site" / "problems" / "P-008" / "index.html").is_file()


def test_a_rebuild_loads_again_and_shows_the_change(tmp_path, counted):
    project = copy_project(tmp_path / "project")
    build_in_process(project, tmp_path / "site")
    problem = next((project / "data" / "problems").glob("*.yml"))
    text = problem.read_text(encoding="utf-8")
    first_line = next(line for line in text.splitlines() if line.startswith("description: "))
    problem.write_text(text.replace(first_line, first_line + "（已改）"), encoding="utf-8")
    build_in_process(project, tmp_path / "site")
    assert counted["loads"] == 2
    assert first_line.removeprefix("description: ") + "（已改）" in article_text(
        tmp_path / "site" / "problems" / "index.html")
