import { alertTable } from "../../backtest/format.ts";
import type { BacktestReport, BacktestTimeline } from "../../backtest/report.ts";
import { OUTSIDE_SLOS } from "../../backtest/timeline.ts";
import { tidyNumber } from "../../core/numbers.ts";
import { CLIENT_COMMON } from "./client-common.ts";
import { escapeHtml } from "./escape.ts";
import { htmlPage } from "./page.ts";
import { htmlTable } from "./table.ts";
import type { ChartAssets } from "./uplot-assets.ts";

/** Both charts of a timeline share the x scale and the cursor; incident buttons zoom both. */
const BACKTEST_SCRIPT = `
// One y-axis width for both charts, so their time axes line up.
const AXIS = 170;
function utc(ts) { return uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); }
DATA.timelines.forEach(function (t, i) {
  const group = [];
  const sync = { key: "timeline-" + i };
  function zoomAll(min, max) { group.forEach(function (u) { u.setScale("x", { min: min, max: max }); }); }
  const hooks = { setSelect: [function (u) {
    if (u.select.width === 0) return;
    zoomAll(u.posToVal(u.select.left, "x"), u.posToVal(u.select.left + u.select.width, "x"));
    u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
  }] };
  const cursor = { sync: sync, drag: { x: true, y: false, setScale: false } };
  if (t.ratio.x.length > 0) {
    const thresholds = t.ratio.thresholds.map(function (th, k) {
      return { label: th.tier + " threshold", stroke: color(k), dash: [6, 4], width: 1, points: { show: false }, value: function (u, v) { return percent(v); } };
    });
    group.push(drawChart(byId("ratio-" + i), { slo: t.slo, kind: "ratio" }, {
      title: "Generated error ratio and the tiers' thresholds",
      tzDate: utc, cursor: cursor, hooks: hooks,
      scales: { y: { distr: 3 } },
      axes: [{}, { label: "error ratio", size: AXIS, values: labels(percent) }],
      series: [{}, { label: "error ratio", stroke: "#0969da", width: 2, paths: uPlot.paths.stepped({ align: 1 }), points: { show: false },
        value: function (u, v) { return percent(v); } }].concat(thresholds),
    }, [t.ratio.x, t.ratio.y].concat(t.ratio.thresholds.map(function (th) { return th.y; }))));
  }
  const names = t.lanes.names;
  const lanes = names.map(function (name, k) {
    return { label: name, stroke: k === 0 ? "#8c959f" : color(k - 1), width: 10, spanGaps: false,
      paths: uPlot.paths.stepped({ align: 1 }), points: { show: false },
      value: function (u, v) { return v == null ? "" : (k === 0 ? "incident" : "firing"); } };
  });
  group.push(drawChart(byId("lanes-" + i), { slo: t.slo, kind: "lanes" }, {
    title: "Incidents and firing episodes",
    height: 70 + 34 * names.length,
    tzDate: utc, cursor: cursor, hooks: hooks, legend: { show: false },
    scales: { y: { range: [-0.7, names.length - 0.3] } },
    axes: [{}, { label: "alert", size: AXIS, splits: function () { return names.map(function (_, k) { return k; }); },
      values: function (u, vals) { return vals.map(function (v) { return names[v] == null ? "" : names[v]; }); } }],
    series: [{}].concat(lanes),
  }, [t.lanes.x].concat(t.lanes.y)));
  document.querySelectorAll("#timeline-" + i + " button[data-from]").forEach(function (b) {
    b.addEventListener("click", function () { zoomAll(Number(b.dataset.from), Number(b.dataset.to)); });
  });
  const reset = document.querySelector("#timeline-" + i + " button.reset");
  if (reset) reset.addEventListener("click", function () { zoomAll(t.range.start, t.range.end); });
});
`;

