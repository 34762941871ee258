"""Which pages read which kinds of records and which figures: noted while the pages are made, asked when
records change.

A page's macros read the ledger through tracked stand-ins (`Tracked`): every list of records
(ledger.problems), the settings, each figure (fig.problem_count) and each judgement made from the
records notes what it read under the page being made. After a save the site adapter asks
`pages_reading(changed, pages, figures_changed)` which pages must be made again; the others stay as they
are (a preview then rebuilds a handful of pages, not all of them).

Figures: a page that reads a figure is made again when the figure's value changed (the adapter compares
the values before and after the save: exact). Where the value before is not known, the figure counts as
reading the kinds `figure_kinds` names: until figures are declared data (each declared figure naming its
`kind`), every kind. `figure_kinds` takes the declarations' lookup once they exist.
"""
from __future__ import annotations

from pathlib import PurePosixPath
from typing import Callable, Iterable

from ledger.records import registry

ALL = "*"                 # reads every kind (or: every kind changed)
FIGURE = "figure:"        # figure:problem_count - a figure read by a page
SETTINGS = "settings"     # data/settings.yml
REPORT_TEMPLATE = "report_template"  # templates/report.yml
# Judgements made from the records, and what they read
DERIVED = {
    "assessment": frozenset({"problems", SETTINGS}),  # the tracker: overdue, due soon, stalled
    "series": frozenset({"problems", SETTINGS}),      # open and closed problems over time
    "report": frozenset({ALL}),
    "period": frozenset({ALL}),
    "feeds": frozenset({"problems", SETTINGS}),        # the calendar feeds: per unit, 科室 and leader
}


def figure_kinds(figure_id: str, declared: Callable[[str], Iterable[str] | None] | None = None) -> frozenset[str]:
    """The record kinds a figure is counted from: the declaration's kind where there is one, otherwise every
    kind (a figure computed in code may read anything). `declared(figure_id)` -> kinds or None."""
    kinds = declared(figure_id) if declared is not None else None
    return frozenset(kinds) | {SETTINGS} if kinds else frozenset({ALL})


def kinds_of_file(relative: str) -> frozenset[str]:
    """What a changed file under data/ (or templates/) holds: study.yml -> activities, books;
    problems/P-001.yml -> problems; settings.yml -> settings; anything unknown -> every kind."""
    path = PurePosixPath(relative)
    if path.parts[0] == "templates":
        return frozenset({REPORT_TEMPLATE})
    parts = path.parts[1:] if path.parts[0] == "data" else path.parts
    if len(parts) == 1 and parts[0] == registry.SETTINGS_FILE:
        return frozenset({SETTINGS})
    if len(parts) == 1:
        kinds = registry.kinds_in(parts[0])
        if kinds:
            return frozenset(kind.key for kind in kinds)
    if len(parts) == 2 and parts[0] in {kind.folder for kind in registry.folder_kinds()}:
        return frozenset({parts[0]})
    return frozenset({ALL})


class ReadLog:
    """Page -> what its macros read, kept across the builds of one preview session."""

    def __init__(self):
        self._reads: dict[str, set[str]] = {}
        self._page: str | None = None

    def start(self, page: str) -> None:
        self._page = page
        self._reads[page] = set()

    def stop(self) -> None:
        self._page = None

    def note(self, kinds: Iterable[str]) -> None:
        if self._page is not None:
            self._reads[self._page].update(kinds)

    def reads(self, page: str) -> frozenset[str] | None:
        """What a page read when it was last made (None: not made in this session)."""
        found = self._reads.get(page)
        return frozenset(found) if found is not None else None

    def forget(self, keep: Iterable[str]) -> None:
        keep = set(keep)
        for page in [p for p in self._reads if p not in keep]:
            del self._reads[page]

    def figures_read(self) -> set[str]:
        """Every figure some page read (names, without FIGURE)."""
        return {item.removeprefix(FIGURE) for read in self._reads.values() for item in read if item.startswith(FIGURE)}

    def pages_reading(self, changed: Iterable[str], pages: Iterable[str],
                      figures_changed: Iterable[str] | None = None, declared=None) -> set[str]:
        """Of `pages`, those that read one of the changed kinds or a figure whose value changed
        (`figures_changed`; None: values not known, a figure then reads the kinds figure_kinds names).
        A page not made yet, a page that reads every kind and a change of every kind (ALL) or of the
        settings (the site's name is on every page) reach all."""
        changed = set(changed)
        if not changed:
            return set()
        everything = ALL in changed or SETTINGS in changed
        figures_changed = {FIGURE + name for name in figures_changed} if figures_changed is not None else None
        result = set()
        for page in pages:
            read = self._reads.get(page)
            if everything or read is None:
                result.add(page)
                continue
            kinds = {item for item in read if not item.startswith(FIGURE)}
            figures = read - kinds
            if figures_changed is None:
                for figure in figures:
                    kinds |= figure_kinds(figure.removeprefix(FIGURE), declared)
            elif figures & figures_changed:
                result.add(page)
                continue
            if ALL in kinds or kinds & changed:
                result.add(page)
        return result


