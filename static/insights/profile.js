/* The profile's charts: ECharts options come from the page (json_script "profile-charts");
   clicking a point goes to the row of the record that produced it and opens its data table (or, for a
   row older than the profile's tables show, to the record's own address). */
(function () {
  "use strict";

  function showRecord(hash) {
    if (!hash || hash.length < 2) return;
    var row = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!row) return;
    var details = row.closest("details");
    if (details) details.open = true;
    row.classList.add("record-target");
    row.scrollIntoView({ block: "center" });
  }

  function init() {
    var source = document.getElementById("profile-charts");
    if (!source || typeof echarts === "undefined") return;
    var charts = JSON.parse(source.textContent);
    var instances = [];
    charts.forEach(function (spec) {
      var el = document.getElementById(spec.id);
      if (!el) return;
      var chart = echarts.init(el, null, { renderer: "canvas" });
      spec.option.animation = false;
      chart.setOption(spec.option);
      chart.on("click", function (params) {
        var series = spec.links[params.seriesIndex] || [];
        var target = series[params.dataIndex];
        // A row the profile shows ("#rec-..."), or the record's own address (an older row).
        if (target && target.charAt(0) === "#") {
          window.location.hash = target;
        } else if (target) {
          window.location.href = target;
        }
      });
      el.dataset.rendered = "true";
      instances.push(chart);
    });
    window.addEventListener("resize", function () {
      instances.forEach(function (chart) { chart.resize(); });
    });
    window.addEventListener("hashchange", function () { showRecord(window.location.hash); });
    showRecord(window.location.hash);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
