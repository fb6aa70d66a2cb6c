/* Draws every Debrief chart on the page with vega-embed, from the spec embedded next to it.
   Material's instant navigation swaps pages without a reload, so drawing hooks into its
   document$ stream when present, and into DOMContentLoaded otherwise. */
(function () {
  "use strict";

  /* Content-Security-Policy friendly: `ast` makes Vega interpret expressions instead of
     compiling them with new Function (no 'unsafe-eval'); `defaultStyle: false` and
     `disableDefaultStyle` stop vega-embed and its tooltip injecting <style> elements
     (their rules live in debrief.css). */
  var EMBED_OPTIONS = {
    actions: false, renderer: "svg", ast: true, defaultStyle: false, tooltip: { disableDefaultStyle: true },
  };

  function drawChart(element) {
    if (element.dataset.drawn) return;
    var source = document.getElementById(element.dataset.spec);
    if (!source) return;
    element.dataset.drawn = "true";
    vegaEmbed(element, JSON.parse(source.textContent), EMBED_OPTIONS)
      .catch(function (error) {
        element.classList.add("debrief-chart--failed");
        console.error("Debrief chart failed:", error);
      });
  }

  /* A long page (a year-long campaign, many KPIs) stays responsive: each chart is drawn
     only when it comes near the viewport. */
  var nearViewport = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      nearViewport.unobserve(entry.target);
      drawChart(entry.target);
    });
  }, { rootMargin: "600px 0px" }) : null;

  function draw() {
    document.querySelectorAll(".debrief-chart[data-spec]").forEach(function (element) {
      if (element.dataset.drawn) return;
      if (nearViewport) nearViewport.observe(element); else drawChart(element);
    });
  }

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(draw);
  } else {
    document.addEventListener("DOMContentLoaded", draw);
  }
})();