class Tracked:
    """A stand-in for an object a page reads: every attribute read notes `kinds` (or, for a ledger, the kind
    of the list read) in the log, then answers as the object would."""

    def __init__(self, target, log: ReadLog, kinds: Callable[[str], Iterable[str]]):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_log", log)
        object.__setattr__(self, "_kinds", kinds)

    def __getattr__(self, name):
        self._log.note(self._kinds(name))
        return getattr(self._target, name)

    def __getitem__(self, key):
        self._log.note(self._kinds(str(key)))
        return self._target[key]

    def __iter__(self):
        self._log.note(self._kinds("__iter__"))
        return iter(self._target)

    def __len__(self):
        self._log.note(self._kinds("__len__"))
        return len(self._target)

    def __repr__(self):  # short: mkdocs-macros writes every variable into its debug payload on each build
        return f"<tracked {type(self._target).__name__}>"

    __str__ = __repr__


# The ledger's look-ups, and the kind each reads
LEDGER_LOOKUPS = {"topic": "topics", "problem": "problems", "regulations_answering": "regulations"}
CAMPAIGN = "campaign"  # data/campaign.yml: the choice lists and the figures' definitions


def ledger_kinds(name: str) -> frozenset[str]:
    """ledger.problems -> problems; ledger.topic(...) -> topics; ledger.settings -> settings; ledger.campaign ->
    campaign (a change of data/campaign.yml reaches every page); any other attribute may read every kind."""
    if name in registry.KINDS_BY_KEY:
        return frozenset({name})
    if name in LEDGER_LOOKUPS:
        return frozenset({LEDGER_LOOKUPS[name]})
    if name in (SETTINGS, CAMPAIGN):
        return frozenset({name})
    return frozenset({ALL})


def tracked_ledger(ledger, log: ReadLog) -> Tracked:
    return Tracked(ledger, log, ledger_kinds)


def tracked_figures(figures, log: ReadLog) -> Tracked:
    """fig.problem_count, fig["problem_count"] -> figure:problem_count. The figures' own methods (label, unit,
    spec) answer from the campaign's definition, which every page reads (a change of it reaches every page)."""
    def kinds(name: str) -> set[str]:
        return set() if hasattr(type(figures), name) else {FIGURE + name}

    return Tracked(figures, log, kinds)


def declared_kinds(campaign):
    """figure id -> the kind its declaration names (or None), for figure_kinds, from a campaign definition."""
    def lookup(figure_id: str):
        try:
            kind = campaign.figure(figure_id).kind
        except KeyError:  # a figure the campaign does not declare reads what it may
            return None
        return [kind] if kind else None
    return lookup


def figures_changed(before, now, names: Iterable[str]) -> set[str]:
    """Of the figures `names`, those whose value differs between two builds' figures."""
    missing = object()
    return {name for name in names if getattr(before, name, missing) != getattr(now, name, missing)}


def tracked_settings(settings, log: ReadLog) -> Tracked:
    return Tracked(settings, log, lambda _name: {SETTINGS})
