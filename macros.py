"""mkdocs-macros adapter: hands the core's views to the pages. No logic of its own."""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from ledger import LedgerInvalid, compute_figures, fieldguide, load_ledger, tables
from ledger.text import cn_date, cn_number, escape_text
from ledger import charts, problem_page, tracker, trackview
from ledger import background, buildcache, downloads, report, report_template, report_views
from ledger.audience import AudienceError, ledger_for_build


def define_env(env) -> None:
    data_dir = Path(env.project_dir) / "data"
    try:
        ledger = ledger_for_build(load_ledger(data_dir))  # the public view when LEDGER_AUDIENCE=public
    except LedgerInvalid as exc:
        raise PluginError(exc.report()) from None
    except AudienceError as exc:
        raise PluginError(str(exc)) from None

    settings = ledger.settings
    # The theme puts site_name into the page as HTML: record text goes in escaped, like every record value
    env.conf["site_name"] = escape_text(f"{settings.unit}{settings.campaign_short}工作台账", line_breaks=" ")
    env.variables["ledger"] = ledger
    env.variables["settings"] = settings
    env.variables["fig"] = compute_figures(ledger)

    def page_link(target: str) -> str:
        """A docs file (e.g. board.md) as linked from the page being rendered."""
        return problem_page.relative_link(target, env.page.file.src_uri)

    def problem_link(problem_id: str) -> str:
        """The problem's own generated page (hooks/problem_pages.py), relative to the current page."""
        return page_link(problem_page.page_path(problem_id))

    # 整改台账: judgements on settings.as_of, the same assessment that Figures counts
    assessment = tracker.assess(ledger)
    series = tracker.open_closed_series(ledger.problems, settings.as_of)
    fig = env.variables["fig"]
    env.macro(lambda: trackview.attention_block(assessment, problem_link, page_link(problem_page.BOARD_PAGE)),
              "attention_block")
    env.macro(lambda kind: trackview.alert_table(assessment.by_kind()[kind], problem_link), "alert_table")
    env.macro(lambda: trackview.status_table(fig), "status_table")
    env.macro(lambda: trackview.source_table(fig), "source_table")
    env.macro(lambda: trackview.department_table(fig), "department_table")
    env.macro(lambda: trackview.leader_table(fig), "leader_table")
    env.macro(lambda: charts.open_closed_chart(series), "open_closed_chart")
    env.macro(lambda: trackview.chart_data_table(series), "chart_data_table")
    env.macro(lambda: trackview.rules_text(ledger), "tracker_rules")

    # 汇报 page and downloads: built from env.variables["ledger"] when used, so a build that swaps in
    # another ledger (e.g. a redacted one) gets a report, .docx and .xlsx that match its pages
    try:
        env.variables["report_template"] = report_template.load_template(
            Path(env.project_dir) / report_template.DEFAULT_TEMPLATE)
    except LedgerInvalid as exc:
        raise PluginError(exc.report()) from None
    def download_links() -> str:
        return downloads.download_links(env.variables["ledger"], "../" * env.page.url.count("/"))

    env.macro(lambda: report_views.report_markdown(
        report.build_report(env.variables["ledger"], env.variables["report_template"]), download_links()),
        "report_page")
    env.macro(download_links, "download_links")

    env.macro(escape_text, "text")
    env.macro(tables.figure_cards, "figure_cards")
    env.macro(tables.progress_bar, "progress_bar")
    env.macro(cn_date, "cn_date")
    env.macro(cn_number, "cn_number")
    env.macro(fieldguide.kind_field_table, "field_table")
    env.macro(fieldguide.settings_field_table, "settings_field_table")
    for name in ("activity_table", "book_list", "topic_table", "research_report_table", "case_table",
                 "action_sections", "visit_table", "honour_table", "mechanism_list", "output_table",
                 "plan_sections"):
        view = getattr(tables, name)
        env.macro(lambda *args, _view=view, **kw: _view(ledger, *args, **kw), name)
    env.macro(lambda: tables.problem_table(ledger, problem_link, remark_for=trackview.remarks(assessment)),
              "problem_table")
    env.macro(lambda: tables.regulation_table(ledger, problem_link), "regulation_table")

    # The downloads need nothing from the pages: begin writing them now, beside the page build
    env.variables["pending_downloads"] = downloads.start_exports(
        background.shared(), ledger, env.variables["report_template"], _downloads_cache(env))


def _downloads_cache(env) -> buildcache.Store:
    return buildcache.Store(buildcache.cache_root(env.project_dir), "downloads")


def on_post_build(env) -> None:
    """Every build writes downloads/report.docx and downloads/ledger.xlsx from the ledger the pages show
    (copied from .cache/ledger/ when the records, template and code are the same as in an earlier build;
    written by the build's helper process while the pages were built, where it has one)."""
    downloads.finish_exports(env.variables.get("pending_downloads"), env.variables["ledger"],
                             env.variables["report_template"], Path(env.conf["site_dir"]) / downloads.SITE_FOLDER,
                             site_names=True, cache=_downloads_cache(env))
