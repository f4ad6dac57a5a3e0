(function () {
  "use strict";
  function key(cell, type) {
    var v = cell.getAttribute("data-sort");
    if (v === null) v = cell.textContent.trim();
    return type === "num" ? (parseFloat(v) || 0) : v;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.setAttribute("tabindex", "0");
      function sort() {
        var desc = th.getAttribute("aria-sort") !== "descending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", desc ? "descending" : "ascending");
        var type = th.getAttribute("data-type");
        var rows = Array.prototype.slice.call(table.tBodies[0].rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col], type), y = key(b.cells[col], type);
          var c = type === "num" ? x - y : String(x).localeCompare(String(y), "zh-CN");
          return desc ? -c : c;
        });
        rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
    });
    table.setAttribute("data-sortable", "ready");
  });
  // Filter by category, type and gate status: rows carry data-category, data-type, data-status;
  // a person's <details> carries the |-joined sets of its findings and hides when none matches.
  var bar = document.getElementById("filters");
  if (!bar) return;
  var selects = bar.querySelectorAll("select");
  function matches(el, name, value, many) {
    if (!value) return true;
    var have = el.getAttribute("data-" + name) || "";
    return many ? have.split("|").indexOf(value) >= 0 : have === value;
  }
  function apply() {
    var want = {};
    selects.forEach(function (s) { want[s.name] = s.value; });
    var shown = 0;
    document.querySelectorAll("tr.finding").forEach(function (row) {
      var ok = ["category", "type", "status"].every(function (n) { return matches(row, n, want[n], false); });
      row.hidden = !ok;
      if (ok) shown++;
    });
    document.querySelectorAll("details.person").forEach(function (d) {
      var ok = ["category", "type", "status"].every(function (n) { return matches(d, n, want[n], true); });
      d.hidden = !ok;
    });
    var count = document.getElementById("filter-count");
    if (count) count.textContent = String(shown);
    bar.setAttribute("data-shown", String(shown));
  }
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  bar.hidden = false;
  bar.setAttribute("data-filter", "ready");
})();
