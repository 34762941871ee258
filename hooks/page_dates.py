"""MkDocs hook: a page's "last updated" date also counts the record files the page is made from.

The git-revision-date-localized plugin dates a page by its Markdown file alone, but the figures and tables on a
page come from data/*.yml: an editor who marks a problem rectified changes the 检视整改 page without touching
docs/problems.md. So a page is dated by the newest commit of its own file and of the records it draws on:
docs/X.md (and pages generated under X/) draw on data/X.yml and data/settings.yml (site name, as-of date);
a page without a same-named record file (home, report, board, guide, …) draws on every record file.
Runs after the plugin (hooks come after plugins) and replaces the date it put into the page's meta.
"""
from __future__ import annotations

from pathlib import Path

PLUGIN = "git-revision-date-localized"
META = "git_revision_date_localized"
_timestamps: dict[str, int] = {}


def on_pre_build(config) -> None:
    _timestamps.clear()


def record_files(src_uri: str, data_dir: Path) -> list[Path]:
    """The record files a page is built from, by the naming convention above."""
    own = data_dir / (src_uri.split("/")[0].removesuffix(".md") + ".yml")
    if own.is_file():
        return [own, data_dir / "settings.yml"]
    return sorted(data_dir.glob("*.yml"))


def _timestamp(util, path: str) -> int:
    """Unix time of the last commit of a file (the build time outside git), once per build."""
    if path not in _timestamps:
        _timestamps[path] = int(util.get_git_commit_timestamp(path)[1])
    return _timestamps[path]


def on_page_markdown(markdown: str, page, config, files) -> str:
    plugin = config.plugins.get(PLUGIN)
    if plugin is None or not plugin.config.get("enabled"):
        return markdown
    data_dir = Path(config.config_file_path).parent / "data"
    sources = [str(path) for path in record_files(page.file.src_uri, data_dir)]
    if page.file.abs_src_path:
        sources.append(page.file.abs_src_path)
    newest = max(_timestamp(plugin.util, source) for source in sources)
    dates = plugin.util.get_date_formats_for_timestamp(newest, locale=plugin.config["locale"])
    page.meta[META] = dates[plugin.config["type"]]
    return markdown
