"""The ledger plugin for MkDocs: one BuildContext per build, read by every page, generated page and download.

Listed first under `plugins:` in mkdocs.yml (before macros), so that the context exists when the
pages' macros are defined. What it does, event by event:
- on_config: the tool's theme overrides, stylesheets and scripts (ledger_mkdocs/theme, assets); load and judge
  the records once (ledger/context.py), name the site after the unit;
  under `mkdocs serve` a record mistake does not stop the server: every page shows the check's report
  until the next good save;
- on_files: one page per problem (problems/P-001/, outside the navigation); the editors' guide (guide.md, the
  tool's page made for this ledger: ledger/guide/); a public build leaves out
  the evidence files only internal content points to; the internal build (not the public one, not the
  offline bundle: `editor: {enabled: false}` there) gets the form editor at admin/ (ledger/editor/decap.py);
- on_page_markdown: under `mkdocs serve` with broken records, the check's report instead of the page;
- on_page_content: a page's "last updated" date also counts the record files it is made from (after the
  dates plugin has set the page file's own), with the 截至 date beside it;
- on_post_build: the Word and Excel downloads, the calendar feeds (internal build only); the search index
  re-cut with the ledger's names.

Preview (`mkdocs serve --dirty`): the plugin instance lives for the whole session and keeps what a save leaves as
it was: the data files as parsed (ParseCache: a file is parsed again when saved), the problem pages' Markdown
(made again when what they read changed), the form editor's configuration, what each page read (ledger/reads.py);
a save remakes only the pages it reaches. Long HTML tables bypass Python-Markdown (blocks.py); the theme's file
list skips Material's hidden icon folders (themefiles.py, also in a site build).

Quiet builds: jieba writes "Building prefix dict…" to stderr through its logger (named "jieba", set to
DEBUG when jieba is imported) and mkdocs-macros writes "[macros] …" INFO lines on every build. On the
first on_config the plugin sets those two loggers to WARNING (mkdocs build -v / serve -v keep them):
logger levels are the one piece of process state this touches, and they change no output file.
"""
from __future__ import annotations

import datetime as dt
import html
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import markupsafe
from jinja2 import FileSystemBytecodeCache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from ledger.context import DATA_FOLDER, DOCS_FOLDER, BuildContext, BuildOptions
from ledger.editor.decap import EditorSettings, config_yaml, index_html
from ledger.exports.downloads import SITE_FOLDER
from ledger.guide import GUIDE_PAGE, guide_markdown
from ledger.reads import ALL, SETTINGS, ReadLog, declared_kinds, figures_changed, kinds_of_file
from ledger.records.errors import LedgerInvalid
from ledger.records.load import load_campaign
from ledger.records.models import Limits
from ledger.records.yamlfile import ParseCache
from ledger.text import cn_date
from ledger.views.problem_page import page_path
from ledger_mkdocs import search
from ledger_mkdocs.blocks import HtmlBlocks
from ledger_mkdocs.config import LedgerConfig
from ledger_mkdocs.themefiles import listed_theme

log = get_plugin_logger(__name__)
DATES_PLUGIN = "git-revision-date-localized"
# Loggers whose INFO/DEBUG lines an editor does not need on every build (see the module's doc)
CHATTY_LOGGERS = ("jieba", "mkdocs.plugins.mkdocs_macros")
EDITOR_FOLDER = "admin"
# What the tool adds to every unit's site (README “一个新单位的台账”): the files under assets/ keep their paths
# in the site (stylesheets/ledger.css …); theme/ holds the theme's template overrides (the title's escaping, the 404)
PACKAGE_DIR = Path(__file__).parent
ASSETS = PACKAGE_DIR / "assets"
THEME_DIR = PACKAGE_DIR / "theme"
# The vendored Decap CMS bundle (editor/vendor.sh), served at admin/vendor/decap-cms/ of the internal build
EDITOR_VENDOR = f"{EDITOR_FOLDER}/vendor/decap-cms"
# In this order, before a unit's own extra_css / extra_javascript (a unit's rules can then override the tool's)
# (accessibility.css: theme red, focus, link underlines, narrow screens and large text, WCAG 2.1 AA; keyboard.js: the
# narrow header's menu and search buttons work from the keyboard)
EXTRA_CSS = ("stylesheets/ledger.css", "stylesheets/report.css", "stylesheets/print.css",
             "stylesheets/print-tables.css", "stylesheets/tracker.css", "stylesheets/page-dates.css",
             "stylesheets/problem-filter.css", "stylesheets/accessibility.css")
