"""The Word report read back with python-docx: content, 公文 fonts (East Asian too), sizes, margins, page numbers."""
import importlib.util
import math
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length, Pt

from ledger import load_ledger
from ledger.exports.docx import TEMPLATE_PATH, write_docx
from ledger.views.report import build_report
from ledger.views.report_template import DEFAULT_TEMPLATE, load_template
from ledger.views.report_views import report_text


@pytest.fixture(scope="module")
def report(root):
    return build_report(load_ledger(root / "data"), load_template(root / DEFAULT_TEMPLATE))


@pytest.fixture(scope="module")
def doc(report, tmp_path_factory):
    path = write_docx(report, tmp_path_factory.mktemp("docx") / "report.docx")
    return Document(str(path))


def east_asian(element) -> str | None:
    r_pr = element.rPr
    return None if r_pr is None or r_pr.rFonts is None else r_pr.rFonts.get(qn("w:eastAsia"))


def ascii_font(element) -> str | None:
    r_pr = element.rPr
    return None if r_pr is None or r_pr.rFonts is None else r_pr.rFonts.get(qn("w:ascii"))


def close(length, mm: float) -> bool:
    return abs(Length(length).mm - mm) < 0.1


def test_the_paragraphs_are_the_report_in_order(doc, report):
    lines = report_text(report).splitlines()
    assert [p.text for p in doc.paragraphs] == lines
    body = "\n".join(lines)
    for fact in ("组织主题教育专题读书班1期（7天）", "梳理形成问题清单8个", "截至到目前已完成问题整改6个",
                 "新建《XX市XX区气象局重大气象灾害业务服务应急响应实施办法》等制度2个", "1人获评区青年岗位能手"):
        assert fact in body


def test_a4_with_the_gongwen_margins(doc):
    section = doc.sections[0]
    assert close(section.page_width, 210) and close(section.page_height, 297)
    assert close(section.top_margin, 37) and close(section.bottom_margin, 35)
    assert close(section.left_margin, 28) and close(section.right_margin, 26)
    assert close(section.page_width - section.left_margin - section.right_margin, 156)
    assert close(section.page_height - section.top_margin - section.bottom_margin, 225)


def test_22_lines_of_28_characters(doc):
    section = doc.sections[0]
    normal = doc.styles["Normal"]
    spacing = normal.paragraph_format.line_spacing
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert math.floor((section.page_height - section.top_margin - section.bottom_margin) / spacing) == 22
    tracking_pt = int(normal.element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    pitch = normal.font.size.pt + tracking_pt
    text_width_pt = Length(section.page_width - section.left_margin - section.right_margin).pt
    assert math.floor(text_width_pt / pitch) == 28


@pytest.mark.parametrize("style, font, size", [
    ("公文标题", "方正小标宋简体", 22), ("Normal", "仿宋_GB2312", 16), ("Heading 1", "黑体", 16),
    ("Heading 2", "楷体_GB2312", 16), ("Heading 3", "仿宋_GB2312", 16), ("公文引题", "楷体_GB2312", 16),
    ("公文落款", "仿宋_GB2312", 16),
])
def test_styles_name_the_gongwen_fonts_for_east_asian_text(doc, style, font, size):
    s = doc.styles[style]
    assert east_asian(s.element) == font and ascii_font(s.element) == font
    assert s.font.size == Pt(size)
    assert s.font.bold in (None, False)


def test_every_run_sets_its_east_asian_font(doc):
    runs = [run for p in doc.paragraphs for run in p.runs]
    assert len(runs) > len(doc.paragraphs) - 1
    for run in runs:
        assert east_asian(run._r) and east_asian(run._r) == ascii_font(run._r), run.text


def test_headings_titles_and_leads_use_their_styles_and_fonts(doc):
    by_text = {p.text: p for p in doc.paragraphs}
    title = doc.paragraphs[0]
    assert title.style.name == "公文标题" and title.alignment in (None, WD_ALIGN_PARAGRAPH.CENTER)
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian(title.runs[0]._r) == "方正小标宋简体"
    one = by_text["一、主题教育开展情况"]
    assert one.style.name == "Heading 1" and east_asian(one.runs[0]._r) == "黑体"
    first = by_text["（一）坚持政治统领，将理论学习贯穿主题教育始终"]
    assert first.style.name == "Heading 2" and east_asian(first.runs[0]._r) == "楷体_GB2312"
    plan = next(p for p in doc.paragraphs if p.text.startswith("（一）注重上下联动。"))
    lead, body = plan.runs
    assert (lead.text, lead.style.name, east_asian(lead._r)) == ("（一）注重上下联动。", "公文引题", "楷体_GB2312")
    assert east_asian(body._r) == "仿宋_GB2312" and plan.style.name == "Normal"
    assert doc.styles["Normal"].paragraph_format.first_line_indent == Pt(32)


def test_signature_and_date_close_the_report_on_the_right(doc):
    signature, date = doc.paragraphs[-2:]
    assert (signature.text, date.text) == ("XX区气象局", "2023年11月20日")
    assert date.style.name == signature.style.name == "公文落款"
    assert date.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.style.paragraph_format.right_indent == Pt(64)  # 右空四字
    assert signature.paragraph_format.right_indent > Pt(64)    # centred over the wider date


def _footer_paragraph(footer):
    (paragraph,) = footer.paragraphs
    return paragraph


@pytest.mark.parametrize("which, alignment, side", [
    ("footer", WD_ALIGN_PARAGRAPH.RIGHT, "right"), ("even_page_footer", WD_ALIGN_PARAGRAPH.LEFT, "left")])
def test_page_numbers_dash_4hao_songti_at_the_outer_edge(doc, which, alignment, side):
    assert doc.settings.odd_and_even_pages_header_footer
    paragraph = _footer_paragraph(getattr(doc.sections[0], which))
    assert paragraph.alignment == alignment
    indent = paragraph.paragraph_format.right_indent if side == "right" else paragraph.paragraph_format.left_indent
    assert indent == Pt(14)  # one character in
    assert paragraph.text == "— 1 —"
    xml = paragraph._p.xml
    assert 'w:fldCharType="begin"' in xml and "PAGE" in xml and 'w:fldCharType="end"' in xml
    for run in paragraph.runs:
        assert east_asian(run._r) == "宋体" and run.font.size == Pt(14)


def test_document_properties_carry_the_title_and_as_of_date(doc, report):
    assert doc.core_properties.title == report.title
    assert doc.core_properties.created.date() == report.date


def test_the_template_is_our_own_and_matches_its_generator(root):
    """The committed template is exactly what tools/make_docx_template.py writes, not python-docx's default."""
    spec = importlib.util.spec_from_file_location("make_docx_template", root / "tools" / "make_docx_template.py")
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    with zipfile.ZipFile(TEMPLATE_PATH) as package:
        committed = {name: package.read(name).decode("utf-8") for name in package.namelist()}
    assert committed == maker.package_parts(), "模板与生成脚本不一致：请运行 tools/make_docx_template.py 并提交"
    template = Document(str(TEMPLATE_PATH))
    assert not template.paragraphs
    assert "stylesWithEffects.xml" not in " ".join(committed)  # python-docx's default carries this part
