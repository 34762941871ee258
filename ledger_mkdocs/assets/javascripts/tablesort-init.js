/* 表格点击表头排序（Material for MkDocs 文档里的做法，tablesort 随站发布，不用 CDN）。
 * tablesort 的排序函数约定返回“b 与 a 比较”的结果（它先按此排序再整体倒序）。
 * - 中文按拼音（Intl.Collator zh-CN），数字片段按数值（P-2 排在 P-10 前）；
 * - 日期写作 2023年11月30日，按日期先后；空白（如尚未完成）在升序时排在最后；
 * - 数字和百分比由 tablesort.number 处理。
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

  document$.subscribe(function () {
    document.querySelectorAll("article table:not([class])").forEach(function (table) {
      new Tablesort(table);
    });
  });
})();
