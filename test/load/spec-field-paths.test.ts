import { spawnSync } from "node:child_process";
import { readdir, readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { BIN, SHARED } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp.ts";

/**
 * A real Sloth, OpenSLO or Pyrra spec from the corpora with one field
 * broken: the error names the field as the spec writes it (not the obsforge
 * model field it became), at its line and column, from `build` and `import`.
 */

const corpus = (path: string) => readFile(join(SHARED, "corpora", path), "utf8");

function obsforge(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `text` with `from` replaced by `to`, failing when `from` is not in it (so the case breaks what it says). */
function broken(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

const OPENSLO_V1 = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: web-availability
spec:
  service: web
  indicator:
    metadata:
      name: web-successful-requests-ratio
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests{code=~"2.."}[{{.window}}]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests[{{.window}}]))
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - displayName: Good
      target: 0.995
`;

const cases: [string, () => Promise<string>, string][] = [
  [
    "a Sloth prometheus/v1 query: slos[0].sli.events.total_query, not sli.totalQuery",
    async () =>
      broken(
        await corpus("sloth/examples/getting-started.yml"),
        'total_query: sum(rate(http_request_duration_seconds_count{job="myservice"}[',
        'total_query: sum(rate(http_request_duration_seconds_count{job="myservice"[',
      ),
    'spec.yml:15:82: slos[0].sli.events.total_query: expected valid PromQL, got unexpected "[{{.window}}]))"',
  ],
  [
    "a Sloth PrometheusServiceLevel objective: under spec",
    async () =>
      broken(
        await corpus("sloth/examples/k8s-getting-started.yml"),
        "objective: 99.9",
        "objective: 150",
      ),
    "spec.yml:19:18: spec.slos[0].objective: expected an objective percentage 0 < x < 100 (e.g. 99.9); 100 leaves no error budget, got 150",
  ],
  [
    "an OpenSLO v1alpha objective: its target",
    async () =>
      broken(
        await corpus("sloth/examples/openslo-getting-started.yml"),
        "target: 0.999",
        "target: 1.5",
      ),
    "spec.yml:25:15: spec.objectives[0].target: expected a target between 0 and 1 (a ratio; OpenSLO's target is not a percentage), got 1.5",
  ],
  [
    "an OpenSLO v1 query: the indicator's metric source",
    async () => broken(OPENSLO_V1, 'code=~"2.."}[{{.window}}]))', 'code=~"2.."}[{{.window}}])'),
    "spec.yml:17:71: spec.indicator.spec.ratioMetric.good.metricSource.spec.query: expected valid PromQL, got unexpected end of query",
  ],
  [
    "a Pyrra window: spec.window, not slos[0].period",
    async () =>
      broken(
        await corpus("pyrra/examples/kubernetes/slo-coredns-response-errors.yaml"),
        "window: 2w",
        "window: 3h",
      ),
    'spec.yml:18:11: spec.window: expected a window of whole days or weeks such as "28d" or "4w", got "3h"',
  ],
  [
    "a Pyrra target: spec.target, not slos[0].objective",
    async () =>
      broken(
        await corpus("pyrra/examples/kubernetes/slo-coredns-response-errors.yaml"),
        'target: "99.99"',
        'target: "150"',
      ),
    'spec.yml:17:12: spec.target: expected a target percentage 0 < x < 100 such as "99.5" (100 leaves no error budget), got "150"',
  ],
];

describe("errors about a spec's field name it as the spec writes it", () => {
  test.each(cases)("%s", async (_, spec, expected) => {
    const dir = await tempDir();
    await mkdir(join(dir, "definitions"));
    const text = await spec();
    await writeFile(join(dir, "definitions/spec.yml"), text);
    const built = obsforge(["build"], dir);
    expect(built.code).toBe(1);
    expect(built.stderr.split("\n")[0]).toBe(`definitions/${expected}`);
    expect(await readdir(dir)).toEqual(["definitions"]);

    await writeFile(join(dir, "spec.yml"), text);
    const imported = obsforge(["import", "spec.yml", "--out", "ts"], dir);
    expect(imported).toEqual({ code: 1, stdout: "", stderr: `${expected}\n` });
    expect((await readdir(dir)).sort()).toEqual(["definitions", "spec.yml"]);
  });
});