/** Where the generated ratio changes, and each threshold as a flat series over the same times. */
function ratioColumns(t: BacktestTimeline) {
  if (t.errorRatio.length === 0) return { x: [], y: [], thresholds: [] };
  const x = [...t.errorRatio.map(([at]) => at), t.range.end];
  const y = [
    ...t.errorRatio.map(([, r]) => tidyNumber(r, 6)),
    tidyNumber(t.errorRatio.at(-1)![1], 6),
  ];
  const thresholds = t.thresholds.map((th) => ({
    tier: th.tier,
    y: x.map(() => tidyNumber(th.ratio, 6)),
  }));
  return { x, y, thresholds };
}

/**
 * Lanes as uPlot series: lane k holds the value k while an interval of it
 * is on, null otherwise. A second after each interval's end is a point of
 * its own, so two intervals of one lane never join across the gap between
 * them.
 */
function laneColumns(t: BacktestTimeline) {
  const intervals = [
    t.incidents.map((i) => [i.start, i.end] as const),
    ...t.lanes.map((l) => l.episodes.map((e) => [e.firedAt, e.resolvedAt ?? t.range.end] as const)),
  ];
  const times = new Set<number>([t.range.start, t.range.end]);
  for (const lane of intervals)
    for (const [a, b] of lane) {
      times.add(a);
      times.add(b);
      times.add(b + 1);
    }
  const x = [...times].sort((a, b) => a - b);
  const y = intervals.map((lane, k) =>
    x.map((at) => (lane.some(([a, b]) => at >= a && at <= b) ? k : null)),
  );
  const names = ["incidents", ...t.lanes.map((l) => (l.tier === null ? l.alert : `${l.tier}`))];
  return { x, y, names };
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
}

function timelineSection(report: BacktestReport, t: BacktestTimeline, i: number): string {
  const alerts = report.alerts.filter((a) => (a.slo ?? OUTSIDE_SLOS) === t.slo);
  const incidents = t.incidents.map(
    (inc) =>
      `<li><button data-from="${inc.start - 600}" data-to="${inc.end + 3600}">${escapeHtml(inc.label)}</button> ${escapeHtml(`${iso(inc.start)} – ${iso(inc.end)}${inc.significant ? "" : " (small)"}`)}</li>`,
  );
  return [
    `<section class="timeline" id="timeline-${i}" data-slo="${escapeHtml(t.slo)}">`,
    `<h2>${escapeHtml(t.slo)}</h2>`,
    htmlTable(alertTable(alerts), (k) => ` data-alert="${escapeHtml(alerts[k]!.alert)}"`),
    t.errorRatio.length === 0
      ? '<p class="note">A history: the chart shows incidents and firings (the error ratio is drawn for generated scenarios).</p>'
      : `<div class="chart" id="ratio-${i}"></div>`,
    `<div class="chart" id="lanes-${i}"></div>`,
    '<p><button class="reset">Whole timeline</button> Drag on a chart to zoom; zoom to an incident:</p>',
    incidents.length === 0
      ? '<p class="note">No incidents.</p>'
      : `<ul>\n${incidents.join("\n")}\n</ul>`,
    "</section>",
  ].join("\n");
}

/** `obsforge backtest --format html`: a timeline per SLO of data, thresholds, incidents and firings. */
export function backtestPage(report: BacktestReport, assets: ChartAssets): string {
  const body = [
    `<h1>Backtest: ${report.source === "scenarios" ? "generated scenarios" : "history"}</h1>`,
    '<p class="note">Times are UTC. Alerts were replayed in a real Prometheus; see the text report for how each number is computed.</p>',
    ...report.timelines.map((t, i) => timelineSection(report, t, i)),
    ...report.skipped.map(
      (s) => `<p class="note">${escapeHtml(`${s.slo}: skipped: ${s.reason}`)}</p>`,
    ),
    report.alerts.length === 0 ? "<p>No alerts to backtest.</p>" : "",
  ].join("\n");
  const data = {
    timelines: report.timelines.map((t) => ({
      slo: t.slo,
      range: t.range,
      ratio: ratioColumns(t),
      lanes: laneColumns(t),
    })),
  };
  return htmlPage({
    title: "obsforge backtest",
    body,
    data,
    script: CLIENT_COMMON + BACKTEST_SCRIPT,
    assets,
  });
}
