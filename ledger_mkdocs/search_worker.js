/* 工作台账的站内搜索（web worker）：替换 Material 的 lunr worker，说同样的消息（SETUP 0、READY 1、QUERY 2、RESULT 3），
 * 所以搜索框、结果列表、键盘操作都还是 Material 自己的。索引是 search/ledger/ 下按需加载的小文件
 * （ledger/views/search_index.py 写出并说明格式）：index.js 一次，查询时只加载所查字的分片和最好几个结果的正文。
 * 每个文件都是调用 __ledgerSearch(名称, 数据) 的脚本，用 importScripts 加载：在网站上是真正的 worker，
 * 离线版（file://，浏览器不许 fetch）里是 iframe-worker 垫片，它的 importScripts 用 script 标签加载，返回 Promise。
 */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const TITLE_WEIGHT = 20;        // a match in a title counts this many times one in the text
const K1 = 1.2;                 // repeated matches count less and less (lunr's BM25 saturation)
const VERIFY_CHUNKS = 12;       // text chunks loaded per query at most (about 1 MB) ...
const VERIFY_BEST = 60;         // ... for the best this many candidates: they are counted exactly, shown with their words
const TEASER = 90;              // characters shown before and after the first match

const store = Object.create(null);
self.__ledgerSearch = (name, data) => { store[name] = data; };

let root = null;                // URL of search/ledger/
let version = "";
let meta = null;
let lowerTitles = [];
let queue = Promise.resolve();  // one message at a time: answers come in the order the queries were typed

function workerUrl() {
  // iframe-worker (file://): this script runs inside an iframe of the page; its own <script src> names it
  if (typeof document !== "undefined") {
    const script = document.querySelector("script[src]");
    if (script) return script.src.split("?")[0];
  }
  return self.location.href;
}

async function load(names) {
  const missing = names.filter((name) => !(name in store));
  if (missing.length) {
    await importScripts(...missing.map((name) => `${root}${name}.js?v=${version}`));
  }
  return names.map((name) => store[name]);
}

function fnv(gram) {
  let h = 0x811c9dc5;
  for (const char of gram) {
    h = Math.imul(h ^ char.codePointAt(0), 0x01000193) >>> 0;
  }
  return h;
}

function grams(term) {
  const chars = [...term];
  if (chars.length === 1) return chars;
  const out = new Set();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return [...out];
}

const ALNUM = /[\p{L}\p{N}]/u;
const HAN = /\p{sc=Han}/u;

/* How many times `term` is in `text` (both lower case); a match inside a longer ID or word of letters and
 * digits (P-008 in P-008-37, 008 in 2008) counts half, so that the thing named exactly comes first. */
function count(text, term) {
  let total = 0;
  for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + 1)) {
    total += whole(text, at, term) ? 1 : 0.5;
  }
  return total;
}

function whole(text, at, term) {
  const first = term[0], last = term[term.length - 1];
  const before = text[at - 1], after = text[at + term.length];
  if (before && ALNUM.test(first) && !HAN.test(first) && (ALNUM.test(before) && !HAN.test(before))) return false;
  if (after && ALNUM.test(last) && !HAN.test(last)) {
    if (ALNUM.test(after) && !HAN.test(after)) return false;
    if (after === "-" && /[A-Za-z0-9]/.test(text[at + term.length + 1] || "")) return false;
  }
  return true;
}

const saturate = (tf) => tf * (K1 + 1) / (tf + K1);

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
}

/* The text with every match of the terms marked (<mark>), escaped; cut around the first match when long. */
function highlight(text, terms, cut) {
  const lower = text.toLowerCase();
  let start = 0, end = text.length;
  if (cut && text.length > 2 * TEASER) {
    let first = -1;
    for (const term of terms) {
      const at = lower.indexOf(term);
      if (at !== -1 && (first === -1 || at < first)) first = at;
    }
    start = Math.max(0, first - TEASER);
    end = Math.min(text.length, Math.max(first, 0) + 2 * TEASER);
  }
  const marks = [];
  for (const term of terms) {
    for (let at = lower.indexOf(term, start); at !== -1 && at < end; at = lower.indexOf(term, at + term.length)) {
      marks.push([at, Math.min(end, at + term.length)]);
    }
  }
  marks.sort((a, b) => a[0] - b[0]);
  let out = start > 0 ? "…" : "", position = start;
  for (const [from, to] of marks) {
    if (from < position) continue;
    out += escapeHtml(text.slice(position, from)) + "<mark>" + escapeHtml(text.slice(from, to)) + "</mark>";
    position = to;
  }
  out += escapeHtml(text.slice(position, end)) + (end < text.length ? "…" : "");
  return out;
}

function chunkOf(sid) {
  const starts = meta.chunks;
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= sid) lo = mid; else hi = mid - 1;
  }
  return lo;
}

