"""What each page reads, and which pages a save reaches (ledger/reads.py), on the sample ledger."""
from __future__ import annotations

import dataclasses

import pytest

from ledger import load_ledger
from ledger.reads import (ALL, SETTINGS, ReadLog, figure_kinds, figures_changed, kinds_of_file, tracked_figures,
                          tracked_ledger, tracked_settings)
from ledger.views import tables
from support import ROOT


@pytest.fixture(scope="module")
def sample():
    return load_ledger(ROOT / "data")


def test_a_saved_file_names_the_kinds_it_holds():
    assert kinds_of_file("data/study.yml") == {"activities", "books"}
    assert kinds_of_file("data/problems/P-002.yml") == {"problems"}
    assert kinds_of_file("data/settings.yml") == {SETTINGS}
    assert kinds_of_file("data/notes.txt") == {ALL}  # unknown: could be anything
    assert kinds_of_file("templates/report.yml") == {"report_template"}


def test_a_page_notes_the_lists_settings_and_figures_its_macros_read(sample):
    log = ReadLog()
    ledger = tracked_ledger(sample, log)
    fig = tracked_figures(object(), log)
    ledger.activities  # read outside any page: noted nowhere
    log.start("problems.md")
    tables.problem_table(ledger)  # a view reads through the stand-in as it would read the ledger
    getattr(fig, "problem_count", None)
    tracked_settings(sample.settings, log).as_of
    log.stop()
    log.start("guide.md")
    log.stop()
    assert log.reads("problems.md") == {"problems", SETTINGS, "figure:problem_count"}
    assert log.reads("guide.md") == frozenset()
    assert log.reads("study.md") is None
    assert log.figures_read() == {"problem_count"}


def _log(**pages):
    log = ReadLog()
    for page, reads in pages.items():
        log.start(page)
        log.note(reads)
        log.stop()
    return log


def test_a_save_reaches_the_pages_that_read_its_kind_or_a_figure_whose_value_changed():
    log = _log(study={"activities", "figure:study_sessions"}, problems={"problems", "figure:problem_count"},
               guide=set(), report={ALL})
    pages = ["study", "problems", "guide", "report", "new"]
    # a problem saved, no figure changed: the list, the page reading everything, a page never made
    assert log.pages_reading({"problems"}, pages, figures_changed=set()) == {"problems", "report", "new"}
    # a study activity saved that changed a problem figure too (say, a shared count)
    assert log.pages_reading({"activities"}, pages, {"problem_count"}) == {"study", "problems", "report", "new"}
    # values not known: a figure reads what figure_kinds says (every kind until figures are declared)
    assert log.pages_reading({"books"}, pages, None) == {"study", "problems", "report", "new"}
    # the settings are on every page; nothing saved reaches nothing
    assert log.pages_reading({SETTINGS}, pages, set()) == set(pages)
    assert log.pages_reading(set(), pages, set()) == set()


def test_a_figure_reads_its_declared_kind_or_every_kind():
    assert figure_kinds("problem_count") == {ALL}
    declared = {"problem_count": ["problems"]}.get
    assert figure_kinds("problem_count", declared) == {"problems", SETTINGS}
    assert figure_kinds("unknown", declared) == {ALL}


def test_changed_figures_are_found_by_value():
    @dataclasses.dataclass
    class Figures:
        problem_count: int
        completion_rate: str

    before, now = Figures(8, "75%"), Figures(8, "88%")
    assert figures_changed(before, now, ["problem_count", "completion_rate"]) == {"completion_rate"}
    before.overdue = 1  # a figure there before and gone now
    assert figures_changed(before, now, ["problem_count", "overdue"]) == {"overdue"}
