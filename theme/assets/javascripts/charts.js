/* Draws every Debrief chart on the page with vega-embed, from the spec embedded next to it.
   Material's instant navigation swaps pages without a reload, so drawing hooks into its
   document$ stream when present, and into DOMContentLoaded otherwise. */
(function () {
  "use strict";

  function draw() {
    document.querySelectorAll(".debrief-chart[data-spec]").forEach(function (element) {
      if (element.dataset.drawn) return;
      var source = document.getElementById(element.dataset.spec);
      if (!source) return;
      element.dataset.drawn = "true";
      vegaEmbed(element, JSON.parse(source.textContent), { actions: false, renderer: "svg" })
        .catch(function (error) {
          element.classList.add("debrief-chart--failed");
          console.error("Debrief chart failed:", error);
        });
    });
  }

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(draw);
  } else {
    document.addEventListener("DOMContentLoaded", draw);
  }
})();
