/* Draws every Debrief chart on the page with vega-embed, from the spec embedded next to it. */
(function () {
  "use strict";

  /* Content-Security-Policy friendly: `ast` makes Vega interpret expressions instead of
     compiling them with new Function (no 'unsafe-eval'); `defaultStyle: false` and
     `disableDefaultStyle` stop vega-embed and its tooltip injecting <style> elements
     (their rules live in debrief.css). */
  var EMBED_OPTIONS = {
    actions: false, renderer: "svg", ast: true, defaultStyle: false, tooltip: { disableDefaultStyle: true },
  };

  /* A chart is one image to assistive technology, named by the label the page gave it (its
     data table follows it as the text alternative): the element gets back the role and name
     vega-embed replaces, and the drawing inside, with Vega's label on every mark, is hidden. */
  function keepAccessibleName(element, role, label) {
    element.setAttribute("role", role);
    element.setAttribute("aria-label", label);
    element.removeAttribute("aria-roledescription");
    element.querySelectorAll("svg, canvas").forEach(function (drawing) { drawing.setAttribute("aria-hidden", "true"); });
  }

  function drawChart(element) {
    if (element.dataset.drawn) return;
    var source = document.getElementById(element.dataset.spec);
    if (!source) return;
    element.dataset.drawn = "true";
    var role = element.getAttribute("role") || "img", label = element.getAttribute("aria-label") || "";
    vegaEmbed(element, JSON.parse(source.textContent), EMBED_OPTIONS)
      .then(function () {
        keepAccessibleName(element, role, label);
        element.classList.add("debrief-chart--drawn");
      })
      .catch(function (error) {
        element.classList.add("debrief-chart--failed");
        console.error("Debrief chart failed:", error);
      });
  }

  /* A long page (a year-long campaign, many KPIs) stays responsive: each chart is drawn
     when it comes near the viewport, and the others one at a time while the browser is
     idle, so that a page printed from the browser has every chart (beforeprint cannot
     wait for a drawing, so it only starts whatever is still missing). */
  var nearViewport = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      nearViewport.unobserve(entry.target);
      drawChart(entry.target);
    });
  }, { rootMargin: "600px 0px" }) : null;
  var whenIdle = window.requestIdleCallback || function (callback) { return setTimeout(callback, 200); };
  var drawingWhenIdle = false;

  function undrawn() {
    return document.querySelectorAll(".debrief-chart[data-spec]:not([data-drawn])");
  }

  function drawNextWhenIdle() {
    var next = undrawn()[0];
    drawingWhenIdle = Boolean(next);
    if (next) {
      drawChart(next);
      whenIdle(drawNextWhenIdle);
    }
  }

  function draw() {
    undrawn().forEach(function (element) {
      if (nearViewport) nearViewport.observe(element); else drawChart(element);
    });
    if (!drawingWhenIdle) {
      drawingWhenIdle = true;
      whenIdle(drawNextWhenIdle);
    }
  }

  window.addEventListener("beforeprint", function () { undrawn().forEach(drawChart); });

  window.debrief.onEveryPage(draw);  /* drawing is idempotent: a drawn chart is left as it is */
})();
