// The emotion timeline: the option is built on the server (talks/presentation.py); a click on
// a point scrolls to that utterance's row.
(function () {
  "use strict";
  var holder = document.getElementById("timeline-chart");
  var source = document.getElementById("timeline-option");
  if (!holder || !source || !window.echarts) { return; }
  var chart = window.echarts.init(holder);
  chart.setOption(JSON.parse(source.textContent));
  chart.on("click", function (params) {
    var row = document.getElementById("u-" + params.dataIndex);
    if (row) { row.scrollIntoView({behavior: "smooth", block: "center"}); }
  });
  window.addEventListener("resize", function () { chart.resize(); });
  holder.dataset.ready = "1";
})();
