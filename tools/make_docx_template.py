"""Write ledger/exports/templates/gongwen.docx: our own Word template in 党政机关公文格式 (GB/T 9704-2012).

Run from the project folder after changing anything below, then commit the .docx:

    .venv/bin/python tools/make_docx_template.py

The template is a minimal WordprocessingML package written here part by part (python-docx can
only start from its own US-Letter default). What it fixes:
- A4; margins top 37 mm, left (binding side) 28 mm, bottom 35 mm, right 26 mm: a 156 x 225 mm text block.
- 22 lines x 28 characters: line pitch 579 twips (28.95 pt), fixed; characters 15.75 pt apart.
- Styles: 公文标题 方正小标宋简体 2号; Normal 仿宋_GB2312 3号, first line indented 2 characters;
  heading 1 (一、) 黑体, heading 2 (（一）) 楷体_GB2312, heading 3 (1.) 仿宋_GB2312, all 3号;
  公文引题 (a run-in （一） heading) 楷体_GB2312; 公文落款 right-aligned, 4 characters in.
- Page numbers "— 1 —" in 4号 宋体 as PAGE fields: odd pages at the right, even pages at the left,
  one character in (different odd and even footers).
Every font is given for ASCII and East Asian text alike (w:eastAsia), and the font table names
the usual fallbacks (仿宋, 楷体, 宋体) for machines without the GB2312 fonts.
"""
from __future__ import annotations

import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ledger.exports.docx import (  # noqa: E402  (after the path is set)
    LEAD_STYLE, SIGNATURE_STYLE, TEMPLATE_PATH, TITLE_STYLE,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def mm_to_twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


PAGE_W, PAGE_H = mm_to_twips(210), mm_to_twips(297)
TOP, BOTTOM, LEFT, RIGHT = mm_to_twips(37), mm_to_twips(35), mm_to_twips(28), mm_to_twips(26)
HEADER_DISTANCE, FOOTER_DISTANCE = mm_to_twips(15), mm_to_twips(22)  # page number ~7 mm below the text block
LINE = 579            # twips = 28.95 pt; 225 mm holds 22 such lines
# 28 characters in 156 mm (442.25 pt): 3号 characters 0.25 pt closer (15.75 pt each). Done as character spacing
# rather than a character grid (docGrid charSpace), which LibreOffice lays out far wider than Word does.
TRACKING = -5         # twentieths of a point
BODY_SIZE, TITLE_SIZE, PAGE_NUMBER_SIZE = 32, 44, 28  # half-points: 3号 16 pt, 2号 22 pt, 4号 14 pt
BODY_FONT, TITLE_FONT, HEADING1_FONT, HEADING2_FONT, PAGE_NUMBER_FONT = (
    "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体")
INDENT_2_CHARS = 'w:firstLineChars="200" w:firstLine="640"'
NO_INDENT = 'w:firstLineChars="0" w:firstLine="0"'


def fonts(name: str) -> str:
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}" w:hint="eastAsia"/>'


def run_props(font: str, size: int, tracking: int = 0) -> str:
    spacing = f'<w:spacing w:val="{tracking}"/>' if tracking else ""
    return f'<w:rPr>{fonts(font)}{spacing}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'


def paragraph_style(style_id: str, name: str, ppr: str, rpr: str, based_on: str | None = "Normal",
                    outline: int | None = None, priority: int = 1) -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    outline_xml = f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
    return (f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>{based}'
            f'<w:next w:val="Normal"/><w:uiPriority w:val="{priority}"/><w:qFormat/>'
            f'<w:pPr>{ppr}{outline_xml}</w:pPr>{rpr}</w:style>')


