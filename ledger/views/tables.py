"""Tables and lists built from records, for the pages. Every record value is escaped here.

The tables of records (a 市局's ledger has hundreds of rows) are written as HTML (html_table): Python-Markdown
then does not parse each cell; tables whose cells link to docs pages by their .md paths stay Markdown, since
MkDocs rewrites only Markdown links."""
from __future__ import annotations

import re
import typing
from urllib.parse import quote
from typing import Callable, Iterable, Literal, Optional, Sequence

from ledger.records.campaign import choice_list_of
from ledger.records.ledger import Ledger
from ledger.records.models import type_hints
from ledger.records.registry import kind as record_kind
from ledger.views.measures import matches
from ledger.text import cn_date, escape_text, join_cn
from ledger.views.tracker import ALERT_NAMES

LinkFor = Callable[[str], Optional[str]]  # record ID -> relative URL, or None for no link


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Cells must already be safe (see cell()); headers are our own words."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    if len(lines) == 2:
        return "*（暂无记录）*"
    return "\n".join(lines)


def html_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """markdown_table's table written as HTML: Python-Markdown passes an HTML block through untouched, so a list
    of hundreds of rows costs no Markdown parsing. Cells as for markdown_table (escape_text's output is HTML-safe
    too); links in them must be final addresses (html_link), since nothing rewrites links inside HTML."""
    body = "".join("<tr>" + "".join(f"<td>{value}</td>" for value in row) + "</tr>\n" for row in rows)
    if not body:
        return "*（暂无记录）*"
    head = "".join(f"<th>{header}</th>" for header in headers)
    return f"<table>\n<thead>\n<tr>{head}</tr>\n</thead>\n<tbody>\n{body}</tbody>\n</table>"


def html_link(text: str, url: Optional[str]) -> str:
    """Text linked to a final address (relative URL), or the text alone when there is none."""
    return f'<a href="{quote(url, safe="/#")}">{escape_text(text)}</a>' if url else escape_text(text)


def cell(value: object) -> str:
    return escape_text(value)


def date_cell(value) -> str:
    """A date in a table cell, kept on one line (2023年9月11日 never breaks before 日); empty for None."""
    text = cn_date(value)
    return f'<span class="nowrap">{escape_text(text)}</span>' if text else ""


_CN_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")


def text_cell(value: object) -> str:
    """Free text in a table cell whose dates stay on one line (已逾期5天（整改时限2023年11月15日）)."""
    return _CN_DATE.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', escape_text(value))


def choice_cell(value: object) -> str:
    """A fixed choice (状态, 类型, 类别) in a table cell, on one line: 已印发 never prints as 已/印/发."""
    text = escape_text(value)
    return f'<span class="nowrap">{text}</span>' if text else ""


def cells_list(values: Iterable[object]) -> str:
    return "<br>".join(escape_text(v) for v in values)


def link_target(path: str) -> str:
    """A relative file path as a Markdown link destination: every character but "/" percent-encoded, in
    angle brackets, so that a file named a)b.pdf, 整改 材料.pdf or 100%.pdf still links to itself."""
    return "<" + quote(path, safe="/") + ">"


def linked(text: str, path: Optional[str]) -> str:
    """Text linked to a docs file (relative path), or the text alone when there is no path."""
    return f"[{escape_text(text)}]({link_target(path)})" if path else escape_text(text)


def bullet_list(items: Iterable[object]) -> str:
    lines = [f"- {escape_text(item)}" for item in items]
    return "\n".join(lines) if lines else "*（暂无记录）*"


def activity_table(ledger: Ledger, activity_type: Optional[str] = None) -> str:
    rows = [
        [cell(a.id), choice_cell(a.type), cell(a.title), date_cell(a.date), cell(a.days),
         cell(a.speaker or a.place or a.organizer or "")]
        for a in sorted(ledger.activities, key=lambda a: a.date)
        if activity_type is None or a.type == activity_type
    ]
    return html_table(["编号", "类型", "题目", "日期", "天数", "主讲人/地点"], rows)


def book_list(ledger: Ledger) -> str:
    return bullet_list(f"{b.title}（{b.kind}）" for b in ledger.books)


def topic_table(ledger: Ledger) -> str:
    rows = [[cell(t.id), cell(t.name), cell(t.leader), cell(t.department), cell(join_cn(t.places)),
             date_cell(t.visit_date)] for t in ledger.topics]
    return html_table(["编号", "调研选题", "带队领导", "责任科室", "走访地点", "调研日期"], rows)