# (problem-filter.js: the problem list's filters by 责任科室, 整改状态 and the tracker's marks)
EXTRA_JAVASCRIPT = ("javascripts/vendor/tablesort/tablesort.min.js", "javascripts/vendor/tablesort/tablesort.number.min.js",
                    "javascripts/tablesort-init.js", "javascripts/problem-filter.js", "javascripts/keyboard.js")
# The offline bundle's search runs its worker under file:// through this shim (npm iframe-worker 1.0.4, MIT):
# named in extra.polyfills, Material's offline plugin adds no CDN address of its own
IFRAME_WORKER = "vendor/iframe-worker/shim.js"
TOOL_FOLDERS = (PACKAGE_DIR.parent / "ledger", PACKAGE_DIR)
DATES_META = "git_revision_date_localized"
DOWNLOADS, SEARCH = "downloads", "search"
PROBLEM_PAGES = "problems/*"  # the read log's name for every problem's own page
INPUT_FOLDERS = ("data", "templates")


class LedgerPlugin(BasePlugin[LedgerConfig]):
    def __init__(self):
        self.command: str | None = None
        self.context: BuildContext | None = None
        self.failure: LedgerInvalid | None = None  # the check's findings when the records are broken (serve only)
        # from the last good build of a `mkdocs serve` session: while the records are broken, the site keeps
        # its name and every page (problem pages too) stays where it was and shows the check's report
        self._site_name: str | None = None
        self._generated: tuple[str, ...] = ()
        self._guide_made: tuple | None = None  # (campaign, settings, the guide's Markdown) of the last build
        self._commit_times: dict[str, int] | None = None  # per build: file -> its last commit (git log)
        self._build_time = 0
        self._dev_addr = "127.0.0.1:8000"
        self.dirty = False
        # Kept across the builds of one `mkdocs serve --dirty` session (see "Preview" in the module's doc)
        self.reads = ReadLog()                   # page -> the kinds and figures its macros read
        self._inputs: dict[str, tuple[int, int]] | None = None  # data/ and templates/ files when last loaded
        self._changed: set[str] = {ALL}          # what the last save changed: kinds, settings, or ALL
        self._pages_dir: Path | None = None      # the problem pages as files, rewritten only when they change
        self._written: dict[str, str] = {}
        self._problem_markdown: dict[str, str] = {}  # the problem pages as last made
        self._figures_before = None
        self.parsed = ParseCache()               # the data files as parsed, read again only when saved
        self._editor_texts = EditorTexts()       # the form editor's page and configuration
        self.blocks = HtmlBlocks()  # while previewing: the HTML tables of the page being made (blocks.py)
        self.search = search.SiteSearch()  # each page's sections for the search index (kept while previewing)
        # work a preview leaves until a reader asks for it: the downloads, the search index
        self._lock = threading.Lock()
        self._stale: set[str] = set()
        self._site_dir = ""
        self._made_from = None

    # A plugin with on_startup is kept for the whole `mkdocs serve` session (MkDocs 1.4+)
    def on_startup(self, *, command, dirty):
        self.command = command
        self.dirty = dirty

    def on_shutdown(self):
        if self._pages_dir is not None:
            shutil.rmtree(self._pages_dir, ignore_errors=True)

    @property
    def incremental(self) -> bool:
        """`mkdocs serve --dirty`: a save remakes only the pages it reaches (MkDocs skips the others)."""
        return self.serving and self.dirty

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
        config = self._load(config)  # a build with broken records stops here
        config.theme = listed_theme(config.theme)  # the same theme, its hidden folders not walked (themefiles.py)
        add_tool_assets(config)
        if self.serving:  # the preview also reloads after a change to the tool's own code
            config.watch.extend(str(folder) for folder in TOOL_FOLDERS if str(folder) not in config.watch)
        return config

    def _load(self, config):
        quiet_chatty_loggers()
        self._commit_times, self._build_time = None, int(time.time())
        self._records_times: dict[tuple[Path, ...], int] = {}  # per build: a page's record files -> their newest commit
        self._every_record: list[Path] | None = None  # per build: every record file (the summary pages' dates)
        self._dev_addr = config.dev_addr  # the preview's address: the form editor's site in local mode
        project_dir = Path(config.config_file_path).parent
        inputs = input_files(project_dir)
        if self.incremental and self.context is not None and self.failure is None and inputs == self._inputs:
            self._changed = set()  # a docs page saved: MkDocs remakes it; the records are as they were
            config.site_name = self._site_name
            return config
        self._changed = changed_kinds(self._inputs, inputs) if self.incremental and self.failure is None else {ALL}
        self._inputs = inputs
        if not self.incremental:
            self.search = search.SiteSearch()
        self._figures_before = self.context.figures if self.context is not None else None
        self.context, self.failure = None, None
        try:
            self.context = BuildContext(project_dir, self._options(), parsed=self.parsed if self.serving else None)
            self.context.reads = self.reads
            self.context.report  # a site build shows the report: a mistake in its prose fails it here, located
        except LedgerInvalid as exc:
            if not self.serving:
                raise PluginError(exc.report()) from None
            self.context, self.failure, self._changed = None, exc, {ALL}
            log.info("记录有错误，预览的每一页都显示检查报告，改正后保存即恢复：\n%s", exc.report())
            if self._site_name is not None:
                config.site_name = self._site_name
            return config
        settings = self.context.settings
        # The theme prints site_name into HTML, mostly as it is and in a few places through its `e` filter:
        # escaped once and marked as such (Markup), it reads right in both (`e` leaves Markup alone)
        config.site_name = markupsafe.escape(f"{settings.unit}{settings.campaign_short}工作台账".replace("\n", " "))
        self._site_name = config.site_name
        return config

    def _campaign(self, config):
        """The campaign definition, also while other records are broken (the editor's selects need its words)."""
        if self.context is not None:
            return self.context.campaign
        try:
            return load_campaign(Path(config.config_file_path).parent / DATA_FOLDER)
        except LedgerInvalid:
            return None

    def on_files(self, files: Files, *, config) -> Files:
        add_asset_files(files, config)
        if self.editor_wanted:  # also while the records are broken: the editor is one way to mend them
            limits = self.context.full.settings.limits if self.context is not None else Limits()
            add_editor(files, config, self._editor_texts(self.editor_settings(), self._campaign(config),
                                                         tuple(limits.evidence_types)))
        if self.context is None:  # broken records while serving: the pages of the last good build, to show the report
            for src_uri in self._generated:
                files.append(File.generated(config, src_uri, content="", inclusion=inclusion_of(src_uri)))
            add_guide(files, config, "")
        else:
            if self.incremental:
                self._add_problem_files(files, config)
            else:
                pages = self._tool_pages(files)
                self._generated = tuple(src_uri for src_uri, _markdown in pages)
                for src_uri, markdown in pages:
                    files.append(File.generated(config, src_uri, content=markdown, inclusion=inclusion_of(src_uri)))
            for src_uri in sorted(self.context.withheld_files()):
                file = files.get_file_from_path(src_uri)
                if file is not None:
                    files.remove(file)
        if self.config.search_index:  # every page in, the problem pages too: the index lists them in this order
            self.search.files(files, config)
        if self.incremental:
            self._mark_pages_to_remake(files)
        return files

    # ---- Preview: a save remakes the pages it reaches ----
    # `mkdocs serve --dirty` makes a page again when its source file is newer than its HTML (or the HTML is
    # missing). The problem pages are written as files (only those whose text changed); a docs page whose
    # macros read a kind the save changed (ledger/reads.py) has its HTML removed before the build, so MkDocs
    # makes it again. The downloads and the search index are made when a reader asks for them (on_serve).
    def _tool_pages(self, files: Files) -> list[tuple[str, str]]:
        """The pages the plugin makes: one per problem, and the editors' guide unless the unit has its own."""
        pages = list(self.context.problem_pages())
        if files.get_file_from_path(GUIDE_PAGE) is None:
            pages.append((GUIDE_PAGE, self._guide()))
        return pages

    def _guide(self) -> str:
        """The guide for this ledger (ledger/guide/), made again only when its campaign or settings changed."""
        ledger = self.context.ledger
        if self._guide_made is None or self._guide_made[:2] != (ledger.campaign, ledger.settings):
            self._guide_made = (ledger.campaign, ledger.settings, guide_markdown(ledger))
        return self._guide_made[2]

    def _add_problem_files(self, files: Files, config) -> None:
        """The plugin's pages as files: one per problem (made again only when what they read changed) and the guide;
        a page's file is written only when its text changed (MkDocs then makes its HTML again)."""
        if self._pages_dir is None:
            self._pages_dir = Path(tempfile.mkdtemp(prefix="ledger-pages-"))
        if self.reads.pages_reading(self._changed, [PROBLEM_PAGES]):  # else: what they read is as it was
            self.reads.start(PROBLEM_PAGES)  # what the problem pages read is noted under PROBLEM_PAGES
            try:
                self._problem_markdown = dict(self.context.problem_pages(tracked=True))
            finally:
                self.reads.stop()
        pages = dict(self._problem_markdown)
        if files.get_file_from_path(GUIDE_PAGE) is None:
            pages[GUIDE_PAGE] = self._guide()
        for src_uri in set(self._written) - set(pages):
            (self._pages_dir / src_uri).unlink(missing_ok=True)
            del self._written[src_uri]
        for src_uri, markdown in pages.items():
            if self._written.get(src_uri) != markdown:
                path = self._pages_dir / src_uri
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(markdown, encoding="utf-8")
                self._written[src_uri] = markdown
            file = File(src_uri, str(self._pages_dir), config.site_dir, config.use_directory_urls,
                        inclusion=inclusion_of(src_uri))
            file.generated_by = "ledger"  # made by this plugin (git knows no commit of it)
            files.append(file)
        self._generated = tuple(pages)

    def _mark_pages_to_remake(self, files: Files) -> None:
        pages = [file for file in files.documentation_pages()]
        problem_pages = set(self._written) | set(self._generated)
        docs_pages = [file.src_uri for file in pages if file.src_uri not in problem_pages]
        changed_figures = None
        if self._changed and self._figures_before is not None and self.context is not None:
            # the figures' values each page showed, against the new ones
            changed_figures = figures_changed(self._figures_before, self.context.figures, self.reads.figures_read())
        declared = declared_kinds(self.context.campaign) if self.context is not None else None
        remake = self.reads.pages_reading(self._changed, docs_pages, changed_figures, declared)
        if ALL in self._changed or SETTINGS in self._changed:
            remake |= problem_pages  # the site's name, the 截至 date: on every page
        for file in pages:
            if file.src_uri in remake and os.path.isfile(file.abs_dest_path):
                os.remove(file.abs_dest_path)
        self.reads.forget([PROBLEM_PAGES, *(file.src_uri for file in pages)])
        present = {file.src_uri for file in pages}
        for src_uri in [s for s in self.search.entries if s not in present]:
            del self.search.entries[src_uri]

    def hold_tables(self, markdown: str) -> str:
        """A macro's output as the page's Markdown gets it: while previewing, its HTML tables held out of
        Python-Markdown and put back into the page's HTML (blocks.py); in a site build, as it is."""
        return self.blocks.hold_tables(markdown) if self.serving else markdown

    @event_priority(100)  # before the macros plugin renders the page
    def on_page_markdown(self, markdown, *, page, config, files):
        self.blocks.clear()
        if self.failure is not None:
            page.meta["render_macros"] = False
            return failure_page(self.failure)
        # a page of the unit's docs/, not a generated one (the problem pages a preview writes as files included)
        if self.context is not None and page.file.abs_src_path and not page.file.generated_by:
            errors = self.context.figure_errors(markdown, f"{DOCS_FOLDER}/{page.file.src_uri}")
            if errors:
                if not self.serving:  # the build stops: nothing half-built is published
                    raise PluginError(LedgerInvalid(errors).report())
                page.meta["render_macros"] = False
                return failure_page(LedgerInvalid(errors))
        self.reads.start(page.file.src_uri)  # what the page's macros read is noted under it
        return markdown

    def on_page_content(self, html, *, page, config, files):
        # after every on_page_markdown: git-revision-date-localized sets the page's own date there
        self.reads.stop()
        html = self.blocks.put_back(html)
        if self.failure is None:
            self._date_page(page, config)
        if self.config.search_index:
            self.search.page(page, html)
        return html

    def on_env(self, env, *, config, files):
        if self.serving:  # keep Material's compiled templates between preview rebuilds (keyed by their source)
            env.bytecode_cache = FileSystemBytecodeCache()
        return env

    @event_priority(-50)  # after the search plugin writes its index, before the offline plugin inlines it
    def on_post_build(self, *, config):
        self._site_dir = config.site_dir
        if self.context is None:
            return
        if self.serving:  # made when a reader asks for them (on_serve)
            with self._lock:
                self._stale = {DOWNLOADS, SEARCH}
                self._made_from = (self.context, self.search.ordered())
            return
        self._write_downloads(self.context, config.site_dir)
        if self.config.search_index:
            self.search.write(config.site_dir)

    @staticmethod
    def _write_downloads(context: BuildContext, site_dir: str) -> None:
        context.write_downloads(Path(site_dir) / SITE_FOLDER, site_names=True)
        context.write_feeds(Path(site_dir) / SITE_FOLDER)  # calendars: the internal build only

    def on_serve(self, server, *, config, builder):
        """The preview's web server makes the downloads and the search index of the last build when a reader
        first asks for one of their files (a save does not wait for them; nobody gets an old one)."""
        app = server.get_app()
        mount = urlsplit(config.site_url or "/").path.rstrip("/")

        def fresh_files_first(environ, start_response):
            path = environ.get("PATH_INFO", "").removeprefix(mount).lstrip("/")
            if path.startswith((f"{SITE_FOLDER}/", "search/")):
                self._make_if_stale(DOWNLOADS if path.startswith(SITE_FOLDER) else SEARCH)
            return app(environ, start_response)

        server.set_app(fresh_files_first)
        return server

    def _make_if_stale(self, what: str) -> None:
        with self._lock:
            if what not in self._stale:
                return
            context, entries = self._made_from
            if what == DOWNLOADS:
                self._write_downloads(context, self._site_dir)
            elif self.config.search_index:
                search.write(self._site_dir, entries)
            self._stale.discard(what)

    # ---- the form editor at admin/ ----
    @property
    def editor_wanted(self) -> bool:
        return self.config.editor.enabled and self.config.audience == "internal"

    def editor_settings(self) -> EditorSettings:
        options = self.config.editor
        settings = EditorSettings(backend=options.backend, repo=options.repo, base_url=options.base_url,
                                  api_root=options.api_root, app_id=options.app_id, branch=options.branch,
                                  editorial_workflow=options.editorial_workflow, local_port=options.local_port,
                                  site_url=options.site_url, preview_addr=str(self._dev_addr))
        problems = settings.problems()
        if problems:
            raise PluginError("mkdocs.yml 里 ledger 插件的 editor 设置有误：" + "；".join(problems))
        return settings

    # ---- "last updated": the page's own file and the records it is made from ----
    def _date_page(self, page, config) -> None:
        plugin = config.plugins.get(DATES_PLUGIN)
        if plugin is None or not plugin.config.get("enabled"):
            return
        records = tuple(record_files(page.file.src_uri, self.context.data_dir, self._every_record_file))
        if records not in self._records_times:  # the summary pages all draw on every record file
            self._records_times[records] = max(self._commit_time(path) for path in records)
        newest = self._records_times[records]
        if page.file.abs_src_path:
            newest = max(newest, self._commit_time(page.file.abs_src_path))
        dates = plugin.util.get_date_formats_for_timestamp(newest, locale=plugin.config["locale"])
        # two dates side by side, each named: when the records were last changed, and the 截至 date
        # every figure is counted on (stylesheets/page-dates.css in assets/)
        page.meta[DATES_META] = (f'{dates[plugin.config["type"]]}'
                                 f'<span class="ledger-as-of">统计截至{cn_date(self.context.as_of)}</span>')

    def _every_record_file(self) -> list[Path]:
        if self._every_record is None:
            self._every_record = every_record_file(self.context.data_dir)
        return self._every_record

    def _commit_time(self, path: str) -> int:
        """Unix time of the last commit of a file; the build time for a file git does not know (outside git,
        not yet committed), as the dates plugin does. One `git log` per build answers for every file."""
        if self._commit_times is None:
            self._commit_times = commit_times(self.context.project_dir)
        relative = Path(os.path.relpath(path, self.context.project_dir)).as_posix()
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


