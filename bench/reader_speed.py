"""What a reader waits for at scale, in Chromium: search's first results, and the problem list.

    .venv/bin/python bench/reader_speed.py --scales 1 100 1000   # builds (a) at each scale, then measures

For each scale the generated project (bench/project.py) is built once and served on loopback by a plain
static file server. For each query a fresh browser tab opens the home page, waits for its `load` event,
types the query into the search box and waits until the result list shows it; the time counted is from
`load` to the results (the index files load meanwhile). Also written: every file the tab fetched before its
first results (the largest one, and the sum), and the size of the index on disk.

The problem list (problems/): its HTML size, the bytes the tab fetched, and the time from navigation to
the moment its filters are in place (the list is usable), from the browser's own performance timing.
"""
from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure  # noqa: E402
import project  # noqa: E402
from run import build, log, save  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ("P-008", "气象台", "理论学习", "整改", "桃", "柏坑水库", "气象零距离服务行动")

_TYPE_AND_WAIT = """
async (query) => {
  const started = performance.now();
  const box = document.querySelector("input.md-search__input");
  box.focus();
  box.value = query;
  box.dispatchEvent(new KeyboardEvent("keyup", {key: "End", bubbles: true}));
  const meta = document.querySelector(".md-search-result__meta");
  const list = document.querySelector(".md-search-result__list");
  while (list.children.length === 0) {  // every query of the list has results
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return {ms: performance.now() - started, shown: list.children.length, meta: meta.textContent};
}
"""


def _fixtures():
    spec = importlib.util.spec_from_file_location("browser_fixtures", ROOT / "tests" / "browser" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def index_size(site: Path) -> dict[str, float]:
    files = [p for p in (site / "search").rglob("*") if p.is_file()]
    return {"files": len(files), "mb": sum(p.stat().st_size for p in files) / 1e6,
            "largest_kb": max(p.stat().st_size for p in files) / 1e3}


def measure_site(browser, url: str, queries, runs: int) -> dict:
    results = {}
    for query in queries:
        times, largest, fetched = [], [], []
        for _ in range(runs):
            context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
            page = context.new_page()
            sizes: dict[str, int] = {}

            def on_response(response, sizes=sizes):
                try:
                    sizes[response.url] = len(response.body())
                except Exception:  # noqa: BLE001 - a redirect or an aborted request has no body
                    pass

            page.on("response", on_response)
            page.goto(url, wait_until="load")
            answer = page.evaluate(_TYPE_AND_WAIT, query)
            page.remove_listener("response", on_response)
            times.append(answer["ms"] / 1000)
            largest.append(max(sizes.values()) / 1e6)
            fetched.append(sum(sizes.values()) / 1e6)
            context.close()
        results[query] = {"seconds": [round(t, 3) for t in times], "median": statistics.median(times),
                          "largest_file_mb": max(largest), "fetched_mb": statistics.median(fetched),
                          "shown": answer["meta"]}
        log(f"  {query}: {statistics.median(times):.2f} s, largest file {max(largest):.2f} MB, {answer['meta']}")
    return results


_LIST_READY = """
async () => {
  while (!document.querySelector(".problem-filter")) await new Promise((r) => setTimeout(r, 5));
  const nav = performance.getEntriesByType("navigation")[0];
  return {interactive: performance.now() / 1000, dom_content_loaded: nav.domContentLoadedEventEnd / 1000,
          load: nav.loadEventEnd / 1000, rows: document.querySelectorAll(".problem-list--all tbody tr").length,
          transferred: performance.getEntriesByType("resource").reduce((s, e) => s + e.transferSize, 0)
                       + nav.transferSize};
}
"""


def measure_list(browser, url: str, runs: int) -> dict:
    """Problem list: time from navigation to its filters in place (performance.now() when they are)."""
    times = []
    for _ in range(runs):
        context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.goto(url + "problems/", wait_until="commit")
        answer = page.evaluate(_LIST_READY)
        times.append(answer)
        context.close()
    return {"filters_ready_seconds": [round(t["interactive"], 3) for t in times],
            "median_filters_ready": statistics.median(t["interactive"] for t in times),
            "median_load": statistics.median(t["load"] for t in times),
            "rows": times[0]["rows"], "transferred_mb": times[0]["transferred"] / 1e6}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="站内搜索在 Chromium 中的首个结果时间")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 100])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/ledger-bench"))
    parser.add_argument("--site", type=Path, help="measure this built site (no build)")
    args = parser.parse_args(argv)
    fixtures = _fixtures()
    from playwright.sync_api import sync_playwright

    for scale in args.scales:
        built = None
        if args.site:
            site = args.site
        else:
            base = args.work / f"search-{scale}x"
            a = project.copy_project(base / "a", scale)
            site = base / "site"
            log(f"{scale}x: build")
            run = build(a / "mkdocs.yml", site)
            log(f"{scale}x: built in {run.seconds:.1f} s ({run.cpu_seconds:.1f} s cpu, {run.max_rss_mb:.0f} MB)")
            built = {"seconds": run.seconds, "cpu_seconds": run.cpu_seconds, "max_rss_mb": run.max_rss_mb,
                     "cores": measure.cores()}
        url, server = fixtures.serve_directory(site)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=fixtures.CHROMIUM, args=fixtures.CHROMIUM_ARGS)
                results = measure_site(browser, url, QUERIES, args.runs)
                listing = measure_list(browser, url, args.runs)
                log(f"  problem list: filters ready {listing['median_filters_ready']:.2f} s, {listing['rows']} rows")
                browser.close()
        finally:
            server.shutdown()
        listing["html_kb"] = (site / "problems" / "index.html").stat().st_size / 1e3
        save(f"reader-{scale}x", {"scale": scale, "runs": args.runs, "index": index_size(site), "problem_list": listing, "build": built,
                                  "site": measure.site_stats(site), "queries": results,
                                  "load_average": measure.load_average(), "measured": time.strftime("%H:%M")})
    return 0


if __name__ == "__main__":
    sys.exit(main())