def styles_xml() -> str:
    exact = f'<w:spacing w:before="0" w:after="0" w:line="{LINE}" w:lineRule="exact"/>'
    heading_ppr = "<w:keepNext/><w:keepLines/>"
    styles = [
        # Normal: the body text
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        f'<w:pPr><w:widowControl/>{exact}<w:ind {INDENT_2_CHARS}/><w:jc w:val="both"/></w:pPr>'
        f'{run_props(BODY_FONT, BODY_SIZE, TRACKING)}</w:style>',
        paragraph_style("GongwenTitle", TITLE_STYLE,
                        f'<w:keepNext/><w:spacing w:before="0" w:after="{LINE}" w:line="{LINE}" w:lineRule="exact"/>'
                        f'<w:ind {NO_INDENT}/><w:jc w:val="center"/>', run_props(TITLE_FONT, TITLE_SIZE)),
        paragraph_style("Heading1", "heading 1", heading_ppr, run_props(HEADING1_FONT, BODY_SIZE, TRACKING), outline=0, priority=9),
        paragraph_style("Heading2", "heading 2", heading_ppr, run_props(HEADING2_FONT, BODY_SIZE, TRACKING), outline=1, priority=9),
        paragraph_style("Heading3", "heading 3", heading_ppr, run_props(BODY_FONT, BODY_SIZE, TRACKING), outline=2, priority=9),
        paragraph_style("GongwenSignature", SIGNATURE_STYLE,
                        f'<w:keepNext/><w:keepLines/><w:ind w:rightChars="400" w:right="1280" {NO_INDENT}/>'
                        '<w:jc w:val="right"/>', run_props(BODY_FONT, BODY_SIZE, TRACKING)),
        paragraph_style("Header", "header", f'<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
                        f'<w:ind {NO_INDENT}/><w:jc w:val="center"/>', run_props(PAGE_NUMBER_FONT, 18), priority=99),
        paragraph_style("Footer", "footer", f'<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
                        f'<w:ind {NO_INDENT}/>', run_props(PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE), priority=99),
        f'<w:style w:type="character" w:styleId="GongwenLead"><w:name w:val="{LEAD_STYLE}"/><w:uiPriority w:val="1"/>'
        f'<w:qFormat/>{run_props(HEADING2_FONT, BODY_SIZE, TRACKING)}</w:style>',
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
    ]
    defaults = (f'<w:docDefaults><w:rPrDefault><w:rPr>{fonts(BODY_FONT)}<w:kern w:val="2"/>'
                f'<w:sz w:val="{BODY_SIZE}"/><w:szCs w:val="{BODY_SIZE}"/>'
                '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
                f'<w:pPrDefault><w:pPr>{exact}</w:pPr></w:pPrDefault></w:docDefaults>')
    return f'{XML_HEAD}<w:styles xmlns:w="{W}">{defaults}{"".join(styles)}</w:styles>'


def page_number_footer(align: str) -> str:
    """'— 1 —' with a PAGE field, one character (14 pt = 280 twips) in from the outer edge."""
    indent = f'w:{"right" if align == "right" else "left"}="280"'
    rpr = run_props(PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    runs = (f'<w:r>{rpr}<w:t xml:space="preserve">— </w:t></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r>{rpr}<w:t>1</w:t></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
            f'<w:r>{rpr}<w:t xml:space="preserve"> —</w:t></w:r>')
    return (f'{XML_HEAD}<w:ftr xmlns:w="{W}" xmlns:r="{R}"><w:p><w:pPr><w:pStyle w:val="Footer"/>'
            f'<w:ind {indent}/><w:jc w:val="{align}"/></w:pPr>{runs}</w:p></w:ftr>')


def empty_header() -> str:
    return f'{XML_HEAD}<w:hdr xmlns:w="{W}" xmlns:r="{R}"><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr></w:p></w:hdr>'


def document_xml() -> str:
    sect = ('<w:sectPr><w:headerReference w:type="default" r:id="rIdHeaderOdd"/>'
            '<w:headerReference w:type="even" r:id="rIdHeaderEven"/>'
            '<w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
            '<w:footerReference w:type="even" r:id="rIdFooterEven"/>'
            f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
            f'<w:pgMar w:top="{TOP}" w:right="{RIGHT}" w:bottom="{BOTTOM}" w:left="{LEFT}" '
            f'w:header="{HEADER_DISTANCE}" w:footer="{FOOTER_DISTANCE}" w:gutter="0"/>'
            '<w:pgNumType w:start="1"/><w:cols w:space="425"/>'
            f'<w:docGrid w:type="lines" w:linePitch="{LINE}"/></w:sectPr>')
    return f'{XML_HEAD}<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{sect}</w:body></w:document>'


def settings_xml() -> str:
    return (f'{XML_HEAD}<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/>'
            '<w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>'
            '<w:characterSpacingControl w:val="doNotCompress"/>'
            '<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>'
            '<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/>'
            '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
            '</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
            '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>')


# name, fallback for machines without it, charset (86 = GB2312), family, pitch
_FONTS = [
    ("仿宋_GB2312", "仿宋", "86", "modern", "fixed"),
    ("楷体_GB2312", "楷体", "86", "modern", "fixed"),
    ("方正小标宋简体", "宋体", "86", "auto", "variable"),
    ("黑体", "SimHei", "86", "modern", "fixed"),
    ("宋体", "SimSun", "86", "auto", "variable"),
]


def font_table_xml() -> str:
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="{charset}"/><w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
        for name, alt, charset, family, pitch in _FONTS)
    return f'{XML_HEAD}<w:fonts xmlns:w="{W}">{entries}</w:fonts>'


