"""The roll-up plugin for MkDocs (`ledger-rollup` in a roll-up's mkdocs.yml): one RollupContext per build.

- on_config: read and check every unit (ledger/rollup/context.py); a unit that fails, is missing or is of
  another campaign stops the build with the roll-up's report (every unit at fault named, with its own
  file, line and field); the site is named after the roll-up; the navigation is the roll-up's pages
  unless mkdocs.yml writes its own; the stylesheet and the filter script are added;
- on_files: the pages of ledger/rollup/pages.py (units' problem pages outside the navigation) and the
  two assets shipped in ledger_mkdocs/rollup_assets/;
- on_files also adds 本期进展 (ledger/rollup/progress.py), second in the navigation;
- on_page_content / on_post_build: the site's search index (ledger_mkdocs/search.py, as for a unit's site);
  the 汇报, 汇总台账 and 进展情况 written into site/downloads/ (ledger/rollup/exports.py; the report template
  is read in on_config, so that a mistake in it stops the build before any page);
  the units' revisions written out for the build are removed.

No unit's template, page or code is rendered or run: the pages are this tool's Markdown, with macros off.
"""
from __future__ import annotations

from pathlib import Path

import markupsafe
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from ledger.exports.downloads import SITE_FOLDER
from ledger.records.errors import LedgerInvalid
from ledger.rollup import pages, progress
from ledger.rollup.context import RollupContext, RollupInvalid
from ledger.rollup.exports import write_rollup_exports
from ledger.rollup.report import load_rollup_template
from ledger_mkdocs import search
from ledger_mkdocs.plugin import ASSETS as TOOL_ASSETS, quiet_chatty_loggers

ACCESSIBILITY_CSS, KEYBOARD_JS = "stylesheets/accessibility.css", "javascripts/keyboard.js"
# the units' sortable tables; a table wider than the page gets a keyboard stop and a name (tablesort-init.js)
TABLE_SCRIPTS = ("javascripts/vendor/tablesort/tablesort.min.js", "javascripts/vendor/tablesort/tablesort.number.min.js",
                 "javascripts/tablesort-init.js")

ASSETS = Path(__file__).parent / "rollup_assets"
ASSET_FILES = {pages.STYLESHEET: ASSETS / "rollup.css", pages.FILTER_SCRIPT: ASSETS / "rollup-filter.js",
               # the units' sites' accessible theme red, focus rings and keyboard menus (WCAG 2.1 AA)
               ACCESSIBILITY_CSS: TOOL_ASSETS / ACCESSIBILITY_CSS, KEYBOARD_JS: TOOL_ASSETS / KEYBOARD_JS,
               **{script: TOOL_ASSETS / script for script in TABLE_SCRIPTS}}


class RollupConfigOptions(base.Config):
    # how many revisions back a unit set to use its last good revision is searched (default: data/rollup.yml's look_back)
    look_back = c.Optional(c.Type(int))
    search_index = c.Type(bool, default=True)
    # internal: every unit's records (the default); public: each unit read as its public build (mkdocs.public.yml)
    audience = c.Choice(("internal", "public"), default="internal")


NAV = [*pages.NAV[:1], progress.NAV_ENTRY, *pages.NAV[1:]]


class RollupPlugin(BasePlugin[RollupConfigOptions]):
    def __init__(self):
        self.context: RollupContext | None = None
        self.template = None
        self.period = None
        self.search = search.SiteSearch()

    def on_config(self, config):
        quiet_chatty_loggers()
        self._close()
        try:
            self.context = RollupContext(Path(config.config_file_path).parent, look_back=self.config.look_back,
                                         audience=self.config.audience)
        except RollupInvalid as exc:
            raise PluginError(exc.report()) from None
        try:  # the report template read before any page: a mistake in it stops the build at its line
            self.template = load_rollup_template(self.context)
        except LedgerInvalid as exc:
            self._close()
            raise PluginError(exc.report()) from None
        config.site_name = markupsafe.escape(self.context.config.title.replace("\n", " "))
        if not config.nav:
            config.nav = [{title: path} for title, path in NAV]
        for stylesheet in (ACCESSIBILITY_CSS, pages.STYLESHEET):
            if stylesheet not in config.extra_css:
                config.extra_css.append(stylesheet)
        for script in (*TABLE_SCRIPTS, pages.FILTER_SCRIPT, KEYBOARD_JS):
            if script not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)
        return config

    def on_files(self, files: Files, *, config) -> Files:
        in_nav = {path for _title, path in NAV}
        self.period = progress.rollup_period(self.context)   # the page and the 进展情况 (.docx) alike
        for src_uri, markdown in [*pages.pages(self.context), *progress.pages(self.context, self.period)]:
            existing = files.get_file_from_path(src_uri)
            if existing is not None:  # the roll-up's docs/ cannot replace a generated page
                raise PluginError(f"docs/{src_uri} 与汇总生成的页面同名，请改名或删除")
            inclusion = InclusionLevel.INCLUDED if src_uri in in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, src_uri, content=markdown, inclusion=inclusion))
        for src_uri, path in ASSET_FILES.items():
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, abs_src_path=str(path)))
        if self.config.search_index:
            self.search = search.SiteSearch()
            self.search.files(files, config)
        return files

    def on_page_content(self, html, *, page, config, files):
        if self.config.search_index:
            self.search.page(page, html)
        return html

    @event_priority(-50)  # after the search plugin writes its index
    def on_post_build(self, *, config):
        if self.context is not None:
            # the 汇报, the 汇总台账 and the 进展情况, linked from the 汇总表 and 本期进展 pages
            write_rollup_exports(self.context, Path(config.site_dir) / SITE_FOLDER, site_names=True,
                                 template=self.template, period=self.period)
            if self.config.search_index:
                self.search.write(config.site_dir)
        self._close()

    def on_build_error(self, *, error):
        self._close()

    def _close(self):
        if self.context is not None:
            self.context.close()
