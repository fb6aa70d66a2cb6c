/* Filters a Debrief timeline by its <select>s (type, campaign): each list item carries
   data-type and data-campaign. Without JavaScript the filters stay hidden and every
   event shows. */
(function () {
  "use strict";

  function setUp(filters) {
    if (filters.dataset.ready) return;
    var list = document.getElementById(filters.dataset.filterFor);
    if (!list) return;
    filters.dataset.ready = "true";
    var selects = filters.querySelectorAll("select[data-filter]");
    var count = filters.querySelector(".debrief-filter-count");
    var items = list.querySelectorAll("li[data-type]");

    function apply() {
      var shown = 0;
      items.forEach(function (item) {
        var visible = Array.prototype.every.call(selects, function (select) {
          return !select.value || item.dataset[select.dataset.filter] === select.value;
        });
        item.hidden = !visible;
        if (visible) shown += 1;
      });
      if (count) {
        count.textContent = filters.dataset.countText
          .replace("{shown}", String(shown)).replace("{total}", String(items.length));
      }
    }

    selects.forEach(function (select) { select.addEventListener("change", apply); });
    filters.hidden = false;
    apply();
  }

  function init() {
    document.querySelectorAll(".debrief-filters[data-filter-for]").forEach(setUp);
  }

  window.debrief.onEveryPage(init);  /* set-up runs once per list */
})();
