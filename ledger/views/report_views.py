"""The report model as plain text (command line) and as a Markdown page (site). Word is in export_docx."""
from __future__ import annotations

from ledger.views.report import Paragraph, Report
from ledger.text import cn_date, escape_text


def report_text(report: Report) -> str:
    """One paragraph a line, as the report reads on paper; the signature and date close it."""
    return "\n".join([*report.section_texts(), report.signature, cn_date(report.date)]) + "\n"


def _markdown_paragraph(paragraph: Paragraph) -> str:
    lead = f'<span class="report-lead">{escape_text(paragraph.lead)}</span>' if paragraph.lead else ""
    return lead + escape_text(paragraph.text)


def report_markdown(report: Report, preface: str = "") -> str:
    """The report page: headings as Markdown headings, every text escaped (records are data).

    `preface` (safe HTML, e.g. download buttons) goes right under the title.
    """
    blocks = ['<div class="gongwen" markdown>', f"# {escape_text(report.title, line_breaks=' ')}"] + ([preface] if preface else [])
    blocks += [_markdown_paragraph(p) for p in report.opening]
    for part in report.parts:
        blocks.append(f"## {escape_text(part.number + part.heading, line_breaks=' ')}")
        for section in part.sections:
            if section.heading:
                blocks.append(f"### {escape_text(section.number + section.heading, line_breaks=' ')}")
            blocks += [_markdown_paragraph(p) for p in section.paragraphs]
    blocks.append(f'<p class="report-signature">{escape_text(report.signature)}<br>'
                  f'{escape_text(cn_date(report.date))}</p>')
    blocks.append("</div>")
    return "\n\n".join(blocks)
