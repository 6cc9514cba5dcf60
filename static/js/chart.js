// Draws the traffic chart: its figure travels as JSON in a data attribute of the fragment; plotly.js is fetched only
// when a page first has a figure to draw (then the browser's cache keeps it).
(() => {
  "use strict";
  let loading = null;

  function loadPlotly(src) {
    if (window.Plotly) return Promise.resolve();
    if (!loading) {
      loading = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = reject;
        document.head.append(script);
      });
    }
    return loading;
  }

  function draw(root) {
    const chart = root.id === "traffic-chart" ? root : root.querySelector && root.querySelector("#traffic-chart");
    if (!chart) return;
    const plot = chart.querySelector(".plot[data-figure]");
    if (!plot) return;
    const figure = JSON.parse(plot.dataset.figure);
    loadPlotly(chart.dataset.plotlySrc).then(() => {
      window.Plotly.react(plot, figure.data, figure.layout, { displayModeBar: false, responsive: true });
      chart.dataset.drawn = "true";
    });
  }

  // registered now (deferred scripts run before DOMContentLoaded) so the page's first load is seen
  htmx.onLoad(draw);
})();
