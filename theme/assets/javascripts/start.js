/* How every Debrief script starts: `debrief.onEveryPage(setUp)` runs setUp once the page's
   HTML is there, and again each time Material's instant navigation swaps a page in
   (its document$ stream). Both hooks, because Material never emits document$ for a site
   opened from disk (file://), while a served site gets both: so every setUp is idempotent.
   Loaded before the other scripts (site.py lists it first). */
(function () {
  "use strict";

  function onEveryPage(setUp) {
    if (typeof window.document$ !== "undefined") window.document$.subscribe(function () { setUp(); });
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { setUp(); });
    else setUp();
  }

  window.debrief = { onEveryPage: onEveryPage };
})();
