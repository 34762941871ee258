"""Chinese search recall, measured in Chromium: Material's default search against the site's own.

    .venv/bin/python bench/search_recall.py            # print the figures
    .venv/bin/python bench/search_recall.py --write    # also write bench/RESULTS-search.md

Builds the project twice into a temporary folder - once as it is, once with `search_index: false`
for the ledger plugin in mkdocs.yml, which leaves Material's default search for Chinese (jieba,
precise mode) - serves each build on loopback and runs every query of
tests/fixtures/search_queries.yml through Material's own search worker in headless Chromium.

Figures, for each build:
- queries found: the query's result list holds every page the list says it should find;
- pages found: the same counted per (query, expected page) pair;
- literal recall: of all pages whose text contains the query, the share the results hold;
- results per query (median, largest) and precision: the share of result pages whose text
  contains the query at all - a query that floods lists pages without it;
- own page in the first three: for the queries whose list names the pages they belong to ("top:");
- first-ten precision: the same share among the first ten results of each query.
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "browser")]

from search_client import (OWN_PAGE_RANK, TOP, Outcome, Query, load_queries, outcomes, page_texts,  # noqa: E402
                           search_pages)
from support import copy_project, run_build  # noqa: E402

RESULTS_FILE = ROOT / "bench" / "RESULTS-search.md"
PLUGIN_LINE = "  ledger:\n"


def _browser_fixtures():
    """tests/browser/conftest.py: the loopback server and the Chromium settings the tests use."""
    spec = importlib.util.spec_from_file_location("browser_fixtures", ROOT / "tests" / "browser" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def with_material_search(config_text: str) -> str:
    """mkdocs.yml with the ledger plugin's search index left out: Material's default search."""
    if PLUGIN_LINE not in config_text:
        raise SystemExit("mkdocs.yml 的 plugins 里没有 ledger 插件，无法比较")
    return config_text.replace(PLUGIN_LINE, PLUGIN_LINE + "    search_index: false\n", 1)


def build(project: Path, site: Path) -> Path:
    result = run_build(project, site)
    if result.returncode != 0:
        raise SystemExit(f"构建失败：{project}\n{result.stderr}")
    return site


@dataclass
class Figures:
    queries: int
    queries_found: int
    pairs: int
    pairs_found: int
    pairs_top: int
    literal: int
    literal_found: int
    results_median: float
    results_max: int
    precision: float
    own: int
    own_top: int
    first_relevant: int
    first_shown: int
    index_bytes: int
    index_gzip_bytes: int

    def line(self, name: str) -> str:
        return (f"| {name} | {self.queries_found}/{self.queries}（{pct(self.queries_found, self.queries)}） "
                f"| {self.pairs_found}/{self.pairs}（{pct(self.pairs_found, self.pairs)}） "
                f"| {self.pairs_top}/{self.pairs}（{pct(self.pairs_top, self.pairs)}） "
                f"| {self.literal_found}/{self.literal}（{pct(self.literal_found, self.literal)}） "
                f"| {self.results_median:g} | {self.results_max} | {self.precision:.0%} "
                f"| {self.own_top}/{self.own}（{pct(self.own_top, self.own)}） "
                f"| {pct(self.first_relevant, self.first_shown)} "
                f"| {self.index_bytes / 1024:.0f} KB（gzip {self.index_gzip_bytes / 1024:.0f} KB） |")


def pct(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "—"


def measure(answers: list[Outcome], texts: dict[str, str], index: bytes) -> Figures:
    counts = [len(o.results) for o in answers]
    shown = sum(counts)
    return Figures(
        queries=len(answers),
        queries_found=sum(1 for o in answers if not o.missing),
        pairs=sum(len(o.query.pages) for o in answers),
        pairs_found=sum(len(o.query.pages) - len(o.missing) for o in answers),
        pairs_top=sum(o.top_found for o in answers),
        literal=sum(len(o.containing) for o in answers),
        literal_found=sum(o.literal_found for o in answers),
        results_median=statistics.median(counts),
        results_max=max(counts),
        precision=(sum(o.relevant(texts) for o in answers) / shown) if shown else 0.0,
        own=sum(len(o.query.top) for o in answers),
        own_top=sum(len(o.query.top) - len(o.own_pages_missed) for o in answers),
        first_relevant=sum(o.first_relevant(texts)[0] for o in answers),
        first_shown=sum(o.first_relevant(texts)[1] for o in answers),
        index_bytes=len(index),
        index_gzip_bytes=len(gzip.compress(index)),
    )


def run_queries(browser, site: Path, queries: list[Query], fixtures) -> tuple[list[Outcome], dict[str, str], bytes]:
    texts = page_texts(site)
    url, server = fixtures.serve_directory(site)
    try:
        context = browser.new_context(locale="zh-CN")
        results = search_pages(context.new_page(), url, [q.text for q in queries])
        context.close()
    finally:
        server.shutdown()
    # the whole index as the browser may fetch it: Material's file, and the ledger's own files where there are
    index = b"".join(p.read_bytes() for p in sorted((site / "search").rglob("*")) if p.is_file())
    return outcomes(queries, results, texts), texts, index


def page_name(path: str) -> str:
    return path or "首页"


def report(queries: list[Query], runs: dict[str, tuple[list[Outcome], dict[str, str], bytes]]) -> str:
    names = list(runs)
    lines = [
        "# 中文搜索召回率（在 Chromium 中实测）",
        "",
        "由 `bench/search_recall.py` 生成，请勿手改。词表：`tests/fixtures/search_queries.yml`"
        f"（{len(queries)} 个词，整词和复合词的一部分）。",
        "每个词都交给搜索框背后的 worker（Material 默认的 lunr worker，或本站替换它的 worker）在无头 Chromium 中查询。",
        "",
        "- **词找全**：结果里有词表为这个词列出的全部页面；**页面找到**：按（词，页面）对计；"
        f"**排在前{TOP}**：期望页面排在结果前 {TOP} 个（期望页面多于 {TOP} 个时，前那么多个）之内。",
        "- **字面召回**：全站含有这个词的页面中，出现在结果里的比例。",
        "- **精确率**：结果页面中确实含有这个词的比例；结果里混进不含这个词的页面（“刷屏”）时下降。",
        f"- **本页在前{OWN_PAGE_RANK}**：词表用 top 标出的、这个名称、词句或编号所属的页面排在结果前 {OWN_PAGE_RANK} 个之内；"
        "**前十精确率**：每个词前 10 个结果中含有这个词的比例（搜索框一屏所见）。",
        "- **索引大小**：`search/` 下全部文件的字节数（Material 默认只有 `search_index.json`，把汉字写成 \\uXXXX；"
        "本站的索引在 `search/ledger/`，浏览器按查询只取其中几个文件）。",
        "",
        f"| 配置 | 词找全 | 页面找到 | 排在前{TOP} | 字面召回 | 每词结果数（中位数） | 每词结果数（最多） | 精确率 "
        f"| 本页在前{OWN_PAGE_RANK} | 前十精确率 | 索引大小 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    lines += [measure(*runs[name]).line(name) for name in names]
    lines += ["", "## 逐词结果", "",
              "每格：结果页数（其中不含这个词的页数）；缺少的期望页面；含有这个词却没找到的其他页数。", "",
              "| 词 | 应找到 | " + " | ".join(names) + " |",
              "| --- | --- | " + " | ".join("---" for _ in names) + " |"]
    for index, query in enumerate(queries):
        cells = []
        for name in names:
            outcome, texts = runs[name][0][index], runs[name][1]
            missing = "、".join(page_name(p) for p in outcome.missing)
            noise = len(outcome.results) - outcome.relevant(texts)
            unlisted = len(outcome.containing) - outcome.literal_found - len(outcome.missing)
            cells.append(f"{len(outcome.results)}" + (f"（{noise} 页不含）" if noise else "")
                         + (f"；缺 {missing}" if missing else "") + (f"；另有 {unlisted} 页没找到" if unlisted else ""))
        expected = "、".join(page_name(p) for p in query.pages)
        lines.append(f"| {query.text} | {expected} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="在 Chromium 中测量中文搜索召回率")
    parser.add_argument("--write", action="store_true", help=f"把结果写入 {RESULTS_FILE.relative_to(ROOT)}")
    args = parser.parse_args()

    queries = load_queries()
    fixtures = _browser_fixtures()
    with tempfile.TemporaryDirectory(prefix="search-recall-") as tmp:
        tmp = Path(tmp)
        default_project = copy_project(tmp / "default")
        config = default_project / "mkdocs.yml"
        config.write_text(with_material_search(config.read_text(encoding="utf-8")), encoding="utf-8")
        sites = {
            "Material 默认（jieba 精确模式）": build(default_project, tmp / "site-default"),
            "本站（按字分片的子串索引）": build(copy_project(tmp / "ledger"), tmp / "site-ledger"),
        }
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=fixtures.CHROMIUM, args=fixtures.CHROMIUM_ARGS)
            runs = {name: run_queries(browser, site, queries, fixtures) for name, site in sites.items()}
            browser.close()

    text = report(queries, runs)
    summary = text.split("\n## ")[0]
    print(summary)
    if args.write:
        RESULTS_FILE.write_text(text, encoding="utf-8")
        print(f"已写入 {RESULTS_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
