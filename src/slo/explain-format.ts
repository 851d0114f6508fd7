import { formatNumber, formatPercent, tidyNumber } from "../core/numbers.ts";
import { type ExplainedSlo, humanDuration, SCENARIOS } from "./explain.ts";

/** How every number of explain is computed (docs/slo-math.md). */
export const FORMULAS = [
  "error budget eb = 1 - objective; burn rate = error ratio / eb",
  "factor F = budget share x period / long window; fires when both windows' error ratio > F x eb",
  "time to fire at a constant error ratio e (from a clean state) = F x eb / e x long window; never when e <= F x eb",
  "budget spent when it fires = F x long window / period (of the whole period's budget)",
];

function percent(ratio: number): string {
  return formatPercent(ratio);
}

/** Table cells keep 6 significant digits (0.933333); JSON keeps the full tidy value. */
function round(n: number): string {
  return formatNumber(n, { digits: 6 });
}

function detection(seconds: number | null): string {
  return seconds === null ? "never" : humanDuration(seconds);
}

/** The one-line summary of an SLO that heads its table in every format. */
export function headerLine(s: ExplainedSlo): string {
  return `${s.service} / ${s.slo}: objective ${formatNumber(s.objective)}% over ${s.period}, error budget ${percent(s.errorBudget)} (${humanDuration(s.budgetSeconds)} of total outage), alert ${s.alert} (${s.mode})${s.sliRecordedBy === "loki" ? ", SLI recorded by Loki" : ""}`;
}

function rows(s: ExplainedSlo): string[][] {
  return s.tiers.map((t) => [
    t.id,
    t.severity,
    `${t.shortWindow}/${t.longWindow}`,
    round(t.factor),
    percent(t.threshold),
    percent(t.budgetSpent),
    ...SCENARIOS.map((sc) => detection(t.detection[sc.id])),
  ]);
}

const HEAD = [
  "tier",
  "severity",
  "short/long",
  "factor",
  "fires above",
  "budget spent",
  ...SCENARIOS.map((s) => s.label),
];

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

/** The table of tiers as cells, header row first (the HTML page prints the same table). */
export function explainTable(s: ExplainedSlo): string[][] {
  return [HEAD, ...rows(s)];
}

export function explainText(slos: readonly ExplainedSlo[]): string {
  const blocks = slos.map((s) =>
    s.tiers.length === 0
      ? `${headerLine(s)}\n  (all burn-rate alerts disabled)`
      : `${headerLine(s)}\n${table([HEAD, ...rows(s)])
          .split("\n")
          .map((l) => `  ${l}`)
          .join("\n")}`,
  );
  const legend = [
    "Columns outage/100x/10x/2x/1x: time to fire from a clean state at 100% errors and at 100, 10, 2 and 1 times the",
    "budget rate; add up to one rule-evaluation interval. Formulas (docs/slo-math.md):",
    ...FORMULAS.map((f) => `  ${f}`),
  ];
  return `${[...blocks, legend.join("\n")].join("\n\n")}\n`;
}

export function explainMarkdown(slos: readonly ExplainedSlo[]): string {
  const out: string[] = [];
  for (const s of slos) {
    out.push(`### ${s.service} / ${s.slo}`, "", `${headerLine(s)}.`, "");
    if (s.tiers.length === 0) {
      out.push("All burn-rate alerts are disabled.", "");
      continue;
    }
    out.push(`| ${HEAD.join(" | ")} |`, `|${HEAD.map(() => " --- ").join("|")}|`);
    for (const r of rows(s)) out.push(`| ${r.join(" | ")} |`);
    out.push("");
  }
  out.push("Formulas:", "", ...FORMULAS.map((f) => `- ${f}`), "");
  return out.join("\n");
}

export function explainJson(slos: readonly ExplainedSlo[]): string {
  // Every number as people write it (factor 5.6, not 5.6000000000000005).
  const tidy = (_key: string, value: unknown) =>
    typeof value === "number" ? tidyNumber(value) : value;
  return `${JSON.stringify(slos, tidy, 2)}\n`;
}
