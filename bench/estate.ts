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
}

export function ruleCount(shape: EstateShape): number {
  return shape.services * shape.groupsPerService * shape.rulesPerGroup;
}

export async function writeEstate(dir: string, shape: EstateShape): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (let s = 0; s < shape.services; s++) {
    await writeFile(join(dir, `svc-${String(s).padStart(4, "0")}.ts`), serviceModule(s, shape));
  }
}

function serviceModule(s: number, shape: EstateShape): string {
  const name = `svc-${String(s).padStart(4, "0")}`;
  const groups: string[] = [];
  for (let g = 0; g < shape.groupsPerService; g++) {
    const rules: string[] = [];
    for (let r = 0; r < shape.rulesPerGroup; r++) {
      const id = `${g}_${r}`;
      rules.push(
        r % 2 === 0
          ? `record({ name: "job:bench_requests_${id}:rate5m", expr: \`sum by (job, code) (rate(\${selector("bench_requests_total", { job: "${name}", route: "/api/${id}" })}[5m]))\` })`
          : `alert({ name: "BenchAlert${id}", expr: "histogram_quantile(0.99, sum by (le) (rate(bench_duration_seconds_bucket{job=\\"${name}\\"}[5m]))) > ${r}", for: "5m", severity: "${r % 3 === 0 ? "page" : "ticket"}", annotations: { summary: "Bench alert ${id} of ${name}.", runbookUrl: "https://runbooks.example.com/${name}/${id}" } })`,
      );
    }
    groups.push(
      `{ name: "${name}-g${g}", interval: "1m", rules: [\n      ${rules.join(",\n      ")},\n    ] }`,
    );
  }
  return `import { alert, defineService, record, selector } from "obsforge";

export default defineService({
  name: "${name}",
  team: "team-${s % 17}",
  groups: [
    ${groups.join(",\n    ")},
  ],
});
`;
}
