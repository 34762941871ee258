"""Pagefind against the site's own index: recall and ranking on the query list, cost and speed at scale.

    python -m venv /tmp/pf && /tmp/pf/bin/pip install 'pagefind[extended]==1.5.2'
    .venv/bin/python bench/pagefind_compare.py --pagefind /tmp/pf/bin/python --site SITE_1X [--big SITE_100X]

Pagefind (the extended binary, which segments Chinese) indexes a copy of a built site (`--root-selector
article`: the page's text, not the navigation); its own JS API (pagefind.js, fetch + WebAssembly) answers
every query of tests/fixtures/search_queries.yml in Chromium, scored with the same figures as
bench/search_recall.py. On a large site: the indexing time and memory, the index's size, and the time from
a page's load to the first five results' data. Pagefind is not a project dependency: this script only
measures it (results in bench/results/pagefind.json, summary in bench/RESULTS.md).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests"), str(ROOT / "tests" / "browser")]

from reader_speed import _fixtures  # noqa: E402
from run import save  # noqa: E402
from search_client import load_queries, outcomes, page_texts  # noqa: E402
from search_recall import measure  # noqa: E402

_QUERIES_JS = """
async (queries) => {
  const pagefind = await import(new URL("pagefind/pagefind.js", location.href).href);
  await pagefind.init();
  const results = {};
  for (const query of queries) {
    const found = await pagefind.search(query);
    const pages = [];
    for (const result of found.results) {
      const data = await result.data();
      pages.push(decodeURI(new URL(data.url, location.href).pathname.slice(1)));
    }
    results[query] = pages;
  }
  return results;
}
"""

_FIRST_RESULTS_JS = """
async (query) => {
  const started = performance.now();
  const pagefind = await import(new URL("pagefind/pagefind.js", location.href).href);
  const found = await pagefind.search(query);
  await Promise.all(found.results.slice(0, 5).map((r) => r.data()));
  return {ms: performance.now() - started, count: found.results.length};
}
"""


def index_site(pagefind_python: str, site: Path, copy: Path) -> dict:
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy)
    started = time.perf_counter()
    run = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", pagefind_python, "-m", "pagefind", "--site", str(copy),
                          "--root-selector", "article"], capture_output=True, text=True, check=True)
    user, system, rss = run.stderr.strip().splitlines()[-1].split()
    files = [p for p in (copy / "pagefind").rglob("*") if p.is_file()]
    return {"seconds": time.perf_counter() - started, "cpu_seconds": float(user) + float(system),
            "max_rss_mb": int(rss) / 1024, "files": len(files), "mb": sum(p.stat().st_size for p in files) / 1e6,
            "largest_kb": max(p.stat().st_size for p in files) / 1e3}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Pagefind 与本站索引的比较")
    parser.add_argument("--pagefind", required=True, help="装有 pagefind[extended] 的 Python")
    parser.add_argument("--site", type=Path, required=True, help="样例数据（1x）构建好的站点")
    parser.add_argument("--big", type=Path, help="大规模（如 100x）构建好的站点：索引时间、首个结果时间")
    parser.add_argument("--work", type=Path, default=Path("/tmp/ledger-bench/pagefind"))
    args = parser.parse_args(argv)
    fixtures = _fixtures()
    from playwright.sync_api import sync_playwright

    queries = load_queries()
    result = {"sample": index_site(args.pagefind, args.site, args.work / "1x")}
    texts = page_texts(args.work / "1x")
    url, server = fixtures.serve_directory(args.work / "1x")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=fixtures.CHROMIUM, args=fixtures.CHROMIUM_ARGS)
        page = browser.new_page(locale="zh-CN")
        page.goto(url, wait_until="load")
        found = page.evaluate(_QUERIES_JS, [q.text for q in queries])
        answers = outcomes(queries, found, texts)
        figures = measure(answers, texts, b"")
        result["recall"] = {name: getattr(figures, name) for name in figures.__dataclass_fields__}
        result["recall"]["missed_queries"] = {o.query.text: o.missing for o in answers if o.missing}
        result["recall"]["own_page_missed"] = {o.query.text: o.results[:3] for o in answers if o.own_pages_missed}
        server.shutdown()
        if args.big:
            result["big"] = index_site(args.pagefind, args.big, args.work / "big")
            url, server = fixtures.serve_directory(args.work / "big")
            times = {}
            for query in ("P-008", "气象台", "整改", "柏坑水库"):
                runs = []
                for _ in range(3):
                    tab = browser.new_page(locale="zh-CN")
                    tab.goto(url, wait_until="load")
                    runs.append(tab.evaluate(_FIRST_RESULTS_JS, query))
                    tab.close()
                times[query] = {"median_seconds": statistics.median(r["ms"] for r in runs) / 1000,
                                "results": runs[0]["count"]}
            result["big_first_results"] = times
            server.shutdown()
        browser.close()
    save("pagefind", result)
    print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
