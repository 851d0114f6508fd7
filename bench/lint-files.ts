/**
 * `obsforge lint FILE` against `promtool check rules` on one generated rule
 * file of 60,000 rules (syntax and type checks of every expr, plus every
 * other check), side by side: CPU time (user+sys) per run, medians of
 * interleaved runs (A B A B …), and the throughput ratio. Not part of the
 * test run. `npx jiti bench/lint-files.ts [rules] [runs] [--distinct]`.
 *
 * `benchLintFiles()` is the function another bench table can call.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export interface LintFilesBench {
  rules: number;
  runs: number;
  /** Median CPU seconds (user+sys) per run. */
  obsforge: number;
  promtool: number;
  /** Rules per CPU second of obsforge over promtool's (≥ 3 is the goal). */
  ratio: number;
  obsforgeRssKiB: number;
  promtoolRssKiB: number;
}

/**
 * A realistic rule file: recording rules and alerts, PromQL of the usual
 * shapes, all valid. The 20 rules of a group share two queries (the
 * group's job), as rules generated per service do, so the file has
 * `rules / 10` distinct queries; `distinct` gives every rule its own
 * (a `rule` matcher), the worst case for obsforge, which lints each
 * distinct query once.
 */
export function generateRuleFile(rules: number, options: { distinct?: boolean } = {}): string {
  const lines = ["groups:"];
  const perGroup = 20;
  for (let g = 0; g < Math.ceil(rules / perGroup); g++) {
    lines.push(`  - name: service-${g}`, "    interval: 30s", "    rules:");
    for (let r = 0; r < perGroup && g * perGroup + r < rules; r++) {
      const job = `svc${g}`;
      const own = options.distinct === true ? `, rule="${g * perGroup + r}"` : "";
      if (r % 2 === 0) {
        lines.push(
          `      - record: job:http_requests_${g}_${r}:rate5m`,
          `        expr: sum by (job, route) (rate(http_requests_total{job="${job}", code=~"5.."${own}}[5m]))`,
        );
      } else {
        lines.push(
          `      - alert: HighErrorRatio${g}x${r}`,
          `        expr: sum by (job) (rate(http_requests_total{job="${job}",code=~"5.."${own}}[5m])) / sum by (job) (rate(http_requests_total{job="${job}"}[5m])) > 0.05`,
          "        for: 10m",
          "        labels:",
          "          severity: critical",
          "        annotations:",
          `          summary: "Error ratio of {{ $labels.job }} is {{ $value | humanizePercentage }}"`,
          `          runbook_url: https://runbooks.example.com/${job}`,
        );
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

function timed(command: string, args: string[]): { cpu: number; rss: number; code: number } {
  const out = spawnSync("/usr/bin/time", ["-f", "%U %S %M", command, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const last = out.stderr.trim().split("\n").at(-1) ?? "";
  const [user, sys, rss] = last.split(" ").map(Number);
  return { cpu: (user ?? 0) + (sys ?? 0), rss: rss ?? 0, code: out.status ?? -1 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function benchLintFiles(
  options: { rules?: number; runs?: number; distinct?: boolean } = {},
): LintFilesBench {
  const rules = options.rules ?? 60_000;
  const runs = options.runs ?? 5;
  const dir = mkdtempSync(join(tmpdir(), "obsforge-lint-files-"));
  const file = join(dir, "rules.yml");
  writeFileSync(file, generateRuleFile(rules, { distinct: options.distinct === true }));
  const bin = resolve(import.meta.dirname, "../dist/cli/bin.js");
  const a: number[] = [];
  const b: number[] = [];
  let rssA = 0;
  let rssB = 0;
  for (let i = 0; i < runs; i++) {
    const ours = timed(process.execPath, [bin, "lint", "--format", "json", file]);
    const theirs = timed("promtool", ["check", "rules", file]);
    if (theirs.code !== 0) throw new Error("promtool rejected the generated file");
    a.push(ours.cpu);
    b.push(theirs.cpu);
    rssA = Math.max(rssA, ours.rss);
    rssB = Math.max(rssB, theirs.rss);
  }
  const obsforge = median(a);
  const promtool = median(b);
  return {
    rules,
    runs,
    obsforge,
    promtool,
    ratio: promtool / obsforge,
    obsforgeRssKiB: rssA,
    promtoolRssKiB: rssB,
  };
}

if (process.argv[1] !== undefined && /lint-files\.ts$/.test(process.argv[1])) {
  const r = benchLintFiles({
    ...(process.argv[2] !== undefined && { rules: Number(process.argv[2]) }),
    ...(process.argv[3] !== undefined && { runs: Number(process.argv[3]) }),
    distinct: process.argv.includes("--distinct"),
  });
  console.log(
    `lint of a ${r.rules}-rule file${process.argv.includes("--distinct") ? " (every query distinct)" : ""}, median CPU (user+sys) of ${r.runs} interleaved runs`,
  );
  console.log(
    `  obsforge lint FILE     ${r.obsforge.toFixed(2)} s   peak RSS ${(r.obsforgeRssKiB / 1024).toFixed(0)} MiB`,
  );
  console.log(
    `  promtool check rules   ${r.promtool.toFixed(2)} s   peak RSS ${(r.promtoolRssKiB / 1024).toFixed(0)} MiB`,
  );
  console.log(`  throughput ratio       ${r.ratio.toFixed(2)}x promtool (goal ≥ 3x)`);
}
