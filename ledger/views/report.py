"""The 汇报 as one structured document built from records and Figures.

The web page, the printed text and the Word file all render this one model, so
they cannot disagree. Connecting prose comes from the template
(report_template.py); every figure and list comes from the records.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Optional

from ledger.views.figures import Figures, campaign_activities, compute_figures
from ledger.records.ledger import Ledger
from ledger.views.report_template import LoadedTemplate
from ledger.views.tables import honour_phrase
from ledger.text import cn_number

# The order in which the report states honours: rankings, then cases and collective honours, then people.
_HONOUR_GROUPS: tuple[tuple[str, ...], ...] = (("发展排名",), ("优秀案例", "集体荣誉"))
_PERSONAL = "个人荣誉"


@dataclass(frozen=True)
class Paragraph:
    text: str
    lead: str = ""  # a run-in heading printed before the text in the heading font: "（一）注重上下联动。"


@dataclass(frozen=True)
class Section:
    number: str                 # "（一）"
    heading: str                # without number; empty when the heading runs into the paragraph
    paragraphs: tuple[Paragraph, ...]


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


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _honours_text(ledger: Ledger) -> str:
    """Rankings as sentences; cases and collective honours joined by ；; people's honours by ，."""
    sentences = [honour_phrase(h) + "。" for h in ledger.honours if h.category in _HONOUR_GROUPS[0]]
    clauses = [honour_phrase(h) for h in ledger.honours if h.category in _HONOUR_GROUPS[1]]
    personal = [honour_phrase(h) for h in ledger.honours if h.category == _PERSONAL]
    if personal:
        clauses.append("，".join(personal))
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


def _problem_sources_text(fig: Figures, template: LoadedTemplate) -> str:
    wording = template.model.phrases.problem_sources
    return "、".join(wording.get(source, source) for source, count in fig.problems_by_source.items() if count)


def prose_context(ledger: Ledger, fig: Figures, template: LoadedTemplate) -> dict[str, object]:
    """Every variable the prose template may use: figures, settings and lists from records."""
    new_regulations = [r for r in ledger.regulations if r.kind == "新建"]
    return {
        "settings": ledger.settings,
        "fig": fig,
        "documents": join_and(b.title for b in ledger.books if b.kind == "文件"),
        "books": join_titles(b.title for b in ledger.books if b.kind == "书目"),
        "lecturers": "、".join(_unique(a.speaker for a in campaign_activities(ledger) if a.type == "专题党课")),
        "topics": "、".join(t.name for t in ledger.topics),
        "places": "、".join(fig.places_visited),
        "report_titles": join_titles(r.title for r in ledger.reports if r.status == "已完成"),
        "all_cases_dissected": bool(ledger.cases) and all(c.dissected for c in ledger.cases),
        "actions": _actions_text(ledger, template),
        "honours": _honours_text(ledger),
        "problem_sources": _problem_sources_text(fig, template),
        "mechanisms": _mechanisms_text(ledger, template),
        "first_new_regulation": new_regulations[0].title if new_regulations else "",
        "outputs": "、".join(o.title for o in ledger.outputs),
        "partners": "、".join(_unique(p for o in ledger.outputs for p in o.partners)),
        "visits": "、".join(v.name for v in ledger.visits),
    }


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


def build_report(ledger: Ledger, template: LoadedTemplate, fig: Optional[Figures] = None) -> Report:
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
