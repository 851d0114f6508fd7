import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * A synthetic estate: `services` definition modules, each with groups of
 * recording rules and alerts shaped like real ones (rates, ratios,
 * histogram quantiles, label matchers that need escaping).
 */
export interface EstateShape {
  services: number;
  groupsPerService: number;
  rulesPerGroup: number;
  /** SLOs per service (events, latency and availability SLIs in turn). */
  slosPerService?: number;
}

export function ruleCount(shape: EstateShape): number {
  return shape.services * shape.groupsPerService * shape.rulesPerGroup;
}

export function sloCount(shape: EstateShape): number {
  return shape.services * (shape.slosPerService ?? 0);
}

export async function writeEstate(dir: string, shape: EstateShape): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (let s = 0; s < shape.services; s++) await writeService(dir, shape, { index: s });
}

/**
 * (Re)write one service module. A `revision` changes what it compiles to (a
 * summary annotation), the edit an incremental build must pick up.
 */
export async function writeService(
  dir: string,
  shape: EstateShape,
  service: { index: number; revision?: number },
): Promise<string> {
  const path = join(dir, `${serviceName(service.index)}.ts`);
  await writeFile(path, serviceModule(service.index, shape, service.revision ?? 0));
  return path;
}

export function serviceName(index: number): string {
  return `svc-${String(index).padStart(4, "0")}`;
}

function serviceModule(s: number, shape: EstateShape, revision: number): string {
  const name = serviceName(s);
  const rev = revision === 0 ? "" : ` (revision ${revision})`;
  const groups: string[] = [];
  for (let g = 0; g < shape.groupsPerService; g++) {
    const rules: string[] = [];
    for (let r = 0; r < shape.rulesPerGroup; r++) {
      const id = `${g}_${r}`;
      rules.push(
        r % 2 === 0
          ? `record({ name: "job:bench_requests_${id}:rate5m", expr: \`sum by (job, code) (rate(\${selector("bench_requests_total", { job: "${name}", route: "/api/${id}" })}[5m]))\` })`
          : `alert({ name: "BenchAlert${id}", expr: "histogram_quantile(0.99, sum by (le) (rate(bench_duration_seconds_bucket{job=\\"${name}\\"}[5m]))) > ${r}", for: "5m", severity: "${r % 3 === 0 ? "page" : "ticket"}", annotations: { summary: "Bench alert ${id} of ${name}${rev}.", runbookUrl: "https://runbooks.example.com/${name}/${id}" } })`,
      );
    }
    groups.push(
      `{ name: "${name}-g${g}", interval: "1m", rules: [\n      ${rules.join(",\n      ")},\n    ] }`,
    );
  }
  const slos: string[] = [];
  for (let i = 0; i < (shape.slosPerService ?? 0); i++) slos.push(sloSpec(name, i));
  return `import { alert, availabilitySli, defineService, eventRatioSli, latencySli, metric, record, selector, slo, WINDOW } from "obsforge";

export default defineService({
  name: "${name}",
  team: "team-${s % 17}",
  metrics: [
    metric({ name: "bench_duration_seconds", type: "histogram", unit: "s", help: "Request duration.", labels: ["job", "route"], buckets: [0.1, 0.25, 0.5, 1] }),
  ],
  groups: [
    ${groups.join(",\n    ")},
  ],
  slos: [
    ${slos.join(",\n    ")}
  ],
});
`;
}

/** One SLO; kinds rotate so every SLI shape is in the estate. Objectives differ per SLO. */
function sloSpec(service: string, i: number): string {
  const objective = [99.9, 99.5, 99, 99.95][i % 4];
  const period = i % 2 === 0 ? "30d" : "28d";
  const route = `/api/${i}`;
  const sli =
    i % 3 === 0
      ? `eventRatioSli({ errorQuery: \`sum(rate(\${selector("bench_requests_total", { job: "${service}", route: "${route}", code: "500" })}[\${WINDOW}]))\`, totalQuery: \`sum(rate(\${selector("bench_requests_total", { job: "${service}", route: "${route}" })}[\${WINDOW}]))\` })`
      : i % 3 === 1
        ? `latencySli({ metric: "bench_duration_seconds", threshold: 0.5, matchers: { job: "${service}", route: "${route}" } })`
        : `availabilitySli({ metric: "up", matchers: { job: "${service}", instance: "i-${i}" } })`;
  return `slo({ name: "slo-${i}", objective: ${objective}, period: "${period}", sli: ${sli}, alerting: { mode: "${i % 2 === 0 ? "sloth" : "per-tier"}", page: { severity: "page" }, ticket: { severity: "ticket" } } })`;
}
