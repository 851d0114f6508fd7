/**
 * Browser code shared by the chart pages (plain ES2020, no modules: it runs
 * inline after uPlot's IIFE build). It only reads the page's JSON block;
 * every user string reaches the DOM as text (`textContent`, uPlot's labels),
 * never as markup. `window.obsforgeCharts` lists every chart drawn, for
 * the browser tests and for anyone poking at the page.
 */
export const CLIENT_COMMON = `"use strict";
const DATA = JSON.parse(document.getElementById("obsforge-data").textContent);
const CHARTS = [];
window.obsforgeCharts = CHARTS;
const PALETTE = ["#cf222e", "#bc4c00", "#9a6700", "#1a7f37", "#0969da", "#8250df", "#bf3989", "#57606a"];
function color(i) { return PALETTE[i % PALETTE.length]; }
function duration(seconds) {
  if (seconds == null) return "-";
  let rest = Math.round(seconds);
  if (rest === 0) return "0s";
  const parts = [];
  for (const [unit, size] of [["d", 86400], ["h", 3600], ["m", 60], ["s", 1]]) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(n + unit);
    rest -= n * size;
    if (parts.length === 2) break;
  }
  return parts.join("");
}
function percent(ratio) {
  if (ratio == null) return "-";
  return Number((ratio * 100).toPrecision(4)) + "%";
}
/** Axis labels: uPlot passes null for the log-scale ticks it leaves unlabelled. */
function labels(format) {
  return function (u, vals) { return vals.map(function (v) { return v == null ? "" : format(v); }); };
}
/** Ticks a person reads on a time-length axis, instead of powers of ten seconds. */
const DURATION_TICKS = [1, 10, 60, 300, 900, 3600, 6 * 3600, 86400, 3 * 86400, 7 * 86400, 28 * 86400, 90 * 86400, 365 * 86400];
function durationSplits(u, axis, min, max) {
  return DURATION_TICKS.filter(function (t) { return t >= min && t <= max; });
}
/** A log-scale axis of time lengths; uPlot's log filter would blank every tick not a power of ten. */
function durationAxis(label, size) {
  return { label: label, size: size, splits: durationSplits, values: labels(duration),
    filter: function (u, splits) { return splits; } };
}
function chartWidth(el) { return Math.max(480, Math.min(1100, el.clientWidth || 900)); }
function drawChart(el, meta, opts, data) {
  const u = new uPlot(Object.assign({ width: chartWidth(el), height: 300 }, opts), data, el);
  CHARTS.push({ slo: meta.slo, kind: meta.kind, chart: u });
  return u;
}
function byId(id) { return document.getElementById(id); }
`;
