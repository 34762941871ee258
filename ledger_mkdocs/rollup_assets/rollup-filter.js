/* 汇总台账的问题清单：按单位、整改状态、提醒筛选（ledger/rollup/pages.py 写出筛选框和每行的 data-* 标记）。
   没有脚本时筛选框不显示，清单照常完整列出。 */
(function () {
  "use strict";
  function setUp() {
    var form = document.querySelector(".rollup-filters");
    var table = document.querySelector(".rollup-problems table");
    if (!form || !table || form.dataset.ready) { return; }
    form.dataset.ready = "1";
    form.hidden = false;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = form.querySelector(".rollup-filter-count");
    function values(row, attr) {
      return Array.prototype.map.call(row.querySelectorAll("[" + attr + "]"), function (el) { return el.getAttribute(attr); });
    }
    function apply() {
      var wanted = {};
      Array.prototype.forEach.call(form.querySelectorAll("select[data-filter]"), function (s) { wanted[s.dataset.filter] = s.value; });
      var shown = 0;
      rows.forEach(function (row) {
        var flags = values(row, "data-flag");
        if (!flags.length) { flags = ["无提醒"]; }
        var ok = (!wanted.unit || values(row, "data-unit").indexOf(wanted.unit) >= 0) &&
                 (!wanted.status || values(row, "data-status").indexOf(wanted.status) >= 0) &&
                 (!wanted.flag || flags.indexOf(wanted.flag) >= 0);
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = "显示 " + shown + " / " + rows.length + " 个问题";
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(setUp); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUp); }
  else { setUp(); }
})();
