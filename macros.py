"""mkdocs-macros adapter: hands the core's views to the pages. No logic of its own."""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from ledger import LedgerInvalid, compute_figures, fieldguide, load_ledger, tables
from ledger.text import cn_date, cn_number, escape_text


def define_env(env) -> None:
    data_dir = Path(env.project_dir) / "data"
    try:
        ledger = load_ledger(data_dir)
    except LedgerInvalid as exc:
        raise PluginError(exc.report()) from None

    settings = ledger.settings
    env.conf["site_name"] = f"{settings.unit}{settings.campaign_short}工作台账"
    env.variables["ledger"] = ledger
    env.variables["settings"] = settings
    env.variables["fig"] = compute_figures(ledger)

    def problem_link(problem_id: str) -> None:
        """Problems have no page of their own yet: no link."""
        return None

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
    env.macro(lambda: tables.problem_table(ledger, problem_link), "problem_table")
    env.macro(lambda: tables.regulation_table(ledger, problem_link), "regulation_table")
