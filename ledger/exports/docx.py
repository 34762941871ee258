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
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ledger.views.report import Paragraph, Report, Table
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


TABLE_FONT_SIZES = (Pt(10.5), Pt(9))   # 五号, or 小五 when a table of many columns would not fit at 五号
TEXT_WIDTH_MM = 156              # the 公文 text block
TABLE_CELL_MARGIN_TWIPS = 45     # 0.8 mm each side (Word's default is 1.9 mm): more room for figures
TABLE_CELL_MARGIN_MM = 2 * TABLE_CELL_MARGIN_TWIPS * 25.4 / 1440
HEADER_FONT_STYLE = LEVEL_STYLES[1]   # 黑体, as the level-1 headings


def _borders(table) -> None:
    """Single 0.5 pt lines around and between every cell (the template's Normal Table has none)."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for name, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            line.set(qn(f"w:{name}"), value)
        borders.append(line)
    tbl_pr.append(borders)


def _cell_text(doc: DocxDocument, cell, text: str, size: Pt, *, header: bool, first: bool, bold: bool) -> None:
    """One cell: single-spaced, no first-line indent; the header in 黑体, numbers centred; a line break
    where the text has one (a header's unit on a line of its own)."""
    block = cell.paragraphs[0]
    snap = OxmlElement("w:snapToGrid")   # single lines, not the body's 22-lines-a-page grid
    snap.set(qn("w:val"), "0")
    block._p.get_or_add_pPr().append(snap)
    fmt = block.paragraph_format
    ind = block._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), "0")   # Word reads the style's character count before a length
    fmt.first_line_indent = Pt(0)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(round(size.pt * 1.4))
    block.alignment = WD_ALIGN_PARAGRAPH.LEFT if first and not header else WD_ALIGN_PARAGRAPH.CENTER
    run = block.add_run(text)
    run.font.size = size
    run.bold = bold or None
    set_fonts(run._r, style_font(doc.styles[HEADER_FONT_STYLE if header else BODY_STYLE]))


def _column_widths(table: Table) -> tuple[Pt, list[float]]:
    """The font size and millimetres per column: each column as wide as its longest cell wants (at least 3
    characters, so that a header wraps in short lines; at most 7.5, so that a date stays on one line), in
    五号 when that fits the text block, else in 小五 and all narrowed alike if it still does not fit."""
    def longest(text: str) -> float:   # in characters (a digit is about two thirds of one; bold a little wider)
        return max(display_width(line) * 0.65 for line in text.split("\n")) + 0.3

    chars = [min(8.0, max(3.0, max((longest(row[c]) for row in table.rows), default=0)))
             for c in range(len(table.header))]
    for size in TABLE_FONT_SIZES:
        wanted = [n * size.pt * 25.4 / 72 + TABLE_CELL_MARGIN_MM for n in chars]
        if sum(wanted) <= TEXT_WIDTH_MM:
            break
    scale = min(1.0, TEXT_WIDTH_MM / sum(wanted))
    return size, [w * scale for w in wanted]


def _add_table(doc: DocxDocument, table: Table) -> None:
    """A table no wider than the text block, its header row repeated on every page it runs onto."""
    made = doc.add_table(rows=1 + len(table.rows), cols=len(table.header))
    made.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(made)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(TABLE_CELL_MARGIN_TWIPS))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    made._tbl.tblPr.append(margins)
    made.autofit = False
    size, widths = _column_widths(table)
    for column, width in zip(made.columns, widths):
        column.width = Mm(width)
    for r, values in enumerate((table.header, *table.rows)):
        row = made.rows[r]
        if r == 0:
            repeat = OxmlElement("w:tblHeader")
            row._tr.get_or_add_trPr().append(repeat)
        cant_split = OxmlElement("w:cantSplit")
        row._tr.get_or_add_trPr().append(cant_split)
        for c, text in enumerate(values):
            row.cells[c].width = Mm(widths[c])
            row.cells[c].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            _cell_text(doc, row.cells[c], text, size, header=r == 0, first=c == 0,
                       bold=table.total and r == len(table.rows))


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
                if isinstance(paragraph, Table):
                    _add_table(doc, paragraph)
                else:
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
