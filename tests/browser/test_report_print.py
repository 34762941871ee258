"""The report page in Chromium: on screen with download buttons; printed with nothing but the report."""
import re

import pytest

pytestmark = pytest.mark.browser

CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".report-downloads",
          ".report-about"]


def test_report_page_on_screen(page, site_url):
    page.goto(site_url + "report/", wait_until="networkidle")
    assert page.locator("article h1").inner_text() == "XX区气象局关于主题教育开展情况的汇报"
    buttons = page.locator(".report-downloads a")
    assert buttons.all_inner_texts() == ["下载汇报（Word）", "下载整改台账（Excel）"]
    response = page.request.get(site_url + "downloads/report.docx")
    assert response.ok and response.body()[:2] == b"PK"
    assert page.watch.console_errors == [] and page.watch.foreign_requests == []


def test_report_page_prints_only_the_report(page, site_url):
    page.goto(site_url + "report/", wait_until="networkidle")
    page.emulate_media(media="print")
    for selector in CHROME:
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("article h1").is_visible()
    assert page.locator("text=截至到目前已完成问题整改6个").first.is_visible()
    headings = page.locator(".gongwen h2, .gongwen h3")
    assert {h.evaluate("e => getComputedStyle(e).breakAfter") for h in headings.all()} == {"avoid"}
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pdf.startswith(b"%PDF") and 3 <= pages <= 8, pages  # the report alone: a few A4 pages


# ---- print as an office prints (issue 15): page numbers, few pages, no web-only text, wide tables landscape ----
import functools  # noqa: E402
import http.server  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402

from support import copy_project, run_build  # noqa: E402


def serve_directory(directory):
    """A loopback HTTP server for a built site: (base URL, server)."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def _print(browser, url: str, tmp_path, name: str) -> tuple[int, list[str]]:
    """Print a page to A4 PDF as Chromium does; (page count, text of each page read back by pdftotext)."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    page.emulate_media(media="print")
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(page.pdf(format="A4", prefer_css_page_size=True))
    context.close()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return len(pages), pages


def _page_sizes(pdf) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def test_the_printed_report_has_a_page_number_on_every_page(browser, site_url, tmp_path):
    count, pages = _print(browser, site_url + "report/", tmp_path, "report")
    assert count >= 2
    for number, text in enumerate(pages, start=1):
        assert re.search(rf"—\s*{number}\s*—", text), f"第{number}页没有页码"


def test_the_board_prints_on_few_pages_without_the_folded_chart_data(browser, site_url, tmp_path):
    count, pages = _print(browser, site_url + "board/", tmp_path, "board")
    text = "".join(pages)
    assert count <= 3, count
    assert "图表数据" not in text and "整改进度" in text and "逾期未完成" in text


def test_the_printed_problem_list_has_its_columns_and_no_web_hints(browser, site_url, tmp_path):
    count, pages = _print(browser, site_url + "problems/", tmp_path, "problems")
    text = "".join(pages)
    for hint in ("点击表头", "点击编号", "下载汇报", "随时下载"):
        assert hint not in text, hint
    assert count <= 3
    for line in text.splitlines():  # no cell squeezed to a character a line
        assert line.strip() not in ("已", "完", "成", "P-"), line
    assert re.search(r"P-001\s+\S", text)


def test_printed_tables_have_borders_and_stay_inside_the_paper(page, site_url):
    page.goto(site_url + "problems/", wait_until="networkidle")
    page.emulate_media(media="print")
    cells = page.locator(".problem-list th, .problem-list td")
    widths = {c.evaluate("e => ['Top','Right','Bottom','Left'].map(s => getComputedStyle(e)['border' + s + 'Width']).join()")
              for c in cells.all()}
    assert all(all(float(w.removesuffix("px")) >= 1 for w in value.split(",")) for value in widths), widths
    assert page.locator("th[role=columnheader]").first.evaluate(
        "e => getComputedStyle(e, '::after').display") == "none"  # no sort arrows on paper


WIDE_PAGE = "\n\n## 宽表格\n\n| " + " | ".join(f"第{i}列" for i in range(1, 9)) + " |\n|" + "---|" * 8 + "\n| " + \
    " | ".join("内容" * 3 for _ in range(8)) + " |\n\n之后的文字。\n"


def test_a_wide_table_prints_on_a_landscape_page(browser, tmp_path):
    project = copy_project(tmp_path / "project")
    plan = project / "docs" / "plan.md"
    plan.write_text(plan.read_text(encoding="utf-8") + WIDE_PAGE, encoding="utf-8")
    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    url, server = serve_directory(site)
    try:
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        page.goto(url + "plan/", wait_until="networkidle")
        page.emulate_media(media="print")
        pdf = tmp_path / "plan.pdf"
        pdf.write_bytes(page.pdf(format="A4", prefer_css_page_size=True))
        context.close()
    finally:
        server.shutdown()
    sizes = _page_sizes(pdf)
    portrait, landscape = (595.28, 841.89), (841.89, 595.28)
    near = lambda a, b: all(abs(x - y) < 2 for x, y in zip(a, b))  # noqa: E731
    assert near(sizes[0], portrait)
    assert any(near(size, landscape) for size in sizes), sizes
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    wide_page = next(p for p, size in zip(text.split("\f"), sizes) if near(size, landscape))
    assert "第1列" in wide_page and "第8列" in wide_page
