"""Evidence files (佐证材料) under docs/: only what an office hands in, nothing a browser would run.

They are served from the same site as the form editor, whose git-server login lives in that origin: an
uploaded .html or .svg would run script there. So `check` accepts only the types in settings'
limits.evidence_types (pdf, ofd, jpg, png, docx, xlsx, pptx, zip and Markdown pages by default), each
file's first bytes must be what its type says (a web page renamed .pdf is not a PDF), and a Markdown
page may not carry raw HTML, attribute lists ({onclick=…}) or template code ({{ … }}), which the site's
Markdown and macros would pass through or run. The nginx configuration adds nosniff everywhere and a
Content-Security-Policy without script on /evidence/ (ledger_mkdocs/scripts/nginx/ledger.conf).
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from ledger.records.models import SCRIPT_TYPES, Limits
from ledger.records.safeyaml import build

EVIDENCE_FOLDER = "evidence"  # docs/evidence/: where the form editor uploads (ledger/editor/decap.py)
MARKDOWN = "md"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",), "png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
    "zip": _ZIP, "docx": _ZIP, "xlsx": _ZIP, "pptx": _ZIP, "ofd": _ZIP,
}
NAMES = {"pdf": "PDF", "png": "PNG 图片", "jpg": "JPG 图片", "jpeg": "JPG 图片", "zip": "ZIP 压缩包",
         "docx": "Word 文档", "xlsx": "Excel 表格", "pptx": "PowerPoint 演示文稿", "ofd": "OFD 版式文件"}

_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_TAG = re.compile(r"<(?!(?:https?|mailto|ftp):)(/?[A-Za-z][A-Za-z0-9-]*|!--|![A-Za-z]|\?)")
_TEMPLATE = re.compile(r"\{[{%#]")
_ATTRIBUTES = re.compile(r"\{[^{}\n]*=[^{}\n]*\}")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""


def file_problems(path: Path, name: str, limits: Limits) -> list[tuple[int | None, str]]:
    """What keeps one evidence file out of the site: (line or None, Chinese message); empty when it may be served."""
    ext = extension(name)
    allowed = "、".join(limits.evidence_types)
    if ext in SCRIPT_TYPES or ext not in limits.evidence_types:
        why = ("是浏览器会运行的类型（网页、SVG、脚本），放进网站会在网站里运行，不能作为佐证材料。网页请另存为 PDF。"
               if ext in SCRIPT_TYPES else "不是可用的佐证材料类型。")
        return [(None, f"佐证材料文件「{name}」的类型“.{ext or '（无扩展名）'}”{why}"
                       f"可用的类型：{allowed}（data/settings.yml 的 limits.evidence_types）")]
    size = path.stat().st_size
    if ext == MARKDOWN:
        if size > limits.file_bytes:
            return [(None, f"佐证材料页面「{name}」有 {size / 2**20:.1f} MB，超过了上限 {limits.file_mb} MB"
                           "（limits.file_mb）。长篇材料请转成 PDF 上传")]
        return _markdown_problems(path.read_bytes(), name, limits)
    with path.open("rb") as file:
        head = file.read(16)
    signatures = SIGNATURES.get(ext)
    if signatures and not head.startswith(signatures):
        return [(None, f"佐证材料文件「{name}」的内容不是{NAMES.get(ext, ext)}（可能是改了扩展名的其他文件）。"
                       f"请用原来的软件另存为 .{ext} 后再上传")]
    return []


def _markdown_problems(raw: bytes, name: str, limits: Limits) -> list[tuple[int | None, str]]:
    """A Markdown page is shown as a page of the site: raw HTML, attribute lists and template code would be
    passed through or run, and its front matter is YAML (read as records are)."""
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return [(None, f"佐证材料页面「{name}」不是 UTF-8 编码。请用“UTF-8”编码另存")]
    found: list[tuple[int | None, str]] = []
    front = _FRONT_MATTER.match(text)
    if front:
        try:
            problems = build(front.group(1), 4, limits.text_chars).problems
        except yaml.YAMLError:
            problems = [None]
        if problems:
            found.append((1, f"佐证材料页面「{name}」开头“---”之间的设置读不懂或用了不能用的写法（引用、类型标记）。"
                             "佐证材料页面不需要这些设置，请删去开头两行“---”及其间的内容"))
    fenced = False
    for number, line in enumerate(text.split("\n"), start=1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        line = _CODE_SPAN.sub("", line)
        if match := _TEMPLATE.search(line):
            found.append((number, f"佐证材料页面「{name}」里有“{match.group()}”（模板代码）。佐证材料页面只写文字，"
                                  "请删去它（要写花括号，请用全角“｛”）"))
        elif match := _TAG.search(line):
            found.append((number, f"佐证材料页面「{name}」里有 HTML 标签“<{match.group(1)}”。佐证材料页面只用 Markdown 写法，"
                                  "HTML 不会放进网站：请删去标签，或改成 Markdown 写法（要写小于号，请用全角“＜”）"))
        elif match := _ATTRIBUTES.search(line):
            found.append((number, f"佐证材料页面「{name}」里有属性写法“{match.group()}”，它会给网页元素加上属性（包括脚本）。"
                                  "请删去它"))
    return found