async function textCandidates(term) {
  // sections whose text holds every bigram of the term (a single character: that character), with the
  // fewest times any of them occurs: at least the number of matches, counted exactly later
  const needed = grams(term);
  await load([...new Set(needed.map((g) => `g/${fnv(g) % meta.shards}`))]);
  const byName = {};
  for (const gram of needed) {
    const shard = store[`g/${fnv(gram) % meta.shards}`];
    byName[gram] = shard ? shard[gram] : undefined;
  }
  let result = null;
  for (const gram of needed.sort((a, b) => (byName[a] || []).length - (byName[b] || []).length)) {
    const post = byName[gram];
    if (!post) return new Map();
    const next = new Map();
    let sid = 0;
    for (let i = 0; i < post.length; i += 2) {
      sid += post[i];
      if (result === null) next.set(sid, post[i + 1]);
      else if (result.has(sid)) next.set(sid, Math.min(result.get(sid), post[i + 1]));
    }
    result = next;
    if (!result.size) break;
  }
  return result || new Map();
}

async function search(query) {
  const terms = [...new Set(query.toLowerCase().split(/\s+/).filter(Boolean))];
  if (!terms.length || !meta) return {items: []};
  const sections = meta.sections, pages = meta.pages;
  const total = sections.length;
  // per term: title counts (exact, from index.js) and text counts (an estimate from the bigram shards)
  const perTerm = [];
  for (const term of terms) {
    const text = await textCandidates(term);
    const title = new Map();
    for (let sid = 0; sid < total; sid++) {
      if (lowerTitles[sid].includes(term)) title.set(sid, count(lowerTitles[sid], term));
    }
    const df = new Set([...text.keys(), ...title.keys()]).size;
    const idf = Math.log(1 + Math.abs(total - df + 0.5) / (df + 0.5));
    perTerm.push({term, text, title, idf});
  }
  const candidates = new Set();
  for (const {text, title} of perTerm) {
    for (const sid of text.keys()) candidates.add(sid);
    for (const sid of title.keys()) candidates.add(sid);
  }
  const score = (sid, textCount) => {
    let sum = 0, matched = 0;
    for (const [i, {text, title, idf}] of perTerm.entries()) {
      const inText = textCount ? textCount[i] : (text.get(sid) || 0);
      const inTitle = title.get(sid) || 0;
      if (!inText && !inTitle) continue;
      matched += 1;
      sum += idf * (TITLE_WEIGHT * saturate(inTitle) + saturate(inText));
    }
    if (!matched) return 0;
    const [page, anchor] = sections[sid];
    const boost = (anchor === "" ? 1 : 0) + matched / perTerm.length;
    return sum * pages[page][2] * (1 + boost * boost);
  };
  let ranked = [...candidates].map((sid) => ({sid, score: score(sid, null), exact: false, text: ""}));
  ranked.sort((a, b) => b.score - a.score || a.sid - b.sid);
  // count the best candidates exactly in their text (and take the words around the match)
  const chunks = [];
  for (const item of ranked.slice(0, VERIFY_BEST)) {
    const chunk = chunkOf(item.sid);
    if (!chunks.includes(chunk) && chunks.length < VERIFY_CHUNKS) chunks.push(chunk);
  }
  await load(chunks.map((n) => `t/${n}`));
  for (const item of ranked) {
    const chunk = chunkOf(item.sid);
    const texts = chunks.includes(chunk) ? store[`t/${chunk}`] : undefined;
    if (!texts) continue;
    const text = texts[item.sid - meta.chunks[chunk]];
    const lower = text.toLowerCase();
    item.counts = perTerm.map(({term}) => count(lower, term));
    item.score = score(item.sid, item.counts);
    item.exact = true;
    item.text = text;
  }
  ranked = ranked.filter((item) => item.score > 0);
  ranked.sort((a, b) => (b.exact - a.exact) || b.score - a.score || a.sid - b.sid);
  // group by page, best page first; every group holds its page's top (Material lists it first)
  const groups = new Map();
  const termFlags = (sid, textCount) => Object.fromEntries(perTerm.map(({term, title}, i) => [term,
    Boolean(title.get(sid) || (textCount && textCount[i]))]));
  for (const item of ranked) {
    const [page, anchor, own] = sections[item.sid];
    const title = own || pages[page][1];
    const location = pages[page][0] + (anchor ? `#${anchor}` : "");
    const entry = {location, title: highlight(title, terms, false), text: item.text ? highlight(item.text, terms, true) : "",
      score: item.score, terms: termFlags(item.sid, item.counts)};
    if (!groups.has(page)) groups.set(page, []);
    groups.get(page).push(entry);
  }
  for (const [page, items] of groups) {
    if (!items.some((item) => !item.location.includes("#"))) {
      items.push({location: pages[page][0], title: escapeHtml(pages[page][1]), text: "", score: 0, terms: {}});
    }
  }
  return {items: [...groups.values()]};
}

async function setup(config) {
  root = new URL("../../../search/ledger/", workerUrl()).href;
  version = (config && config.ledger_version) || "";
  [meta] = await load(["index"]);
  lowerTitles = meta.sections.map((section) => (section[2] || meta.pages[section[0]][1]).toLowerCase());
}

async function handle(message) {
  if (message.type === SETUP) {
    await setup(message.data.config);
    postMessage({type: READY});
  } else if (message.type === QUERY) {
    let data;
    try {
      data = await search(message.data);
    } catch (error) {
      console.warn(error);
      data = {items: []};
    }
    postMessage({type: RESULT, data});
  }
}

addEventListener("message", (event) => {
  queue = queue.then(() => handle(event.data));
});
