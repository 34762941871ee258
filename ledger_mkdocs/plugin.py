"""The ledger plugin for MkDocs: one BuildContext per build, read by every page, generated page and download.

Listed first under `plugins:` in mkdocs.yml (before macros), so that the context exists when the
pages' macros are defined. What it does, event by event:
- on_config: load and judge the records once (ledger/context.py), name the site after the unit;
  under `mkdocs serve` a record mistake does not stop the server: every page shows the check's report
  until the next good save;
- on_files: one page per problem (problems/P-001/, outside the navigation); a public build leaves out
  the evidence files only internal content points to; the internal build (not the public one, not the
  offline bundle: `editor: {enabled: false}` there) gets the form editor at admin/ (ledger/editor/decap.py);
- on_page_markdown: a page's "last updated" date also counts the record files it is made from;
- on_post_build: the Word and Excel downloads; the search index re-cut with the ledger's names.
"""
from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from ledger.context import BuildContext, BuildOptions
from ledger.editor.decap import EditorSettings, config_yaml, index_html
from ledger.exports.downloads import SITE_FOLDER
from ledger.records.errors import LedgerInvalid
from ledger.text import escape_text
from ledger_mkdocs import search
from ledger_mkdocs.config import LedgerConfig

DATES_PLUGIN = "git-revision-date-localized"
EDITOR_FOLDER = "admin"
# The vendored Decap CMS bundle (editor/vendor.sh), outside docs/ so that MkDocs does not list it as pages
EDITOR_VENDOR = Path("editor") / "vendor" / "decap-cms"
DATES_META = "git_revision_date_localized"


class LedgerPlugin(BasePlugin[LedgerConfig]):
    def __init__(self):
        self.command: str | None = None
        self.context: BuildContext | None = None
        self.failure: str | None = None  # the check's report when the records are broken (serve only)
        self._timestamps: dict[str, int] = {}
        self._dev_addr = "127.0.0.1:8000"

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
        self._dev_addr = config.dev_addr  # the preview's address: the form editor's site in local mode
        self._timestamps.clear()
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
        if self.editor_wanted:  # also while the records are broken: the editor is one way to mend them
            add_editor(files, config, self.editor_settings())
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
    def on_page_markdown(self, markdown, *, page, config, files):
        if self.failure is not None:
            page.meta["render_macros"] = False
            return failure_page(self.failure)
        self._date_page(page, config)
        return markdown

    def on_env(self, env, *, config, files):
        if self.serving:  # keep Material's compiled templates between preview rebuilds (keyed by their source)
            env.bytecode_cache = FileSystemBytecodeCache()
        return env

    @event_priority(-50)  # after the search plugin writes its index, before the offline plugin inlines it
    def on_post_build(self, *, config):
        if self.context is None:
            return
        self.context.write_downloads(Path(config.site_dir) / SITE_FOLDER, site_names=True)
        search.rewrite_index(config.site_dir, self.context.search_terms)

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
        sources = [str(path) for path in record_files(page.file.src_uri, self.context.data_dir)]
        if page.file.abs_src_path:
            sources.append(page.file.abs_src_path)
        newest = max(self._timestamp(plugin.util, source) for source in sources)
        dates = plugin.util.get_date_formats_for_timestamp(newest, locale=plugin.config["locale"])
        page.meta[DATES_META] = dates[plugin.config["type"]]

    def _timestamp(self, util, path: str) -> int:
        """Unix time of the last commit of a file (the build time outside git), once per build."""
        if path not in self._timestamps:
            self._timestamps[path] = int(util.get_git_commit_timestamp(path)[1])
        return self._timestamps[path]


def add_editor(files: Files, config, settings: EditorSettings) -> None:
    """admin/index.html, admin/config.yml (from the models) and the vendored Decap bundle with its licence."""
    files.append(File.generated(config, f"{EDITOR_FOLDER}/index.html", content=index_html()))
    files.append(File.generated(config, f"{EDITOR_FOLDER}/config.yml", content=config_yaml(settings)))
    vendor = Path(config.config_file_path).parent / EDITOR_VENDOR
    if not (vendor / "decap-cms.js").is_file():
        raise PluginError(f"缺少表单编辑器的程序文件 {EDITOR_VENDOR.as_posix()}/decap-cms.js（运行 editor/vendor.sh 生成）")
    for path in sorted(vendor.iterdir()):
        files.append(File.generated(config, f"{EDITOR_FOLDER}/vendor/decap-cms/{path.name}", abs_src_path=str(path)))


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
        files = sorted(own_folder.glob("*.yml"))
        # the form editor names a new record's file in lower case: problems/P-009 is data/problems/p-009.yml
        one = [f for f in files if len(parts) > 1 and f.name.casefold() == f"{parts[1]}.yml".casefold()]
        return [one[0], settings] if one else [*files, settings]
    return sorted(data_dir.glob("*.yml")) + sorted(data_dir.glob("*/*.yml"))


def failure_page(report: str) -> str:
    """The page the preview shows while the records have mistakes: the same report `check` prints."""
    lines = report.splitlines()
    items = "\n".join(f"<li>{html.escape(line.strip())}</li>" for line in lines[1:])
    return (f"# 记录有错误，预览暂停更新\n\n"
            f'<div class="ledger-failure" role="alert" markdown>\n\n'
            f"**{html.escape(lines[0])}**\n\n<ol>\n{items}\n</ol>\n\n"
            "改正后保存，这一页会自动刷新为正常内容。在终端运行 <code>./run.sh check</code> 可看到同样的说明。\n\n</div>\n")