def content_types_xml() -> str:
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    overrides = [("/word/document.xml", f"{main}.document.main+xml"), ("/word/styles.xml", f"{main}.styles+xml"),
                 ("/word/settings.xml", f"{main}.settings+xml"), ("/word/fontTable.xml", f"{main}.fontTable+xml"),
                 ("/word/header1.xml", f"{main}.header+xml"), ("/word/header2.xml", f"{main}.header+xml"),
                 ("/word/footer1.xml", f"{main}.footer+xml"), ("/word/footer2.xml", f"{main}.footer+xml"),
                 ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                 ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml")]
    items = "".join(f'<Override PartName="{part}" ContentType="{kind}"/>' for part, kind in overrides)
    return (f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{items}</Types>')


def relationships_xml(relations: list[tuple[str, str, str]]) -> str:
    items = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in relations)
    return f'{XML_HEAD}<Relationships xmlns="{PKG_REL}">{items}</Relationships>'


def core_xml() -> str:
    return (f'{XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>公文格式模板</dc:title>'
            '<dc:creator>工作台账</dc:creator><cp:revision>1</cp:revision></cp:coreProperties>')


def app_xml() -> str:
    return (f'{XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            '<Application>工作台账</Application></Properties>')


def package_parts() -> dict[str, str]:
    return {
        "[Content_Types].xml": content_types_xml(),
        "_rels/.rels": relationships_xml([
            ("rId1", f"{DOC_REL}/officeDocument", "word/document.xml"),
            ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
             "docProps/core.xml"),
            ("rId3", f"{DOC_REL}/extended-properties", "docProps/app.xml")]),
        "docProps/core.xml": core_xml(),
        "docProps/app.xml": app_xml(),
        "word/document.xml": document_xml(),
        "word/_rels/document.xml.rels": relationships_xml([
            ("rIdStyles", f"{DOC_REL}/styles", "styles.xml"),
            ("rIdSettings", f"{DOC_REL}/settings", "settings.xml"),
            ("rIdFonts", f"{DOC_REL}/fontTable", "fontTable.xml"),
            ("rIdHeaderOdd", f"{DOC_REL}/header", "header1.xml"),
            ("rIdHeaderEven", f"{DOC_REL}/header", "header2.xml"),
            ("rIdFooterOdd", f"{DOC_REL}/footer", "footer1.xml"),
            ("rIdFooterEven", f"{DOC_REL}/footer", "footer2.xml")]),
        "word/styles.xml": styles_xml(),
        "word/settings.xml": settings_xml(),
        "word/fontTable.xml": font_table_xml(),
        "word/header1.xml": empty_header(),
        "word/header2.xml": empty_header(),
        "word/footer1.xml": page_number_footer("right"),
        "word/footer2.xml": page_number_footer("left"),
    }


def write_template(path: Path = TEMPLATE_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in package_parts().items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # same bytes every run
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, text.encode("utf-8"))
    return path


if __name__ == "__main__":
    print(f"已生成 {write_template().relative_to(ROOT)}")
