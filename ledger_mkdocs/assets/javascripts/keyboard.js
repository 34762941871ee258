/* 键盘可用（WCAG 2.1：2.1.1 键盘、2.4.3 焦点顺序、2.4.7 焦点可见；tests/browser/test_accessibility.py）。
 * 窄屏上页眉的“菜单”和“搜索”按钮，Material 写成 <label>，键盘到不了：这里让它们能用 Tab 到达，
 * Enter 或空格打开；打开的菜单按 Esc 关闭，焦点回到菜单按钮。
 * 关着的菜单和搜索框不在 Tab 的路线上（accessibility.css），焦点不会落到看不见的地方。
 */
(function () {
  var NAMES = { __drawer: "导航菜单", __search: "搜索" };

  document.querySelectorAll("label.md-header__button[for]").forEach(function (label) {
    var toggle = document.getElementById(label.htmlFor);
    if (!toggle) return;
    label.setAttribute("role", "button");
    label.tabIndex = 0;
    if (NAMES[toggle.id] && !label.hasAttribute("aria-label")) label.setAttribute("aria-label", NAMES[toggle.id]);
    label.setAttribute("aria-expanded", String(toggle.checked));
    toggle.addEventListener("change", function () {
      label.setAttribute("aria-expanded", String(toggle.checked));
    });
    label.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      // Material itself clicks a focused label on Enter: stop the key here so it is not clicked twice
      event.preventDefault();
      event.stopPropagation();
      label.click();
      // what was opened gets the focus: the menu's first link, the search box (once visible: next frame)
      var target = !toggle.checked ? null
        : toggle.id === "__drawer" ? document.querySelector(".md-sidebar--primary a[href]")
        : toggle.id === "__search" ? document.querySelector(".md-search__input") : null;
      if (target) requestAnimationFrame(function () { target.focus(); });
    });
  });

  var drawer = document.getElementById("__drawer");
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !drawer || !drawer.checked) return;
    drawer.checked = false;
    drawer.dispatchEvent(new Event("change", { bubbles: true }));
    var button = document.querySelector('label.md-header__button[for="__drawer"]');
    if (button) button.focus();
  });
})();