def research_report_table(ledger: Ledger) -> str:
    rows = []
    for r in ledger.reports:
        topic = ledger.topic(r.topic)
        rows.append([cell(r.id), cell(r.title), cell(topic.name), choice_cell(r.status), date_cell(r.completed),
                     cells_list(r.outcomes)])
    return html_table(["编号", "调研报告", "选题", "状态", "完成日期", "成果转化"], rows)


def case_table(ledger: Ledger) -> str:
    rows = [[cell(c.id), choice_cell(c.kind), cell(c.title), cell("已开展" if c.dissected else "未开展")]
            for c in ledger.cases]
    return html_table(["编号", "类型", "典型案例", "解剖式调研"], rows)


def action_sections(ledger: Ledger) -> str:
    parts = []
    for a in ledger.actions:
        parts.append(f"### {escape_text(a.name, line_breaks=' ')}：{escape_text(a.aim, line_breaks=' ')}\n\n"
                     f"{bullet_list(a.measures)}")
    return "\n\n".join(parts) if parts else "*（暂无记录）*"


def visit_table(ledger: Ledger) -> str:
    rows = [[cell(v.id), cell(v.name), date_cell(v.date)] for v in ledger.visits]
    return html_table(["编号", "走访单位", "走访日期"], rows)


def honour_phrase(honour, campaign) -> str:
    """How the report words an honour, by its category's wording in the campaign definition:
    people '1人获评……', recipient '局党支部获评……', award the honour alone."""
    choice = campaign.choice("honour_categories", honour.category) if campaign is not None else None
    wording = choice.wording if choice else "award"
    if wording == "people" and honour.people:
        return f"{honour.people}人{honour.award}"
    if wording == "recipient":
        return f"{honour.recipient}{honour.award}"
    return honour.award


def honour_table(ledger: Ledger) -> str:
    rows = [[cell(h.id), choice_cell(h.category), cell(honour_phrase(h, ledger.campaign))] for h in ledger.honours]
    return html_table(["编号", "类别", "荣誉与成效"], rows)


# The problem list shows what a reader scans; the rest of a problem is on its own page (problem_page.py).
# docs/stylesheets/tracker.css lays these columns out as cards on a phone, in this order.
PROBLEM_LIST_COLUMNS = ("编号", "问题描述", "责任科室", "整改时限", "整改状态")
ALL_ROWS_WITHOUT_SCRIPT = ('<noscript><style>.md-typeset .problem-list--all tbody tr:nth-child(n+101)'
                           '{display:table-row!important}</style></noscript>')


def problem_table(ledger: Ledger, url_for: LinkFor = lambda _id: None,
                  remark_for: Optional[Callable[[str], str]] = None) -> str:
    """The problem list: ID (linked to the problem's page: `url_for` gives its final relative address), description,
    department, deadline, status. `remark_for` (ID -> safe HTML, see trackview.remarks) adds the tracker's marks
    (逾期5天) to the status. Written as HTML (html_table): a 市局's list has hundreds of rows."""
    rows = []
    for p in ledger.problems:
        remark = remark_for(p.id) if remark_for else ""
        status = cell(p.status) + (f"<br>{remark}" if remark else "")
        rows.append([html_link(p.id, url_for(p.id)), cell(p.description), cell(p.department),
                     date_cell(p.deadline), status])
    if not rows:
        return html_table(PROBLEM_LIST_COLUMNS, rows)
    # problem-list--all: the whole list, which docs/javascripts/problem-filter.js gives its filters (data-flags:
    # the tracker's marks it offers, in the board's order, as each mark's title in the status cells names them).
    # A long list shows its first 100 rows until the script pages it (docs/stylesheets/problem-filter.css);
    # without scripts every row shows.
    flags = " ".join(ALERT_NAMES.values())
    return (f'<div class="problem-list problem-list--all" data-flags="{flags}">\n'
            f'{html_table(PROBLEM_LIST_COLUMNS, rows)}\n</div>\n\n{ALL_ROWS_WITHOUT_SCRIPT}')


def mechanism_list(ledger: Ledger) -> str:
    lines = [f"- **{escape_text(mech.name)}**：{escape_text(join_cn(mech.parts))}" for mech in ledger.mechanisms]
    return "\n".join(lines) if lines else "*（暂无记录）*"


def regulation_table(ledger: Ledger, link_for: LinkFor = lambda _id: None) -> str:
    rows = [[cell(r.id), cell(r.title), choice_cell(r.kind), choice_cell(r.status), date_cell(r.issued),
             "、".join(linked(ref, link_for(ref)) for ref in r.answers)]
            for r in ledger.regulations]
    return markdown_table(["编号", "制度名称", "新建/修订", "状态", "印发日期", "回应问题"], rows)


