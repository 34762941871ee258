"""A Table in the report model, as Word writes it (a roll-up's table of units): inside the 公文 text block,
its header repeated on every page, the 合计 row bold, fonts set for Chinese, cells single-spaced off the grid."""
import datetime as dt

from docx import Document
from docx.oxml.ns import qn

from ledger.exports.docx import TEXT_WIDTH_MM, write_docx
from ledger.views.report import Paragraph, Part, Report, Section, Table
from ledger.views.report_views import report_text


def table_report(columns: int, rows: int) -> Report:
    header = ("单位", "截至日期", *(f"第{i}个数字\n（个）" for i in range(columns)))
    body = [(f"第{r}个单位", "2023年\n11月28日", *(str(100 * r + c) for c in range(columns))) for r in range(rows)]
    body.append(("合计", "2023年\n11月30日", *("9999" for _ in range(columns))))
    table = Table(header, tuple(body), total=True)
    section = Section("（一）", "各单位数字汇总表", (Paragraph("各单位的数字如下表。"), table))
    return Report("某单位的汇报", (), (Part("一、", "情况", (section,)),), "某单位", dt.date(2023, 11, 30))


def test_a_wide_table_fits_the_text_block_and_repeats_its_header(tmp_path):
    for columns, rows in ((3, 2), (14, 40)):
        doc = Document(str(write_docx(table_report(columns, rows), tmp_path / f"t{columns}.docx")))
        table = doc.tables[0]
        widths = [cell.width.mm for cell in table.rows[0].cells]
        assert sum(widths) <= TEXT_WIDTH_MM + 0.5 and min(widths) > 8
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None        # repeated on each page
        assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])
        total = table.rows[-1].cells[2].paragraphs[0].runs[0]
        assert total.text == "9999" and total.bold and not table.rows[1].cells[2].paragraphs[0].runs[0].bold
        header_run = table.rows[0].cells[2].paragraphs[0].runs[0]
        assert header_run.element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
        assert table.rows[0].cells[2].text == "第0个数字\n（个）"                    # the unit on a line of its own
        cell = table.rows[1].cells[0].paragraphs[0]
        assert cell._p.pPr.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"
        assert cell._p.pPr.ind.get(qn("w:firstLineChars")) == "0"
    # a few columns at 五号; many at 小五
    small = Document(str(tmp_path / "t3.docx")).tables[0].rows[1].cells[2].paragraphs[0].runs[0].font.size.pt
    large = Document(str(tmp_path / "t14.docx")).tables[0].rows[1].cells[2].paragraphs[0].runs[0].font.size.pt
    assert (small, large) == (10.5, 9)


def test_a_table_reads_as_lines_of_cells_in_plain_text():
    text = report_text(table_report(2, 1))
    assert "单位\t截至日期\t第0个数字（个）\t第1个数字（个）" in text
    assert "合计\t2023年11月30日\t9999\t9999" in text
