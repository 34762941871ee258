"""The ledger plugin for MkDocs: one BuildContext per build, read by every page, generated page and download.

Listed first under `plugins:` in mkdocs.yml (before macros), so that the context exists when the
pages' macros are defined. What it does, event by event:
- on_config: load and judge the records once (ledger/context.py), name the site after the unit;
  under `mkdocs serve` a record mistake does not stop the server: every page shows the check's report
  until the next good save;
- on_files: one page per problem (problems/P-001/, outside the navigation); a public build leaves out
  the evidence files only internal content points to;
- on_page_markdown: a page's "last updated" date also counts the record files it is made from;
- on_post_build: the Word and Excel downloads; the search index re-cut with the ledger's names.

Quiet builds: jieba writes "Building prefix dict…" to stderr through its logger (named "jieba", set to
DEBUG when jieba is imported) and mkdocs-macros writes "[macros] …" INFO lines on every build. On the
first on_config the plugin sets those two loggers to WARNING (mkdocs build -v / serve -v keep them):
logger levels are the one piece of process state this touches, and they change no output file.
"""
from __future__ import annotations

import datetime as dt
import html
import logging
import subprocess
import time
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from ledger.context import DATA_FOLDER, DOCS_FOLDER, BuildContext, BuildOptions
from ledger.exports.downloads import SITE_FOLDER
from ledger.records.errors import LedgerInvalid
from ledger.text import escape_text
from ledger.views.search_segment import SearchSegmenter
from ledger_mkdocs import search
from ledger_mkdocs.config import LedgerConfig

DATES_PLUGIN = "git-revision-date-localized"
# Loggers whose INFO/DEBUG lines an editor does not need on every build (see the module's doc)
CHATTY_LOGGERS = ("jieba", "mkdocs.plugins.mkdocs_macros")
DATES_META = "git_revision_date_localized"


class LedgerPlugin(BasePlugin[LedgerConfig]):
    def __init__(self):
        self.command: str | None = None
        self.context: BuildContext | None = None
        self.failure: str | None = None  # the check's report when the records are broken (serve only)
        self._commit_times: dict[str, int] | None = None  # per build: file -> its last commit (git log)
        self._build_time = 0
        self._segmenter: SearchSegmenter | None = None
        self._segmenter_terms: list[str] = []

    # A plugin with on_startup is kept for the whole `mkdocs serve` session (MkDocs 1.4+)
    def on_startup(self, *, command, dirty):
        self.command = command

    @property
    def serving(self) -> bool:
        return self.command == "serve"

    def _options(self) -> BuildOptions:
        as_of = self.config.as_of
        try:
            day = dt.date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise PluginError(f"mkdocs.yml 里 ledger 插件的 as_of「{as_of}」不是有效日期，应写成 2023-11-20 这种格式") from None
        return BuildOptions(audience=self.config.audience, as_of=day)

    def on_config(self, config):
        quiet_chatty_loggers()
        self._commit_times, self._build_time = None, int(time.time())
        self.context, self.failure = None, None
        try:
            self.context = BuildContext(Path(config.config_file_path).parent, self._options())
        except LedgerInvalid as exc:
            if not self.serving:
                raise PluginError(exc.report()) from None
            self.failure = exc.report()
            return config
        settings = self.context.settings
        # The theme puts site_name into the page as HTML: record text goes in escaped, like every record value
        config.site_name = escape_text(f"{settings.unit}{settings.campaign_short}工作台账", line_breaks=" ")
        return config

    def on_files(self, files: Files, *, config) -> Files:
        if self.context is None:
            return files
        for src_uri, markdown in self.context.problem_pages():
            files.append(File.generated(config, src_uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV))
        for src_uri in sorted(self.context.withheld_files()):
            file = files.get_file_from_path(src_uri)
            if file is not None:
                files.remove(file)
        return files

    @event_priority(100)  # before the macros plugin renders the page
    def _show_failure(self, markdown, *, page, config, files):
        if self.failure is not None:
            page.meta["render_macros"] = False
            return failure_page(self.failure)
        return markdown

    @event_priority(-100)  # after the git-revision-date plugin has dated the page by its own file
    def _date_page(self, markdown, *, page, config, files):
        plugin = config.plugins.get(DATES_PLUGIN)
        if self.context is not None and plugin is not None and plugin.config.get("enabled"):
            sources = [str(path) for path in record_files(page.file.src_uri, self.context.data_dir)]
            if page.file.abs_src_path:
                sources.append(page.file.abs_src_path)
            newest = max(self._commit_time(source) for source in sources)
            dates = plugin.util.get_date_formats_for_timestamp(newest, locale=plugin.config["locale"])
            page.meta[DATES_META] = dates[plugin.config["type"]]
        return markdown

    on_page_markdown = CombinedEvent(_show_failure, _date_page)

    def on_env(self, env, *, config, files):
        if self.serving:  # keep Material's compiled templates between preview rebuilds (keyed by their source)
            env.bytecode_cache = FileSystemBytecodeCache()
        return env

    @event_priority(-50)  # after the search plugin writes its index, before the offline plugin inlines it
    def on_post_build(self, *, config):
        if self.context is None:
            return
        self.context.write_downloads(Path(config.site_dir) / SITE_FOLDER, site_names=True)
        if not self.config.search_index:
            return
        # One memo of cuts, kept while the names stay the same: `mkdocs serve` keeps this plugin between
        # rebuilds, and a save then cuts only the text it changed (a segmenter's cut depends on its names alone)
        terms = self.context.search_terms
        if self._segmenter is None or self._segmenter_terms != terms:
            self._segmenter, self._segmenter_terms = SearchSegmenter(terms), terms
        search.rewrite_index(config.site_dir, self._segmenter)

    # ---- "last updated": the page's own file and the records it is made from ----
    def _commit_time(self, path: str) -> int:
        """Unix time of the last commit of a file; the build time for a file git does not know (outside git,
        not yet committed), as the dates plugin does. One `git log` per build answers for every file."""
        if self._commit_times is None:
            self._commit_times = commit_times(self.context.project_dir)
        relative = Path(path).resolve().relative_to(self.context.project_dir.resolve()).as_posix()
        return self._commit_times.get(relative, self._build_time)


