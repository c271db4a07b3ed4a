/* League table sorting in the browser (templates/dashboard/_league.html).
   Header links sort on the server (?sort=&dir=) and work without JavaScript. When the whole
   filtered table is on the page (data-complete="1") a click sorts the rows in place instead;
   when it is paged, the link is followed so the server sorts every row, not just this page. */
(function () {
  "use strict";
  var table = document.getElementById("league");
  if (!table || table.dataset.complete !== "1") { return; }
  var body = table.tBodies[0];

  function value(row, index) {
    var raw = row.cells[index] ? row.cells[index].getAttribute("data-v") : null;
    if (raw === null || raw === "") { return null; }
    var n = Number(raw);
    return isNaN(n) ? raw : n;
  }

  function sortBy(th, index, dir) {
    var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.cells.length > 1; });
    rows.sort(function (a, b) {
      var x = value(a, index), y = value(b, index);
      if (x === null && y === null) { return value(a, 0) - value(b, 0); }
      if (x === null) { return 1; }   // rows without a value always go last
      if (y === null) { return -1; }
      var c = (typeof x === "number" && typeof y === "number") ? x - y : String(x).localeCompare(String(y), "id");
      return dir === "asc" ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === "asc" ? "ascending" : "descending");
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    var link = th.querySelector("a");
    if (!link) { return; }
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var dir = th.getAttribute("aria-sort") === "ascending" ? "desc" : "asc";
      sortBy(th, index, dir);
      var url = new URL(link.href);
      url.searchParams.set("dir", dir);
      history.replaceState(null, "", url.pathname + url.search);
    });
  });
}());
