import type { ExplainCharts } from "../../slo/explain-chart.ts";
import type { ExplainedSlo } from "../../slo/explain.ts";
import { explainTable, FORMULAS, headerLine } from "../../slo/explain-format.ts";
import { CLIENT_COMMON } from "./client-common.ts";
import { escapeHtml } from "./escape.ts";
import { htmlPage } from "./page.ts";
import { htmlTable } from "./table.ts";
import type { ChartAssets } from "./uplot-assets.ts";

export interface PicturedSlo {
  explained: ExplainedSlo;
  charts: ExplainCharts;
}

/** Both charts of every SLO with tiers; uPlot draws them from the page's JSON. */
const EXPLAIN_SCRIPT = `
DATA.slos.forEach(function (s, i) {
  if (s.tiers.length === 0) return;
  const tiers = s.tiers.map(function (t, k) {
    return { label: t.id + " (" + t.severity + ", above " + percent(t.threshold) + ")", stroke: color(k), width: 2,
      value: function (u, v) { return duration(v); } };
  });
  drawChart(byId("detection-" + i), { slo: s.key, kind: "detection" }, {
    title: "Time to fire at a constant error ratio (SRE workbook, chapter 5)",
    scales: { x: { time: false, distr: 3 }, y: { distr: 3 } },
    axes: [
      { label: "error ratio", values: labels(percent) },
      durationAxis("time to fire", 70),
    ],
    series: [{ label: "error ratio", value: function (u, v) { return percent(v); } }].concat(tiers),
  }, [s.detection.ratios].concat(s.detection.tiers));
  const scenarios = s.burn.scenarios.map(function (sc, k) {
    return { label: sc.label + " errors", stroke: PALETTE[PALETTE.length - 1 - (k % 3)], width: 1, dash: [6, 4],
      value: function (u, v) { return percent(v); } };
  });
  const fires = s.tiers.map(function (t, k) {
    return { label: t.id + " fires", stroke: color(k), fill: color(k), paths: function () { return null; },
      points: { show: true, size: 10, space: 0, fill: color(k) }, value: function (u, v) { return percent(v); } };
  });
  drawChart(byId("burn-" + i), { slo: s.key, kind: "burn" }, {
    title: "Error budget spent since the errors began, and where each tier fires",
    scales: { x: { time: false, distr: 3 }, y: { range: [0, 1] } },
    axes: [
      durationAxis("time since the errors began", 50),
      { label: "budget spent", size: 60, values: labels(percent) },
    ],
    series: [{ label: "time", value: function (u, v) { return duration(v); } }].concat(scenarios, fires),
  }, [s.burn.seconds].concat(s.burn.scenarios.map(function (sc) { return sc.spent; }), s.burn.tiers));
});
`;

function sloSection({ explained: s }: PicturedSlo, i: number): string {
  const key = `${s.service}/${s.slo}`;
  const parts = [
    `<section class="slo" data-slo="${escapeHtml(key)}">`,
    `<h2>${escapeHtml(`${s.service} / ${s.slo}`)}</h2>`,
    `<p>${escapeHtml(headerLine(s))}</p>`,
  ];
  if (s.tiers.length === 0) parts.push('<p class="note">All burn-rate alerts are disabled.</p>');
  else
    parts.push(
      htmlTable(explainTable(s), (k) => ` data-tier="${escapeHtml(s.tiers[k]!.id)}"`),
      `<div class="chart" id="detection-${i}"></div>`,
      `<div class="chart" id="burn-${i}"></div>`,
    );
  parts.push("</section>");
  return parts.join("\n");
}

/**
 * `obsforge explain --format html`: one page, a section per SLO with the
 * explain table, the workbook's detection-time chart and the budget-burn
 * chart.
 */
export function explainPage(slos: readonly PicturedSlo[], assets: ChartAssets): string {
  const body = [
    "<h1>Burn-rate alerts: when each tier fires</h1>",
    '<p class="note">Times to fire from a clean state at a constant error ratio; add up to one rule-evaluation interval. Drag on a chart to zoom, double-click to reset.</p>',
    ...slos.map(sloSection),
    "<h2>Formulas</h2>",
    `<ul>\n${FORMULAS.map((f) => `<li><code>${escapeHtml(f)}</code></li>`).join("\n")}\n</ul>`,
  ].join("\n");
  const data = {
    slos: slos.map(({ explained: s, charts }) => ({
      key: `${s.service}/${s.slo}`,
      tiers: s.tiers.map((t) => ({ id: t.id, severity: t.severity, threshold: t.threshold })),
      detection: charts.detection,
      burn: charts.burn,
    })),
  };
  return htmlPage({
    title: "obsforge explain",
    body,
    data,
    script: CLIENT_COMMON + EXPLAIN_SCRIPT,
    assets,
  });
}
