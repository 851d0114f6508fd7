import { formatPercent, tidyNumber } from "../core/numbers.ts";
import { humanDuration } from "../slo/explain.ts";
import type { AlertReport, BacktestReport } from "./report.ts";
import { OUTSIDE_SLOS } from "./timeline.ts";

function seconds(s: number | null): string {
  if (s === null) return "-";
  return s < 0 ? `-${humanDuration(-s)}` : humanDuration(s);
}

function share(r: number | null): string {
  return r === null ? "-" : formatPercent(r, { digits: 3 });
}

function perWeek(n: number): string {
  return String(tidyNumber(n, 3));
}

const HEAD = [
  "alert",
  "tier",
  "severity",
  "fires",
  "fires/week",
  "detection",
  "reset",
  "budget spent",
  "precision",
  "recall",
  "false positives",
];

function alertRow(a: AlertReport): string[] {
  return [
    a.alert,
    a.tier ?? "-",
    a.severity ?? "-",
    String(a.fires),
    perWeek(a.firesPerWeek),
    seconds(a.detectionSeconds),
    seconds(a.resetSeconds),
    share(a.budgetSpent),
    share(a.precision),
    share(a.recall),
    share(a.falsePositives),
  ];
}

/** The alerts' table as cells, header row first (the HTML page prints the same table). */
export function alertTable(alerts: readonly AlertReport[]): string[][] {
  return [HEAD, ...alerts.map(alertRow)];
}

/** Alerts grouped by SLO (plain alerts under their own heading), in report order. */
function bySlo(report: BacktestReport): Array<[string, AlertReport[]]> {
  const groups = new Map<string, AlertReport[]>();
  for (const a of report.alerts) {
    const key = a.slo ?? OUTSIDE_SLOS;
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  return [...groups];
}

/** Scenario × tier: `detection/reset` of each incident, the number of fires otherwise. */
function scenarioRows(alerts: AlertReport[]): string[][] {
  const withScenarios = alerts.filter((a) => a.scenarios !== undefined);
  if (withScenarios.length === 0) return [];
  const head = ["scenario", ...withScenarios.map((a) => a.tier ?? a.alert)];
  const rows = withScenarios[0]!.scenarios!.map((s, k) => [
    s.scenario,
    ...withScenarios.map((a) => {
      const o = a.scenarios![k]!;
      // A no-data alert is not for error-rate incidents: only whether it fired says anything.
      if (!o.incident || a.tier === "no-data") return firesCell(o.fires);
      if (o.detectionSeconds === null) {
        const missed = o.significant ? "missed" : "(small)";
        return o.fires === 0 ? missed : `${missed}, ${o.fires} late`;
      }
      const extra = o.fires > 1 ? ` (${o.fires} fires)` : "";
      return `${seconds(o.detectionSeconds)}/${seconds(o.resetSeconds)}${extra}`;
    }),
  ]);
  return [head, ...rows];
}

function firesCell(fires: number): string {
  return fires === 0 ? "quiet" : fires === 1 ? "1 fire" : `${fires} fires`;
}

function table(cells: string[][]): string {
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((r) => r[c]!.length)));
  return cells
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const LEGEND = [
  "detection: incident start -> first firing; reset: incident end -> resolved (medians over detected incidents).",
  "budget spent: share of the period's error budget spent from the incident's start until the alert fired.",
  "precision: fires overlapping an incident / fires; recall: incidents some fire overlapped / incidents",
  "(generated incidents count for recall when they spend at least the smallest budget share a tier fires at);",
  "false positives: fires overlapping no incident / fires. '-' where undefined (no fires, no incidents).",
];

export function backtestText(report: BacktestReport): string {
  const out: string[] = [];
  for (const [slo, alerts] of bySlo(report)) {
    out.push(`${slo}:`, indent(table([HEAD, ...alerts.map(alertRow)])));
    const scenarios = scenarioRows(alerts);
    if (scenarios.length > 0)
      out.push(
        "  scenarios (detection/reset per incident; fires outside incidents):",
        indent(table(scenarios)),
      );
    out.push("");
  }
  for (const s of report.skipped) out.push(`${s.slo}: skipped: ${s.reason}`, "");
  if (report.alerts.length === 0) out.push("No alerts to backtest.", "");
  out.push(...LEGEND, "");
  return out.join("\n");
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
}

export function backtestMarkdown(report: BacktestReport): string {
  const out: string[] = [];
  const md = (cells: string[][]) => [
    `| ${cells[0]!.join(" | ")} |`,
    `|${cells[0]!.map(() => " --- ").join("|")}|`,
    ...cells.slice(1).map((r) => `| ${r.join(" | ")} |`),
  ];
  for (const [slo, alerts] of bySlo(report)) {
    out.push(`### ${slo}`, "", ...md([HEAD, ...alerts.map(alertRow)]), "");
    const scenarios = scenarioRows(alerts);
    if (scenarios.length > 0) out.push(...md(scenarios), "");
  }
  for (const s of report.skipped) out.push(`- ${s.slo}: skipped: ${s.reason}`);
  if (report.skipped.length > 0) out.push("");
  out.push(...LEGEND, "");
  return out.join("\n");
}

/** One array, an object per alert (tier); numbers tidied (0.3, not 0.30000000000000004). */
export function backtestJson(report: BacktestReport): string {
  const tidy = (_key: string, value: unknown) =>
    typeof value === "number" ? tidyNumber(value) : value;
  return `${JSON.stringify(report.alerts, tidy, 2)}\n`;
}
