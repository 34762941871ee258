// What a reader would see broken on the open page (tests/browser/test_accessibility.py, WCAG 1.4.4, 1.4.10):
// the page scrolls sideways, text is cut (outside the window, clipped by a box, or ended with "…"),
// or two pieces of text overlap. Inside a box that scrolls by itself (a wide data table) nothing counts as cut.
// Returns a list of findings in Chinese, each naming the element.
() => {
  const vw = document.documentElement.clientWidth;
  const out = [];
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    if (typeof el.className === "string" && el.className.trim()) s += "." + el.className.trim().split(/\s+/).join(".");
    const text = (el.textContent || "").trim().slice(0, 20);
    return text ? `${s}「${text}」` : s;
  };
  if (document.documentElement.scrollWidth > vw + 1)
    out.push(`页面可以左右滚动：内容宽 ${document.documentElement.scrollWidth}px，窗口宽 ${vw}px`);

  const scrolls = (el) => {
    const s = getComputedStyle(el);
    return ["auto", "scroll"].includes(s.overflowX) || ["auto", "scroll"].includes(s.overflowY);
  };
  // the boxes (the text's own element first) that cut what sticks out of them, up to the first box that scrolls (content reachable by scrolling)
  const clips = (el) => {
    const boxes = [];
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      if (scrolls(a)) return { boxes, scroller: a };
      const s = getComputedStyle(a);
      if (["hidden", "clip"].includes(s.overflowX) || ["hidden", "clip"].includes(s.overflowY))
        boxes.push({ el: a, x: s.overflowX !== "visible", y: s.overflowY !== "visible" });
    }
    return { boxes, scroller: null };
  };

  const roots = document.querySelectorAll(".md-header, .md-main, .md-footer");
  const pieces = [];
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT,
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      if (el.closest(".md-sidebar") && el.closest(".md-sidebar").getBoundingClientRect().right <= 0) continue; // a closed drawer
      if (el.closest(".md-search__output, .md-tooltip, .md-dialog")) continue; // closed overlays
      const range = document.createRange();
      range.selectNodeContents(node);
      // each line's box cut down to one em high around its middle: where the letters are. (A line box is
      // about 1.45 em high with CJK fonts; tight line spacing lets these boxes touch while the letters do not.)
      const svg = el.closest("svg");
      const em = parseFloat(getComputedStyle(el).fontSize) * (svg && svg.getScreenCTM() ? svg.getScreenCTM().a : 1);
      const rects = [...range.getClientRects()].filter((r) => r.width > 1 && r.height > 1).map((r) => {
        const half = Math.min(r.height, em) / 2, middle = (r.top + r.bottom) / 2;
        return { left: r.left, right: r.right, top: middle - half, bottom: middle + half };
      });
      if (!rects.length) continue;
      const { boxes, scroller } = clips(el);
      const s = getComputedStyle(el);
      if (s.textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth + 1) {
        out.push(`文字被省略号截断：${name(el)}`);
        continue;
      }
      for (const r of rects) {
        if (!scroller && (r.left < -1 || r.right > vw + 1)) { out.push(`文字超出窗口：${name(el)}`); break; }
        const cut = boxes.find(({ el: b, x, y }) => {
          const c = b.getBoundingClientRect();
          return (x && (r.left < c.left - 1 || r.right > c.right + 1)) || (y && (r.top < c.top - 1 || r.bottom > c.bottom + 1));
        });
        if (cut) { out.push(`文字被 ${name(cut.el)} 截掉：${name(el)}`); break; }
      }
      pieces.push({ el, rects, scroller });
    }
  }
  // overlaps: two text pieces whose line boxes cross (a few px of glyph overhang are allowed)
  const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 3 &&
                            Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 3;
  const seen = new Set();
  for (let i = 0; i < pieces.length; i++) {
    for (let j = i + 1; j < pieces.length; j++) {
      const p = pieces[i], q = pieces[j];
      if (p.el === q.el || p.scroller !== q.scroller) continue;
      if (p.rects.some((a) => q.rects.some((b) => overlap(a, b)))) {
        const key = name(p.el) + " / " + name(q.el);
        if (!seen.has(key)) { seen.add(key); out.push(`文字重叠：${key}`); }
      }
    }
  }
  return out;
}