def input_files(project_dir: Path) -> dict[str, tuple[int, int]]:
    """Every file the records and the report are read from (data/, templates/): path -> (mtime, size)."""
    found = {}
    for folder in INPUT_FOLDERS:
        for path in (project_dir / folder).rglob("*"):
            if path.is_file():
                stat = path.stat()
                found[path.relative_to(project_dir).as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return found


def changed_kinds(before: dict[str, tuple[int, int]] | None, now: dict[str, tuple[int, int]]) -> set[str]:
    """The kinds held by the files that were saved, added or removed since `before` (None: everything)."""
    if before is None:
        return {ALL}
    changed: set[str] = set()
    for path in set(before) | set(now):
        if before.get(path) != now.get(path):
            changed |= kinds_of_file(path)
    return changed


def quiet_chatty_loggers() -> None:
    """jieba's dictionary messages and mkdocs-macros' INFO lines off, unless MkDocs runs verbose (-v)."""
    import jieba  # noqa: F401 - jieba sets its logger's level when first imported: import it before setting ours

    if logging.getLogger("mkdocs").isEnabledFor(logging.DEBUG):
        return
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


class EditorTexts:
    """admin/index.html (with the upload guard for the evidence types) and admin/config.yml (from the models and the
    campaign's choice lists), made again only when what they are made from changed: most saves in a preview change
    neither the campaign, the settings nor the editor's options."""

    def __init__(self):
        self._made: tuple | None = None

    def __call__(self, settings: EditorSettings, campaign, evidence_types: tuple[str, ...]) -> tuple[str, str]:
        key = (settings, campaign, evidence_types)
        if self._made is None or self._made[0] != key:
            self._made = (key, (index_html(evidence_types=evidence_types), config_yaml(settings, campaign)))
        return self._made[1]


def add_editor(files: Files, config, texts: tuple[str, str]) -> None:
    """admin/index.html and admin/config.yml (EditorTexts) and the vendored Decap bundle with its licence."""
    page, editor_config = texts
    files.append(File.generated(config, f"{EDITOR_FOLDER}/index.html", content=page))
    files.append(File.generated(config, f"{EDITOR_FOLDER}/config.yml", content=editor_config))
    vendor = ASSETS / EDITOR_VENDOR
    if not (vendor / "decap-cms.js").is_file():
        raise PluginError(f"缺少表单编辑器的程序文件 {vendor}/decap-cms.js（重新安装工作台账工具）")
    for path in sorted(vendor.iterdir()):
        files.append(File.generated(config, f"{EDITOR_VENDOR}/{path.name}", abs_src_path=str(path)))


def add_tool_assets(config) -> None:
    """The tool's theme overrides, stylesheets, scripts and polyfill named in the unit's configuration: the theme
    folder right after the unit's own custom_dir (a unit can still override a template), the tool's stylesheets and
    scripts before the unit's own. Public API only: Theme.dirs, MkDocsConfig's lists and `extra`."""
    dirs = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    config.extra_css[:0] = [path for path in EXTRA_CSS if path not in config.extra_css]
    named = {str(script) for script in config.extra_javascript}
    config.extra_javascript[:0] = [path for path in EXTRA_JAVASCRIPT if path not in named]
    if not config.extra.get("polyfills"):
        config.extra["polyfills"] = [IFRAME_WORKER]


def add_asset_files(files: Files, config) -> None:
    """Every file under the package's assets/ (the form editor's app aside: add_editor serves it) at its path in
    the site; a unit's own file of the same path (docs/stylesheets/ledger.css) wins."""
    for path in sorted(ASSETS.rglob("*")):
        src_uri = path.relative_to(ASSETS).as_posix()
        if path.is_file() and not src_uri.startswith(f"{EDITOR_FOLDER}/") and files.get_file_from_path(src_uri) is None:
            files.append(File.generated(config, src_uri, abs_src_path=str(path)))


def inclusion_of(src_uri: str) -> InclusionLevel:
    """The plugin's pages: the guide where the unit's nav lists it, the problem pages outside the navigation."""
    return InclusionLevel.UNDEFINED if src_uri == GUIDE_PAGE else InclusionLevel.NOT_IN_NAV


def add_guide(files: Files, config, markdown: str) -> None:
    """The editors' guide (ledger/guide/), made for this ledger, at guide.md: the tool's page, unless the unit's
    docs/ has a guide.md of its own (that one is the unit's; `upgrade` offers to remove an old copy of the tool's)."""
    if files.get_file_from_path(GUIDE_PAGE) is None:
        files.append(File.generated(config, GUIDE_PAGE, content=markdown))


def every_record_file(data_dir: Path) -> list[Path]:
    return sorted(data_dir.glob("*.yml")) + sorted(data_dir.glob("*/*.yml"))


def record_files(src_uri: str, data_dir: Path, every=None) -> list[Path]:
    """The record files a page is built from: docs/X.md (and pages under X/) draw on data/X.yml or the
    records in data/X/ (problems/P-001 on data/problems/P-001.yml alone) and data/settings.yml; a page
    without such records (home, report, board, guide) draws on every record file."""
    parts = src_uri.removesuffix(".md").split("/")
    own_file, own_folder = data_dir / f"{parts[0]}.yml", data_dir / parts[0]
    settings = data_dir / "settings.yml"
    if own_file.is_file():
        return [own_file, settings]
    if own_folder.is_dir():
        exact = own_folder / f"{parts[1]}.yml" if len(parts) > 1 else None
        if exact is not None and exact.is_file():  # no listing of the folder for each of its records' pages
            return [exact, settings]
        files = sorted(own_folder.glob("*.yml"))
        # the form editor names a new record's file in lower case: problems/P-009 is data/problems/p-009.yml
        one = [f for f in files if len(parts) > 1 and f.name.casefold() == f"{parts[1]}.yml".casefold()]
        return [one[0], settings] if one else [*files, settings]
    return every() if every is not None else every_record_file(data_dir)


def failure_page(failure: LedgerInvalid) -> str:
    """The page the preview shows while the records have mistakes: the report `check` prints, line for
    line (file:line:column, record, field, what is wrong and what to write), styled in ledger.css."""
    items = []
    for error in failure.errors:
        where = error.file + (f":{error.line}" if error.line else "") + (f":{error.column}" if error.line and error.column else "")
        said = str(error).removeprefix(where)  # " 问题 P-002 字段 status 的值…", as check prints it
        items.append(f'<li><code class="ledger-failure__where">{html.escape(where)}</code>{html.escape(said)}</li>')
    head = failure.report().splitlines()[0]
    return (f"# 记录有错误，预览暂停更新\n\n"
            f'<div class="ledger-failure" role="alert" markdown>\n\n'
            f'<p class="ledger-failure__head">{html.escape(head)}</p>\n\n<ol>\n' + "\n".join(items) + "\n</ol>\n\n"
            "<p>改正后保存，这一页会自动刷新为正常内容。在终端运行 <code>./run.sh check</code> 可看到同样的说明。</p>\n\n</div>\n")
