"""The report as a Word file in 党政机关公文格式 (GB/T 9704-2012), from our own template.

Page, margins, fonts, line grid and page numbers live in ledger/exports/templates/gongwen.docx
(made by tools/make_docx_template.py). Here we only add paragraphs in its styles, and set
every run's fonts (ASCII and East Asian alike) to its style's font, because Word picks a
Chinese run's font from w:eastAsia, which the style alone does not always settle.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from ledger.views.report import Paragraph, Report
from ledger.text import cn_date, display_width

TEMPLATE_PATH = Path(__file__).parent / "templates" / "gongwen.docx"

# Style names in the template (w:name); python-docx also accepts "Heading 1" for "heading 1".
TITLE_STYLE = "公文标题"
BODY_STYLE = "Normal"
LEVEL_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}
SIGNATURE_STYLE = "公文落款"
LEAD_STYLE = "公文引题"          # character style: a run-in （一） heading inside a body paragraph
DATE_RIGHT_CHARS = 4             # 成文日期右空四字, as the 公文落款 style sets it
CHAR_TWIPS = 320                 # one 3号 character, 16 pt
FONT_ATTRIBUTES = ("ascii", "hAnsi", "eastAsia", "cs")
_THEME_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def set_fonts(element, font: str) -> None:
    """Give a run or style element one font for every script, East Asian included."""
    r_fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for name in _THEME_ATTRIBUTES:
        r_fonts.attrib.pop(qn(f"w:{name}"), None)
    for name in FONT_ATTRIBUTES:
        r_fonts.set(qn(f"w:{name}"), font)


def style_font(style) -> str:
    """The East Asian font a style sets, looking through the styles it is based on."""
    while style is not None:
        r_pr = style.element.rPr
        if r_pr is not None and r_pr.rFonts is not None and r_pr.rFonts.get(qn("w:eastAsia")):
            return r_pr.rFonts.get(qn("w:eastAsia"))
        style = style.base_style
    raise ValueError("模板样式没有设置中文字体")


def _add_paragraph(doc: DocxDocument, style_name: str, paragraph: Paragraph | str):
    content = paragraph if isinstance(paragraph, Paragraph) else Paragraph(paragraph)
    block = doc.add_paragraph(style=style_name)
    if content.lead:
        lead = block.add_run(content.lead, style=LEAD_STYLE)
        set_fonts(lead._r, style_font(doc.styles[LEAD_STYLE]))
    run = block.add_run(content.text)
    set_fonts(run._r, style_font(doc.styles[style_name]))
    return block


def _centre_over(paragraph, signature: str, date_text: str) -> None:
    """署名 centred above 成文日期: its right indent is the date's plus half their difference in width."""
    chars = DATE_RIGHT_CHARS + max(0, display_width(date_text) - display_width(signature)) / 4
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:rightChars"), str(round(chars * 100)))  # Word reads the character count first
    ind.set(qn("w:right"), str(round(chars * CHAR_TWIPS)))


def _clear_body(doc: DocxDocument) -> None:
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def report_document(report: Report, template: str | os.PathLike = TEMPLATE_PATH) -> DocxDocument:
    doc = Document(str(template))
    _clear_body(doc)
    _add_paragraph(doc, TITLE_STYLE, report.title)
    for paragraph in report.opening:
        _add_paragraph(doc, BODY_STYLE, paragraph)
    for part in report.parts:
        _add_paragraph(doc, LEVEL_STYLES[1], part.number + part.heading)
        for section in part.sections:
            if section.heading:
                _add_paragraph(doc, LEVEL_STYLES[2], section.number + section.heading)
            for paragraph in section.paragraphs:
                _add_paragraph(doc, BODY_STYLE, paragraph)
    signature = _add_paragraph(doc, SIGNATURE_STYLE, report.signature)
    signature.paragraph_format.space_before = doc.styles[BODY_STYLE].paragraph_format.line_spacing * 2
    _centre_over(signature, report.signature, cn_date(report.date))
    _add_paragraph(doc, SIGNATURE_STYLE, cn_date(report.date))
    _set_properties(doc, report)
    return doc


def _set_properties(doc: DocxDocument, report: Report) -> None:
    """Title and dates from the report (the as-of date), so the same records give the same file."""
    props = doc.core_properties
    props.title = report.title
    props.author = report.signature
    props.last_modified_by = report.signature
    moment = dt.datetime.combine(report.date, dt.time())
    props.created = moment
    props.modified = moment
    props.revision = 1


def write_docx(report: Report, path: str | os.PathLike) -> Path:
    path = Path(path)
    report_document(report).save(str(path))
    return path
