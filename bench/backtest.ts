/**
 * `obsforge backtest --history` at scale: BENCH_SLOS SLOs (default 100), each
 * on its own job, over BENCH_DAYS days (default 30) of 1-minute data, with
 * one 100x incident of an hour per SLO, in BENCH_ENGINE (prometheus, the
 * default, or victoria-metrics). Run with `npm run bench:backtest`
 * (not part of `npm test`). Prints wall time, CPU time (user+sys of obsforge
 * and the engines it starts, from GNU time) and peak RSS (the largest
 * process: obsforge, promtool or Prometheus), medians of BENCH_RUNS runs
 * (default 1: a run replays hundreds of thousands of samples per SLO).
 */
import { createWriteStream, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { measure, type Measurement } from "./measure.ts";

const ROOT = resolve(import.meta.dirname, "..");
const WORK = join(ROOT, "bench/.work/backtest");
const BIN = join(ROOT, "dist/cli/bin.js");
const SLOS = Number(process.env.BENCH_SLOS ?? 100);
const DAYS = Number(process.env.BENCH_DAYS ?? 30);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const ENGINE = process.env.BENCH_ENGINE ?? "prometheus";
const START = Date.UTC(2026, 0, 5) / 1000;

function definitions(): string {
  return `import { defineService, eventRatioSli, slo, WINDOW } from "obsforge";
export default defineService({
  name: "bench",
  team: "bench",
  slos: Array.from({ length: ${SLOS} }, (_, i) =>
    slo({
      name: \`slo-\${i}\`,
      objective: 99.9,
      period: "30d",
      sli: eventRatioSli({
        errorQuery: \`sum(rate(http_requests_total{job="svc-\${i}", code="500"}[\${WINDOW}]))\`,
        totalQuery: \`sum(rate(http_requests_total{job="svc-\${i}"}[\${WINDOW}]))\`,
      }),
      alerting: { mode: "per-tier" },
    }),
  ),
});
`;
}

/** 10 requests a second, 0.05% errors, 10% for an hour on day (i mod DAYS) at noon. */
async function writeHistory(file: string): Promise<void> {
  const out = createWriteStream(file);
  const minutes = DAYS * 1440;
  for (let i = 0; i < SLOS; i++) {
    const incident = ((i % DAYS) * 1440 + 720) | 0;
    for (const code of ["200", "500"]) {
      let value = 0;
      let chunk = "";
      for (let m = 0; m <= minutes; m++) {
        chunk += `http_requests_total{job="svc-${i}",code="${code}"} ${value} ${START + m * 60}\n`;
        const ratio = m >= incident && m < incident + 60 ? 0.1 : 0.0005;
        value += 600 * (code === "500" ? ratio : 1 - ratio);
        if (chunk.length > 1 << 16) {
          if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
          chunk = "";
        }
      }
      out.write(chunk);
    }
  }
  await new Promise<void>((r) => out.end("# EOF\n", () => r()));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

rmSync(WORK, { recursive: true, force: true });
mkdirSync(join(WORK, "definitions"), { recursive: true });
writeFileSync(join(WORK, "definitions/bench.ts"), definitions());
await writeHistory(join(WORK, "history.om"));
const runs: Measurement[] = [];
for (let r = 0; r < RUNS; r++) {
  const m = measure({
    command: process.execPath,
    args: [BIN, "backtest", "--history", "history.om", "--format", "json", "--engine", ENGINE],
    cwd: WORK,
  });
  if (m.status !== 0)
    throw new Error(`backtest failed (exit ${m.status}):\n${m.output.slice(0, 2000)}`);
  runs.push(m);
}
const mib = statSync(join(WORK, "history.om")).size / 2 ** 20;
console.log(
  `backtest --history --engine ${ENGINE}: ${SLOS} SLOs x ${DAYS} days of 1-minute data (${(SLOS * 2 * (DAYS * 1440 + 1)).toLocaleString("en")} samples, ${mib.toFixed(0)} MiB OpenMetrics), ${RUNS} run(s)`,
);
console.log(
  `wall ${median(runs.map((r) => r.wall)).toFixed(1)} s, CPU ${median(runs.map((r) => r.cpu)).toFixed(1)} s, peak RSS ${median(runs.map((r) => r.peakRssMiB)).toFixed(0)} MiB`,
);
