/* Renders the charts a page lists in its json_script "page-charts" (farewell/common/charts.py).
   Clicking a point with a link goes there. Each chart's numbers are also in a table under it. */
(function () {
  "use strict";

  function init() {
    var source = document.getElementById("page-charts");
    if (!source || typeof echarts === "undefined") return;
    var instances = [];
    JSON.parse(source.textContent).forEach(function (spec) {
      var el = document.getElementById(spec.id);
      if (!el) return;
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(spec.option);
      chart.on("click", function (params) {
        var series = (spec.links || [])[params.seriesIndex] || [];
        var target = series[params.dataIndex];
        if (target) window.location.href = target;
      });
      el.dataset.rendered = "true";
      instances.push(chart);
    });
    window.addEventListener("resize", function () {
      instances.forEach(function (chart) { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
