/* 表格点击表头排序（Material for MkDocs 文档里的做法，tablesort 随站发布，不用 CDN）。
 * tablesort 的排序函数约定返回“b 与 a 比较”的结果（它先按此排序再整体倒序）。
 * - 中文按拼音（Intl.Collator zh-CN），数字片段按数值（P-2 排在 P-10 前）；
 * - 日期写作 2023年11月30日，按日期先后；空白（如尚未完成）在升序时排在最后；
 * - 数字和百分比由 tablesort.number 处理。
 * 键盘可用（WCAG 2.1）：表头是按钮，要左右滚动的表格可以用 Tab 到达（tests/browser/test_accessibility.py）。
 */
(function () {
  var collator = new Intl.Collator("zh-CN", { numeric: true, sensitivity: "base" });
  var CN_DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;

  function dateKey(text) {
    var m = CN_DATE.exec(text.trim());
    return m ? Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]) : Infinity;
  }

  Tablesort.extend("cn-date", function (item) {
    return CN_DATE.test(item);
  }, function (a, b) {
    var ka = dateKey(a), kb = dateKey(b);
    return ka === kb ? 0 : (kb < ka ? -1 : 1);
  });

  // 其余一律按中文排序（最后注册，作为兜底）
  Tablesort.extend("zh", function () {
    return true;
  }, function (a, b) {
    return collator.compare(b.trim(), a.trim());
  });

  // 键盘：每个可排序的表头的文字包进一个“按钮”（role=button 的 span：Tab 到达，Enter 或空格排序，读屏软件读作按钮；
  // 不用 <button>，打印出的 PDF 里表头仍是文字），表头本身不再单独获得焦点。排序方向由 tablesort 写在表头的 aria-sort 上。
  // Enter：tablesort 在表头上接住按键并排序；空格：这里转成一次点击，传到表头排序（并不让页面滚动）。
  function sortButtons(table) {
    table.querySelectorAll("th[role=columnheader]").forEach(function (th) {
      if (th.getAttribute("data-sort-method") === "none" || th.querySelector(".ledger-sort")) return;
      var button = document.createElement("span");
      button.className = "ledger-sort";
      button.setAttribute("role", "button");
      button.tabIndex = 0;
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.removeAttribute("tabindex");
      button.addEventListener("keydown", function (event) {
        if (event.key !== " ") return;
        event.preventDefault();
        button.click();
      });
    });
  }

  // 放不下而要左右滚动的表格（手机上的宽表格、图表数据）和代码块：外框可以用 Tab 到达，再用方向键滚动，
  // 读屏软件读出它的名称（所在的折叠块标题或前面的小标题）
  function scrollName(wrap) {
    if (wrap.tagName === "CODE") return "代码";
    var details = wrap.closest("details");
    var summary = details && details.querySelector("summary");
    if (summary) return summary.textContent.trim();
    for (var el = wrap.closest(".md-typeset > *") || wrap; el; el = el.previousElementSibling) {
      if (/^H[1-6]$/.test(el.tagName)) return el.textContent.trim();
    }
    return "表格";
  }

  function markScrollable() {
    document.querySelectorAll("article .md-typeset__scrollwrap, article pre > code").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", scrollName(wrap) + "（可左右滚动）");
      } else if (wrap.hasAttribute("tabindex")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  document$.subscribe(function () {
    document.querySelectorAll("article table:not([class])").forEach(function (table) {
      new Tablesort(table);
      sortButtons(table);
    });
    markScrollable();
  });
  window.addEventListener("resize", markScrollable);
  // 折叠块打开时里面的表格才有宽度
  document.addEventListener("toggle", markScrollable, true);
})();
