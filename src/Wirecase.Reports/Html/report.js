// Wirecase report: sortable tables, text filters, and (in `wirecase serve`) display filters for packet lists.
(function () {
  "use strict";
  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) return numeric ? -Infinity : "";
    var raw = cell.getAttribute("data-v") || cell.textContent.trim();
    if (!numeric) return raw.toLowerCase();
    var n = parseFloat(raw);
    return isNaN(n) ? -Infinity : n;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th, index) {
      th.addEventListener("click", function () {
        var numeric = th.getAttribute("data-type") === "n";
        var ascending = !th.classList.contains("sorted-asc");
        table.querySelectorAll("thead th").forEach(function (o) { o.classList.remove("sorted-asc", "sorted-desc"); });
        th.classList.add(ascending ? "sorted-asc" : "sorted-desc");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  function applyFilters(table) {
    var text = (table.getAttribute("data-text") || "").toLowerCase();
    var allowed = table.wirecaseAllowed || null;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var byText = !text || row.textContent.toLowerCase().indexOf(text) >= 0;
      var byFilter = !allowed || allowed.has(row.getAttribute("data-frame"));
      row.hidden = !(byText && byFilter);
    });
  }
  document.querySelectorAll("input.table-filter").forEach(function (input) {
    input.addEventListener("input", function () {
      var table = document.getElementById(input.getAttribute("data-table"));
      table.setAttribute("data-text", input.value);
      applyFilters(table);
    });
  });
  var url = window.wirecasePacketFilterUrl;
  if (!url) return;
  document.querySelectorAll("input.display-filter").forEach(function (input) {
    var table = document.getElementById(input.getAttribute("data-table"));
    var status = document.querySelector(".filter-status[data-for='" + table.id + "']");
    input.addEventListener("keydown", function (e) {
      if (e.key !== "Enter") return;
      var filter = input.value.trim();
      if (!filter) { table.wirecaseAllowed = null; input.classList.remove("invalid"); status.textContent = ""; applyFilters(table); return; }
      status.className = "filter-status"; status.textContent = "filtering…";
      fetch(url + "?stream=" + encodeURIComponent(input.getAttribute("data-stream")) + "&filter=" + encodeURIComponent(filter))
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (res) {
          if (!res.ok) { input.classList.add("invalid"); status.className = "filter-status error"; status.textContent = res.body.error || "invalid filter"; return; }
          input.classList.remove("invalid");
          table.wirecaseAllowed = new Set(res.body.frames.map(String));
          applyFilters(table);
          status.textContent = res.body.frames.length + " matching";
        })
        .catch(function (err) { status.className = "filter-status error"; status.textContent = String(err); });
    });
  });
})();
