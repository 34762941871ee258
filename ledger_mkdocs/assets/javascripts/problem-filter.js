/* 问题清单的筛选：按责任科室、整改状态和整改看板的提醒（逾期未完成、即将到期、进展滞后、缺少佐证材料）筛出问题。
 * 筛选项由表格本身得出（按表头“责任科室”“整改状态”找列，提醒取状态格里的 .problem-alert 标记），不另写数据；
 * 选择写进地址（?科室=…&状态=…&提醒=…），可收藏、可转发；打印时只打印筛出的问题，并在表格上方印出筛选条件。
 * 全部是原生的 select、checkbox、button，键盘可用；结果数用 aria-live 读出。
 * 问题多时（一个市局几百个）屏幕上先显示 PAGE 个，“再显示”按钮逐批显示其余的：浏览器不必为几百行排版，
 * 页面打开就能用；打印时照样印出筛出的全部问题。脚本运行之前 problem-filter.css 先只显示前 PAGE 行
 * （没有脚本时表格后面的 <noscript> 样式显示全部）。
 */
(function () {
  var PARAMS = { department: "科室", status: "状态", flag: "提醒" };
  var PAGE = 100;  // problem-filter.css 里的 nth-child(n+101) 与它一致

  function columnIndex(table, name) {
    var heads = table.querySelectorAll("thead th");
    for (var i = 0; i < heads.length; i++) {
      if (heads[i].textContent.trim() === name) return i;
    }
    return -1;
  }

  function statusText(cell) {
    var text = "";
    for (var node = cell.firstChild; node && node.nodeName !== "BR"; node = node.nextSibling) {
      text += node.textContent;
    }
    return text.trim();
  }

  function option(value, label) {
    var el = document.createElement("option");
    el.value = value;
    el.textContent = label;
    return el;
  }

  function select(labelText, values) {
    var label = document.createElement("label");
    label.className = "problem-filter__field";
    label.appendChild(document.createTextNode(labelText));
    var el = document.createElement("select");
    el.appendChild(option("", "全部"));
    values.forEach(function (value) { el.appendChild(option(value, value)); });
    label.appendChild(el);
    return { label: label, select: el };
  }

  function counted(values) {
    var counts = new Map();
    values.forEach(function (v) { if (v) counts.set(v, (counts.get(v) || 0) + 1); });
    return Array.from(counts.keys()).sort(function (a, b) { return a.localeCompare(b, "zh-CN"); });
  }

  function setUp(wrapper) {
    var table = wrapper.querySelector("table");
    if (!table || wrapper.querySelector(".problem-filter")) return;
    var departmentColumn = columnIndex(table, "责任科室");
    var statusColumn = columnIndex(table, "整改状态");
    if (departmentColumn < 0 || statusColumn < 0) return;
    var body = table.tBodies[0];
    var rows = Array.from(body.rows).map(function (tr) {
      var flags = Array.from(tr.cells[statusColumn].querySelectorAll(".problem-alert")).map(function (span) {
        return span.getAttribute("title") || span.textContent.trim();
      });
      return {
        tr: tr,
        department: tr.cells[departmentColumn].textContent.trim(),
        status: statusText(tr.cells[statusColumn]),
        flags: flags
      };
    });
    // the marks in the board's order (data-flags), then any other found in the cells
    var flagNames = (wrapper.getAttribute("data-flags") || "").split(" ").filter(Boolean);
    rows.forEach(function (row) {
      row.flags.forEach(function (f) { if (flagNames.indexOf(f) < 0) flagNames.push(f); });
    });

    var form = document.createElement("form");
    form.className = "problem-filter";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "筛选问题清单");
    var department = select("责任科室", counted(rows.map(function (r) { return r.department; })));
    var status = select("整改状态", counted(rows.map(function (r) { return r.status; })));
    form.appendChild(department.label);
    form.appendChild(status.label);
    var boxes = [];
    if (flagNames.length) {
      var group = document.createElement("fieldset");
      group.className = "problem-filter__flags";
      var legend = document.createElement("legend");
      legend.textContent = "提醒";
      group.appendChild(legend);
      flagNames.forEach(function (name) {
        var label = document.createElement("label");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.value = name;
        label.appendChild(box);
        label.appendChild(document.createTextNode(name));
        group.appendChild(label);
        boxes.push(box);
      });
      form.appendChild(group);
    }
    var reset = document.createElement("button");
    reset.type = "reset";
    reset.className = "md-button problem-filter__reset";
    reset.textContent = "清除筛选";
    form.appendChild(reset);
    var count = document.createElement("p");
    count.className = "problem-filter__count";
    count.setAttribute("aria-live", "polite");
    form.appendChild(count);
    // printed above the table instead of the form (the form itself is not printed)
    var printed = document.createElement("p");
    printed.className = "problem-filter__printed";
    wrapper.insertBefore(form, wrapper.firstChild);
    wrapper.insertBefore(printed, form.nextSibling);
    var more = document.createElement("p");
    more.className = "problem-filter__more";
    var moreButton = document.createElement("button");
    moreButton.type = "button";
    moreButton.className = "md-button";
    var allButton = document.createElement("button");
    allButton.type = "button";
    allButton.className = "md-button";
    allButton.textContent = "全部显示";
    more.appendChild(moreButton);
    more.appendChild(allButton);
    wrapper.appendChild(more);
    var byRow = new Map(rows.map(function (row) { return [row.tr, row]; }));
    var limit = PAGE;

    function chosen() {
      return {
        department: department.select.value,
        status: status.select.value,
        flags: boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; })
      };
    }

    function apply(writeAddress) {
      var want = chosen();
      var shown = 0;
      // in the table's current order (sorting by a column reorders the rows)
      Array.from(body.rows).forEach(function (tr) {
        var row = byRow.get(tr);
        var show = (!want.department || row.department === want.department) &&
          (!want.status || row.status === want.status) &&
          (!want.flags.length || want.flags.some(function (f) { return row.flags.indexOf(f) >= 0; }));
        tr.hidden = !show;
        if (show) shown += 1;
        tr.classList.toggle("problem-row--later", show && shown > limit);
      });
      var onScreen = Math.min(shown, limit);
      var rest = shown - onScreen;
      more.hidden = rest <= 0;
      moreButton.textContent = "再显示 " + Math.min(PAGE, rest) + " 个（还有 " + rest + " 个）";
      var filtered = want.department || want.status || want.flags.length;
      count.textContent = (filtered ? "筛出 " + shown + " 个问题（共 " + rows.length + " 个）" : "共 " + rows.length + " 个问题") +
        (rest > 0 ? "，先显示 " + onScreen + " 个" : "");
      var parts = [];
      if (want.department) parts.push("责任科室：" + want.department);
      if (want.status) parts.push("整改状态：" + want.status);
      if (want.flags.length) parts.push("提醒：" + want.flags.join("或"));
      printed.textContent = filtered ? "筛选条件——" + parts.join("；") + "（" + shown + " 个问题，共 " + rows.length + " 个）" : "";
      printed.hidden = !filtered;
      if (writeAddress) {
        var url = new URL(location.href);
        url.searchParams.delete(PARAMS.department);
        url.searchParams.delete(PARAMS.status);
        url.searchParams.delete(PARAMS.flag);
        if (want.department) url.searchParams.set(PARAMS.department, want.department);
        if (want.status) url.searchParams.set(PARAMS.status, want.status);
        want.flags.forEach(function (f) { url.searchParams.append(PARAMS.flag, f); });
        history.replaceState(history.state, "", url.toString());
      }
    }

    // a filtered list opened from its address
    var params = new URL(location.href).searchParams;
    if (params.get(PARAMS.department)) department.select.value = params.get(PARAMS.department);
    if (params.get(PARAMS.status)) status.select.value = params.get(PARAMS.status);
    var flagsWanted = params.getAll(PARAMS.flag);
    boxes.forEach(function (b) { b.checked = flagsWanted.indexOf(b.value) >= 0; });

    form.addEventListener("change", function () { limit = PAGE; apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { limit = PAGE; apply(true); }, 0); });
    moreButton.addEventListener("click", function () { limit += PAGE; apply(false); });
    allButton.addEventListener("click", function () { limit = Infinity; apply(false); });
    table.addEventListener("afterSort", function () { apply(false); });
    apply(false);
    wrapper.classList.add("problem-list--filterable");
  }

  function setUpAll() {
    document.querySelectorAll(".problem-list--all").forEach(setUp);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setUpAll);
  } else {
    document.addEventListener("DOMContentLoaded", setUpAll);
  }
})();