def commit_times(project_dir: Path) -> dict[str, int]:
    """Each file's newest commit time under data/ and docs/ (paths relative to project_dir), from one `git log`."""
    try:
        log = subprocess.run(["git", "log", "--format=%x00%ct", "--name-only", "--no-renames", "--relative",
                              "--", DATA_FOLDER, DOCS_FOLDER], cwd=project_dir, capture_output=True, text=True,
                             check=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    times: dict[str, int] = {}
    stamp = 0
    for line in log.splitlines():
        if line.startswith("\0"):
            stamp = int(line[1:])
        elif line:
            times.setdefault(line, stamp)  # newest first: the first time a file appears is its last commit
    return times


def quiet_chatty_loggers() -> None:
    """jieba's dictionary messages and mkdocs-macros' INFO lines off, unless MkDocs runs verbose (-v)."""
    import jieba  # noqa: F401 - jieba sets its logger's level when first imported: import it before setting ours

    if logging.getLogger("mkdocs").isEnabledFor(logging.DEBUG):
        return
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def record_files(src_uri: str, data_dir: Path) -> list[Path]:
    """The record files a page is built from: docs/X.md (and pages under X/) draw on data/X.yml or the
    records in data/X/ (problems/P-001 on data/problems/P-001.yml alone) and data/settings.yml; a page
    without such records (home, report, board, guide) draws on every record file."""
    parts = src_uri.removesuffix(".md").split("/")
    own_file, own_folder = data_dir / f"{parts[0]}.yml", data_dir / parts[0]
    settings = data_dir / "settings.yml"
    if own_file.is_file():
        return [own_file, settings]
    if own_folder.is_dir():
        one = own_folder / f"{parts[1]}.yml" if len(parts) > 1 else None
        return [one, settings] if one is not None and one.is_file() else [*sorted(own_folder.glob("*.yml")), settings]
    return sorted(data_dir.glob("*.yml")) + sorted(data_dir.glob("*/*.yml"))


def failure_page(report: str) -> str:
    """The page the preview shows while the records have mistakes: the same report `check` prints."""
    lines = report.splitlines()
    items = "\n".join(f"<li>{html.escape(line.strip())}</li>" for line in lines[1:])
    return (f"# 记录有错误，预览暂停更新\n\n"
            f'<div class="ledger-failure" role="alert" markdown>\n\n'
            f"**{html.escape(lines[0])}**\n\n<ol>\n{items}\n</ol>\n\n"
            "改正后保存，这一页会自动刷新为正常内容。在终端运行 <code>./run.sh check</code> 可看到同样的说明。\n\n</div>\n")
