/* Sortable tables: a click (or Enter) on a heading of a table.debrief-sortable sorts its
   rows by that column, a second click reverses the order. A cell's data-sort attribute is
   its sort key (numbers compare as numbers); empty keys always go last. Without
   JavaScript the table stays in the order the page was written in. Starts on every page
   (start.js); a table is set up once. */
(function () {
  "use strict";

  function sortKey(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }

  function compare(a, b) {
    if (a === "" || b === "") return (a === "") - (b === "");
    var x = Number(a), y = Number(b);
    if (!isNaN(x) && !isNaN(y)) return x - y;
    return a.localeCompare(b, document.documentElement.lang || undefined, { numeric: true });
  }

  function sortBy(table, heading, index) {
    var ascending = heading.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (first, second) {
      var a = sortKey(first, index), b = sortKey(second, index);
      if (a === "" || b === "") return compare(a, b);
      return ascending ? compare(a, b) : compare(b, a);
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("thead th").forEach(function (other) { other.removeAttribute("aria-sort"); });
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function setUp() {
    document.querySelectorAll("table.debrief-sortable").forEach(function (table) {
      if (table.dataset.ready || !table.tHead || !table.tBodies.length) return;
      table.dataset.ready = "true";
      table.querySelectorAll("thead th").forEach(function (heading, index) {
        heading.tabIndex = 0;
        heading.addEventListener("click", function () { sortBy(table, heading, index); });
        heading.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            sortBy(table, heading, index);
          }
        });
      });
    });
  }

  window.debrief.onEveryPage(setUp);
})();
