"""Search a built site the way its search box does: Material's own web worker, in Chromium.

The search box sends what the user typed, unchanged, to Material's search worker and lists the
pages the worker returns. Here the page starts that same worker file with that same index and
posts the same messages, so every query of the list runs through the real segmentation and
matching code without typing it into the box one by one (tests/browser/test_search.py checks
that typing into the box shows the same pages).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import yaml
from support import article_text

TOP = 5  # a page counts as well ranked among the first five results
OWN_PAGE_RANK = 3  # the page a name, phrase or ID belongs to ("top:" in the query list) is among the first three
FIRST_RESULTS = 10  # precision is measured on the first ten results, what the search box shows at once
QUERIES_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "search_queries.yml"

# Message types of Material's worker protocol (integrations/search/worker/message): SETUP, READY, QUERY, RESULT.
_RUN_QUERIES_JS = """
async (queries) => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const base = new URL(config.base + "/", location.href);
  const index = await (await fetch(new URL("search/search_index.json", base))).json();
  const worker = new Worker(new URL(config.search, location.href));
  const next = (type) => new Promise((resolve) => {
    const listen = (event) => {
      if (event.data.type === type) { worker.removeEventListener("message", listen); resolve(event.data); }
    };
    worker.addEventListener("message", listen);
  });
  const ready = next(1);
  worker.postMessage({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: false}}});
  await ready;
  const results = {};
  for (const query of queries) {
    const answer = next(3);
    worker.postMessage({type: 2, data: query});
    const {data} = await answer;
    results[query] = data.items.map((group) => {
      const url = new URL(group[0].location, base);
      return decodeURI(url.pathname.slice(base.pathname.length));
    });
  }
  worker.terminate();
  return results;
}
"""

# The pages the search box lists: the first link of each result item is the page itself.
_SHOWN_PAGES_JS = """
() => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const base = new URL(config.base + "/", location.href);
  return [...document.querySelectorAll(".md-search-result__item")].map((item) => {
    const url = new URL(item.querySelector("a.md-search-result__link").href);
    return decodeURI(url.pathname.slice(base.pathname.length));
  });
}
"""


@dataclass(frozen=True)
class Query:
    text: str
    pages: tuple[str, ...]
    top: tuple[str, ...] = ()  # pages the query belongs to: among the first OWN_PAGE_RANK results


def load_queries(path: Path = QUERIES_FILE) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(str(item["q"]), tuple(item["pages"]), tuple(item.get("top", ()))) for item in data["queries"]]


def search_pages(page, site_url: str, queries: Iterable[str]) -> dict[str, list[str]]:
    """query -> the pages the search worker returns for it, best first, as site-relative paths."""
    page.goto(site_url, wait_until="networkidle")
    return page.evaluate(_RUN_QUERIES_JS, list(queries))


def search_box_pages(page, query: str) -> list[str]:
    """Type into the search box of the open page; the result links it shows, as the page's hrefs."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # the search box reacts to keyup
    page.locator(".md-search-result__meta").filter(has_not_text="键入以开始搜索").wait_for()
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent !== '正在初始化搜索引擎'")
    return page.evaluate(_SHOWN_PAGES_JS)


def page_texts(site: Path) -> dict[str, str]:
    """site-relative page path ('' for the home page, 'research/' ...) -> the page's article text."""
    texts = {}
    for html in site.rglob("index.html"):
        relative = html.parent.relative_to(site).as_posix()
        texts["" if relative == "." else relative + "/"] = article_text(html)
    return texts


@dataclass
class Outcome:
    query: Query
    results: list[str]
    containing: list[str]  # every page whose text contains the query

    @property
    def missing(self) -> list[str]:
        return [p for p in self.query.pages if p not in self.results]

    @property
    def top_found(self) -> int:
        """Expected pages among the first results (as many as expected, at least five)."""
        top = self.results[:max(TOP, len(self.query.pages))]
        return sum(1 for p in self.query.pages if p in top)

    @property
    def literal_found(self) -> int:
        return sum(1 for p in self.containing if p in self.results)

    def relevant(self, texts: dict[str, str]) -> int:
        return sum(1 for p in self.results if self.query.text in texts.get(p, ""))

    @property
    def own_pages_missed(self) -> list[str]:
        """The query's own pages ("top:") that are not among the first OWN_PAGE_RANK results."""
        return [p for p in self.query.top if p not in self.results[:OWN_PAGE_RANK]]

    def first_relevant(self, texts: dict[str, str]) -> tuple[int, int]:
        """(results among the first ten that contain the query, results among the first ten)."""
        first = self.results[:FIRST_RESULTS]
        return sum(1 for p in first if self.query.text in texts.get(p, "")), len(first)


def outcomes(queries: list[Query], results: dict[str, list[str]], texts: dict[str, str]) -> list[Outcome]:
    return [Outcome(q, results[q.text], sorted(p for p, t in texts.items() if q.text in t)) for q in queries]
