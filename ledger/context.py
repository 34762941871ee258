"""One build context: the ledger loaded and judged once, and every view a build writes read from it.

A site build (ledger_mkdocs/), the command line and the tests all make a BuildContext from a
project folder and BuildOptions. It loads and checks the records once, makes the view the options
ask for (public or internal), and holds what every page, generated page and download is made from:
the figures, the tracker's judgements, the report. Nothing here knows which engine renders the site.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterator, Optional

from ledger.records.campaign import figure_references
from ledger.records.campaign_check import unknown_figure_errors
from ledger.records.audience import INTERNAL, check_audience, view_for, withheld_files
from ledger.records.dated import known_on
from ledger.records.ledger import Ledger
from ledger.records.load import load_ledger
from ledger.records.yamlfile import ParseCache
from ledger.reads import DERIVED, ReadLog, tracked_ledger
from ledger.views import problem_page, tracker
from ledger.views.measures import FigureValues, compute_figures
from ledger.views.period import Period, period_between
from ledger.views.report import Report, build_report
from ledger.views.report_template import DEFAULT_TEMPLATE, LoadedTemplate, load_template

DATA_FOLDER = "data"
DOCS_FOLDER = "docs"


@dataclass(frozen=True)
class BuildOptions:
    audience: str = INTERNAL             # internal | public (ledger/records/audience.py)
    as_of: Optional[dt.date] = None      # the 截至 date; None: the settings' as_of

    def __post_init__(self):
        check_audience(self.audience)


class BuildContext:
    """The ledger of one project for one build, and everything made from it (each made once, on first use)."""

    def __init__(self, project_dir: str | Path, options: BuildOptions = BuildOptions(), *,
                 data_dir: str | Path | None = None, template: str | Path | None = None,
                 parsed: ParseCache | None = None):
        """data_dir: the records (default <project>/data); template: the report's prose
        (default <project>/templates/report.yml). Both raise LedgerInvalid with every error.
        parsed: the data files a session (a preview) parsed before, read again only when saved since."""
        self.project_dir = Path(project_dir)
        self.options = options
        self.data_dir = Path(data_dir) if data_dir is not None else self.project_dir / DATA_FOLDER
        self.full = load_ledger(self.data_dir, cache=parsed)
        self.template_path = Path(template) if template is not None else self.project_dir / DEFAULT_TEMPLATE
        # what each page reads (ledger/reads.py); a preview session hands in its own log, kept across builds
        self.reads = ReadLog()

    @cached_property
    def template(self) -> LoadedTemplate:
        """The report's prose (templates/report.yml), read when a report is made: `check` needs none."""
        return load_template(self.template_path, self.full.campaign)

    @cached_property
    def ledger(self) -> Ledger:
        """What this build shows: the audience's view, as known on the as-of date (ledger/records/dated.py)."""
        shown = view_for(self.full, self.options.audience)
        return known_on(shown, self.options.as_of)

    @property
    def settings(self):
        return self.ledger.settings

    @property
    def as_of(self) -> dt.date:
        return self.ledger.settings.as_of

    @property
    def campaign(self):
        """The campaign definition (data/campaign.yml): its choice lists and declared figures."""
        return self.ledger.campaign

    @cached_property
    def figures(self) -> FigureValues:
        return compute_figures(self.ledger, self.assessment)

    @cached_property
    def assessment(self) -> tracker.Assessment:
        return tracker.assess(self.ledger)

    @cached_property
    def series(self) -> tuple[tracker.SeriesPoint, ...]:
        return tracker.open_closed_series(self.ledger.problems, self.as_of)

    @cached_property
    def report(self) -> Report:
        return build_report(self.ledger, self.template, self.figures)

    @cached_property
    def period(self) -> Period:
        """本期进展: from the last report sent (settings.reports_sent) to the as-of date."""
        return period_between(self.ledger, figures_now=self.figures)

    def figure_errors(self, text: str, display_name: str) -> list:
        """A page's requests for figures the campaign does not declare, as located Chinese errors."""
        return unknown_figure_errors(text, self.campaign, display_name, figure_references, "页面")

    def problem_pages(self, *, tracked: bool = False) -> Iterator[tuple[str, str]]:
        """(path inside docs/, Markdown) of every problem's own page. tracked: what the pages read is noted in
        self.reads (under the page its caller started), as for the pages' macros (ledger/reads.py)."""
        ledger = self.ledger
        if tracked:
            ledger = tracked_ledger(ledger, self.reads)
            self.reads.note(DERIVED["assessment"])  # each page shows the tracker's judgements of its problem
        for problem in ledger.problems:
            yield problem_page.page_path(problem.id), problem_page.problem_markdown(ledger, problem, self.assessment)

    def withheld_files(self) -> set[str]:
        """docs/ files not to publish: evidence that only content this audience does not see points to."""
        return withheld_files(self.full, self.ledger)

    def write_feeds(self, out_dir: str | Path) -> list[Path]:
        """The calendar feeds (ledger/exports/ics.py) under out_dir/calendar/: the internal build's only;
        a public build writes none (they name leaders and 科室, and live on the intranet)."""
        if self.options.audience != INTERNAL:
            return []
        from ledger.exports.ics import write_feeds
        return write_feeds(self.ledger, out_dir)

    def write_downloads(self, out_dir: str | Path, *, site_names: bool = False) -> list[Path]:
        from ledger.exports.downloads import write_exports
        return write_exports(self.ledger, self.template, out_dir, site_names=site_names, period=self.period,
                             report=self.report, fig=self.figures)

