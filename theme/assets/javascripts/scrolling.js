/* Tables wider than the screen scroll sideways in their own box (Material's
   .md-typeset__scrollwrap, Debrief's .debrief-table-wrap). A keyboard user must be able
   to reach such a box to scroll it, so a box that scrolls joins the tab order, named
   after the heading above it. Starts on every page (start.js) and re-checks when the window
   is resized. */
(function () {
  "use strict";

  var BOXES = ".md-typeset__scrollwrap, .debrief-table-wrap";

  var HEADINGS = "h1[id], h2[id], h3[id], h4[id]";

  function headingAbove(box) {
    var all = document.querySelectorAll(HEADINGS), above = null;
    all.forEach(function (heading) {
      if (heading.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING) above = heading;
    });
    return above;
  }

  function reachable() {
    document.querySelectorAll(BOXES).forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        var heading = headingAbove(box);
        if (heading) {
          box.setAttribute("role", "region");
          box.setAttribute("aria-labelledby", heading.id);
        }
      } else if (box.hasAttribute("tabindex")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-labelledby");
      }
    });
  }

  window.debrief.onEveryPage(function () { window.requestAnimationFrame(reachable); });
  window.addEventListener("resize", reachable);
})();
