"""The macros the pages call (mkdocs-macros): thin functions over the build context's views.

The project's macros.py imports define_env from here. The context is the ledger plugin's, made once
per build (ledger_mkdocs/plugin.py); while the records are broken under `mkdocs serve` there is none,
and the pages show the check's report instead of being rendered.
"""
from __future__ import annotations

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from ledger.context import BuildContext
from ledger.reads import DERIVED, tracked_figures, tracked_ledger, tracked_settings
from ledger.exports import downloads
from ledger.records import registry
from ledger.text import cn_date, cn_number, escape_text
from ledger.views import charts, digest, fieldguide, period, problem_page, report_views, tables, trackview

PLUGIN = "ledger"
# tables.X(ledger, ...) offered to pages as X(...)
_RECORD_TABLES = ("activity_table", "book_list", "topic_table", "research_report_table", "case_table",
                  "action_sections", "visit_table", "honour_table", "mechanism_list", "output_table",
                  "plan_sections")


def ledger_plugin(env):
    plugin = env.conf.plugins.get(PLUGIN)
    if plugin is None:
        raise RuntimeError("mkdocs.yml 的 plugins 里缺少 ledger 插件（须列在 macros 之前）")
    return plugin


def build_context(env) -> BuildContext | None:
    return ledger_plugin(env).context


def define_env(env) -> None:
    context = build_context(env)
    if context is None:
        return
    held = ledger_plugin(env).hold_tables  # a long table's HTML, kept out of Python-Markdown while previewing
    # what each page reads is noted under it (ledger/reads.py): a preview remakes the pages a save reaches
    log = context.reads
    ledger = tracked_ledger(context.ledger, log)
    env.variables["ledger"] = ledger
    env.variables["settings"] = tracked_settings(context.ledger.settings, log)
    fig = tracked_figures(context.figures, log)
    env.variables["fig"] = fig

    def derived(name: str):
        """A judgement made from the records (the tracker's, the report, the period), noted as read."""
        log.note(DERIVED[name])
        return getattr(context, name)

    def page_link(target: str) -> str:
        """A docs file (e.g. board.md) as linked from the page being rendered."""
        return problem_page.relative_link(target, env.page.file.src_uri)

    def problem_link(problem_id: str) -> str:
        """The problem's own generated page, relative to the current page."""
        return page_link(problem_page.page_path(problem_id))

    addresses: dict[str, str] = {}  # docs file -> its address in the site (a list links hundreds of pages)

    def page_url(target: str) -> str:
        """A docs file (board.md) as its final address from the current page, for links a view writes in HTML
        (MkDocs rewrites the .md links of Markdown only)."""
        if target not in addresses:
            addresses[target] = File(target, "", "", env.conf.use_directory_urls).url
        return get_relative_url(addresses[target], env.page.url)

    def problem_url(problem_id: str) -> str:
        """The problem's own generated page as its final address from the current page."""
        return page_url(problem_page.page_path(problem_id))

    def download_links() -> str:
        return downloads.download_links(ledger, "../" * env.page.url.count("/"))

    env.macro(lambda: trackview.attention_block(derived("assessment"), problem_link,
                                                page_link(problem_page.BOARD_PAGE)), "attention_block")
    env.macro(lambda kind: held(trackview.alert_table(derived("assessment").by_kind()[kind], problem_url)),
              "alert_table")
    env.macro(lambda figure_id: trackview.share_table(fig, figure_id), "share_table")
    env.macro(lambda figure_id, done_id: trackview.done_table(fig, figure_id, done_id), "done_table")
    env.macro(lambda: charts.open_closed_chart(derived("series")), "open_closed_chart")
    env.macro(lambda: trackview.chart_data_table(derived("series")), "chart_data_table")
    env.macro(lambda: trackview.rules_text(ledger), "tracker_rules")
    env.macro(lambda: report_views.report_markdown(derived("report"), download_links()), "report_page")
    env.macro(download_links, "download_links")

    def event_url(event) -> str:
        """本期进展: a problem's own page, any other record's list page."""
        return problem_url(event.record_id) if event.kind == "problems" else page_url(registry.kind(event.kind).page)

    env.macro(lambda: held(period.period_markdown(derived("period"), url_for=event_url)), "progress_page")
    env.macro(lambda: digest.digest_markdown(digest.leaders_digest(ledger, derived("assessment")),
                                             page_link(problem_page.BOARD_PAGE)), "leaders_digest")
    def calendar_feeds() -> str:
        log.note(DERIVED["feeds"])  # the feeds: one per unit, 科室 and leader
        return downloads.calendar_table(context, "../" * env.page.url.count("/"))

    env.macro(calendar_feeds, "calendar_feeds")
    env.macro(lambda: context.options.audience == "internal", "internal_build")
    env.macro(lambda: downloads.progress_link(ledger, "../" * env.page.url.count("/")), "progress_download")

    env.macro(escape_text, "text")
    env.macro(lambda ids: tables.figure_cards(fig, ids), "figure_cards")
    env.macro(lambda kind, columns, where=None: tables.record_table(ledger, kind, columns, where,
                                                                    problem_link if kind == "problems" else (lambda _id: None)),
              "record_table")
    env.macro(lambda: fieldguide.figure_table(ledger.campaign), "figure_table")
    env.macro(lambda: fieldguide.choice_table(ledger.campaign), "choice_table")
    env.macro(fieldguide.measure_table, "measure_table")
    env.macro(fieldguide.add_up_table, "add_up_table")
    env.macro(tables.progress_bar, "progress_bar")
    env.macro(cn_date, "cn_date")
    env.macro(cn_number, "cn_number")
    env.macro(lambda kind: fieldguide.kind_field_table(kind, ledger.campaign), "field_table")
    env.macro(fieldguide.settings_field_table, "settings_field_table")
    env.macro(fieldguide.limits_table, "limits_table")
    env.macro(fieldguide.value_limits, "value_limits")
    env.macro(fieldguide.record_files_table, "record_files_table")
    env.macro(fieldguide.event_dates_table, "event_dates_table")
    for name in _RECORD_TABLES:
        view = getattr(tables, name)
        env.macro(lambda *args, _view=view, **kw: held(_view(ledger, *args, **kw)), name)
    env.macro(lambda: held(tables.problem_table(ledger, problem_url, remark_for=trackview.remarks(derived("assessment")))),
              "problem_table")
    env.macro(lambda: tables.regulation_table(ledger, problem_link), "regulation_table")