def output_table(ledger: Ledger) -> str:
    rows = [[cell(o.id), cell(o.title), choice_cell(o.kind), cell(join_cn(o.partners)), choice_cell(o.status)]
            for o in ledger.outputs]
    return html_table(["编号", "成果名称", "类别", "联合部门", "状态"], rows)


def plan_sections(ledger: Ledger) -> str:
    parts = [f"### {escape_text(item.title, line_breaks=' ')}\n\n{escape_text(item.text)}" for item in ledger.plan]
    return "\n\n".join(parts) if parts else "*（暂无记录）*"


# How a figure card reads (docs/stylesheets/ledger.css): a plain count, a good result, or a warning count
# that is red only when it is not zero. The tone is the figure's own (data/campaign.yml: tone).
PLAIN, GOOD, WARN = "plain", "good", "warn"


def _card_value(fig, item) -> tuple[str, str, str]:
    """(value text, label, tone) of one card: a figure id, or [id, companion id] shown as 1期（7天）."""
    ids = [item] if isinstance(item, str) else list(item)
    first = fig.spec(ids[0])
    value = fig[ids[0]]
    if isinstance(value, (list, tuple)):
        value = "、".join(map(str, value))
    if len(ids) == 1:
        return str(value), first.caption, first.tone
    companions = "，".join(f"{fig[other]}{fig.unit(other)}" for other in ids[1:])
    return f"{value}{first.unit}（{companions}）", first.label, first.tone


def figure_cards(fig, items: Iterable) -> str:
    """Dashboard cards from figure ids, as a grid of big numbers, each named as the campaign names it:
    ["problem_count", "problems_done"], or a pair ["reading_class_count", "reading_class_days"] for one
    card that reads 1期（7天）. A figure's tone: plain, good (已完成, 完成率) or warn (逾期…: red when not 0).
    The spaces between the parts keep them apart where the page is read as text (search results,
    copying, screen readers)."""
    cards = []
    for item in items:
        value, label, tone = _card_value(fig, item)
        if tone == WARN:
            tone = "warn" if value not in ("0", "") else "clear"
        cards.append(f'<div class="figure-card figure-card--{tone}"><span class="figure-value">{escape_text(value)}</span> '
                     f'<span class="figure-label">{escape_text(label)}</span></div>')
    return f'<div class="figure-cards">{" ".join(cards)}</div>'


def record_table(ledger: Ledger, kind_key: str, columns: Sequence[str], where: Optional[dict] = None,
                 link_for: LinkFor = lambda _id: None) -> str:
    """A table of one kind's records: the chosen fields as columns (headed by their titles), the records
    matching `where` (field: value, or field: [values]) in their order. Dates stay on one line, lists are
    joined by 、, yes/no reads 是/否; an ID links to the record's own page where it has one."""
    kind = record_kind(kind_key)
    fields = kind.model.model_fields
    unknown = [c for c in columns if c not in fields]
    if unknown:
        raise ValueError(f"{kind.noun}没有字段：{'、'.join(unknown)}；可用的字段：{'、'.join(fields)}")
    where = where or {}
    words = {c for c in columns if is_word_field(kind.model, c)}
    rows = []
    for record in ledger.records(kind):
        if matches(record, where):
            rows.append([_record_cell(record, column, link_for, column in words) for column in columns])
    return markdown_table([(fields[c].title or c).split("（")[0] for c in columns], rows)


def is_word_field(model, name: str) -> bool:
    """A field taking one fixed word (a choice of the campaign, a status): its cell stays on one line."""
    hint = type_hints(model)[name]
    return choice_list_of(hint) is not None or any(typing.get_origin(h) is Literal
                                                   for h in (hint, *typing.get_args(hint)))


def _record_cell(record, column: str, link_for: LinkFor, word: bool = False) -> str:
    value = getattr(record, column)
    if column == "id":
        return linked(value, link_for(value))
    if word:
        return choice_cell(value)
    if isinstance(value, bool):
        return cell("是" if value else "否")
    if hasattr(value, "isoformat"):
        return date_cell(value)
    if isinstance(value, (list, tuple)):
        return cell(join_cn([str(v) for v in value]))
    return cell("" if value is None else value)


def progress_bar(done: int, total: int, label: str = "整改完成率") -> str:
    """A bar of done out of total. Screen readers announce its name (label) and its value in words
    ("已完成6，共8，75%"), not a bare number (WCAG 4.1.2, axe's aria-progressbar-name)."""
    width = 0 if total == 0 else round(done * 100 / total)
    return (f'<div class="progress-bar" role="progressbar" aria-label="{escape_text(label)}" '
            f'aria-valuenow="{done}" aria-valuemin="0" aria-valuemax="{total}" '
            f'aria-valuetext="已完成{done}，共{total}，{width}%"><span style="width:{width}%"></span></div>')
