"""The 汇报 as one structured document built from records and Figures.

The web page, the printed text and the Word file all render this one model, so
they cannot disagree. Connecting prose comes from the template
(report_template.py); every figure and list comes from the records.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Iterable, Optional

from ledger.records.ledger import Ledger
from ledger.text import cn_number
from ledger.views.figure_labels import figure_phrase
from ledger.views.measures import FigureValues, compute_figures, counted, distinct_values, group_order, matches
from ledger.views.report_template import ListTemplate, LoadedTemplate
from ledger.views.tables import honour_phrase

@dataclass(frozen=True)
class Paragraph:
    text: str
    lead: str = ""  # a run-in heading printed before the text in the heading font: "（一）注重上下联动。"


@dataclass(frozen=True)
class Table:
    """A table among a section's paragraphs (a roll-up's table of units): a header row, then rows of text."""
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: bool = False         # the last row is a 合计 (bold)
    lead: str = ""              # read as a paragraph (section_texts): no run-in heading

    @property
    def text(self) -> str:
        """The table as lines of cells separated by tabs, for plain text."""
        return "\n".join("\t".join(cell.replace("\n", "") for cell in row) for row in (self.header, *self.rows))


@dataclass(frozen=True)
class Section:
    number: str                 # "（一）"
    heading: str                # without number; empty when the heading runs into the paragraph
    paragraphs: tuple[Paragraph | Table, ...]


@dataclass(frozen=True)
class Part:
    number: str                 # "一、"
    heading: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Report:
    title: str
    opening: tuple[Paragraph, ...]
    parts: tuple[Part, ...]
    signature: str
    date: dt.date               # 成文日期 = the as-of date

    def section_texts(self) -> Iterable[str]:
        """Every line of the report in reading order (headings with their numbers)."""
        yield self.title
        yield from (p.lead + p.text for p in self.opening)
        for part in self.parts:
            yield part.number + part.heading
            for section in part.sections:
                if section.heading:
                    yield section.number + section.heading
                yield from (p.lead + p.text for p in section.paragraphs)


def join_and(items: Iterable[str]) -> str:
    """A、B和C, as a report joins a short list."""
    items = list(items)
    return "和".join(["、".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def join_titles(titles: Iterable[str]) -> str:
    """《甲》《乙》 run together when every title carries book-title marks, otherwise 甲、乙."""
    titles = list(titles)
    bracketed = all(t.startswith("《") and t.endswith("》") for t in titles)
    return ("" if bracketed else "、").join(titles)


def _honours_text(ledger: Ledger, template: LoadedTemplate) -> str:
    """The honours as the template's sentences say: categories each a sentence of their own, or groups
    joined by ；, each group's honours joined by its own mark, in the records' order."""
    campaign = ledger.campaign
    sentences = []
    for sentence in template.model.honours:
        sentences += [honour_phrase(h, campaign) + "。" for h in ledger.honours if h.category in sentence.each]
        clauses = [group.join.join(honour_phrase(h, campaign) for h in ledger.honours if h.category in group.categories)
                   for group in sentence.groups]
        clauses = [clause for clause in clauses if clause]
        if clauses:
            sentences.append("；".join(clauses) + "。")
    return "".join(sentences)


def _actions_text(ledger: Ledger, template: LoadedTemplate) -> str:
    phrases = template.model.phrases
    visits = template.render(("phrases", "visits"), phrases.visits,
                             visits="、".join(v.name for v in ledger.visits)) if ledger.visits else ""
    parts = []
    for index, action in enumerate(ledger.actions, start=1):
        parts.append(template.render(("phrases", "action"), phrases.action, ordinal=cn_number(index),
                                     name=action.name, aim=action.aim, measures="；".join(action.measures)))
        if action.name == phrases.visits_after_action:
            parts.append(visits)
            visits = ""
    return "".join(parts) + visits  # visits not placed after a named action still get stated


def _mechanisms_text(ledger: Ledger, template: LoadedTemplate) -> str:
    phrase = template.model.phrases.mechanism
    return join_and(template.render(("phrases", "mechanism"), phrase, name=mech.name, parts="、".join(mech.parts))
                    for mech in ledger.mechanisms)


_JOINS = {"、": "、".join, "和": join_and, "书名号": join_titles}


def list_text(ledger: Ledger, spec: ListTemplate) -> str:
    """One of the template's lists: the field's values of the matching (counted) records, each once."""
    records = [r for r in counted(ledger, spec.kind) if matches(r, spec.where)]
    values = distinct_values(records, spec.field, spec.order_by)
    if spec.order == "choices":
        order = group_order(ledger, spec.kind, spec.field)
        values = tuple(sorted(values, key=lambda v: order.index(v) if v in order else len(order)))
    words = [spec.wording.get(str(v), str(v)) for v in values]
    if spec.first:
        return words[0] if words else ""
    return _JOINS[spec.join](words)


def prose_context(ledger: Ledger, fig: FigureValues, template: LoadedTemplate) -> dict[str, object]:
    """Every variable the prose template may use: figures, settings, the template's lists, and the
    actions, honours and mechanisms as its phrases word them."""
    context: dict[str, object] = {name: list_text(ledger, spec) for name, spec in template.model.lists.items()}
    context.update({
        "settings": ledger.settings,
        "fig": fig,
        "figure_text": functools.partial(figure_phrase, fig),
        "actions": _actions_text(ledger, template),
        "honours": _honours_text(ledger, template),
        "mechanisms": _mechanisms_text(ledger, template),
    })
    return context


def _plan_sections(ledger: Ledger, template: LoadedTemplate) -> tuple[Section, ...]:
    phrase = template.model.phrases.plan_lead
    return tuple(
        Section(f"（{cn_number(i)}）", "", (Paragraph(
            item.text, lead=f"（{cn_number(i)}）" + template.render(("phrases", "plan_lead"), phrase, title=item.title)),))
        for i, item in enumerate(ledger.plan, start=1))


def _part(ledger: Ledger, template: LoadedTemplate, index: int, context: dict) -> Part:
    spec = template.model.parts[index]
    if spec.from_plan:
        sections = _plan_sections(ledger, template)
    else:
        sections = tuple(
            Section(f"（{cn_number(s + 1)}）",
                    template.render(("parts", index, "sections", s, "heading"), section.heading, **context),
                    tuple(Paragraph(template.render(("parts", index, "sections", s, "paragraphs", p), text, **context))
                          for p, text in enumerate(section.paragraphs)))
            for s, section in enumerate(spec.sections))
    heading = template.render(("parts", index, "heading"), spec.heading, **context)
    return Part(f"{cn_number(index + 1)}、", heading, sections)


def build_report(ledger: Ledger, template: LoadedTemplate, fig: Optional[FigureValues] = None) -> Report:
    """The report for these records at ledger.settings.as_of (ledger/records/dated.py: as known on another date)."""
    fig = fig or compute_figures(ledger)
    context = prose_context(ledger, fig, template)
    spec = template.model
    return Report(
        title=template.render(("title",), spec.title, **context),
        opening=tuple(Paragraph(template.render(("opening", i), text, **context))
                      for i, text in enumerate(spec.opening)),
        parts=tuple(_part(ledger, template, i, context) for i in range(len(spec.parts))),
        signature=template.render(("signature",), spec.signature, **context),
        date=ledger.settings.as_of,
    )
