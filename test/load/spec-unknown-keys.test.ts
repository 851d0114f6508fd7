import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";

/**
 * A key a spec reader does not know is a one-line error naming the file,
 * line:col, the field path, the keys known there and the nearest one; the
 * build writes nothing. Before, the Sloth reader dropped it silently, so a
 * misspelt `objetive` or `anotations` changed what was built without a word.
 */

const work = mkdtempSync(join(tmpdir(), "obsforge-unknown-keys-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
async function build(name: string, text: string) {
  const dir = join(work, `case${n++}`);
  mkdirSync(join(dir, "definitions"), { recursive: true });
  writeFileSync(join(dir, "definitions", name), text);
  const out = await obsforgeInProcess(["build"], dir);
  return { ...out, lines: out.stderr.trim().split("\n"), wrote: existsSync(join(dir, "out")) };
}

const SLOTH = `version: "prometheus/v1"
service: api
slos:
  - name: availability
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      name: ApiErrors
      page_alert:
        labels:
          severity: page
`;

describe("Sloth prometheus/v1: unknown keys", () => {
  test.for([
    [
      "at the top",
      SLOTH.replace("service: api", "service: api\nlabel:\n  team: a"),
      'api.yml:3:1: label: expected one of the known fields (version, service, labels, slos, slo_plugins), got "label" (did you mean "labels"?)',
    ],
    [
      "in an SLO",
      SLOTH.replace("objective: 99.9", "objetive: 99.9\n    objective: 99.9"),
      'api.yml:5:5: slos[0].objetive: expected one of the known fields (name, objective, description, labels, sli, alerting, plugins), got "objetive" (did you mean "objective"?)',
    ],
    [
      "in the events SLI",
      SLOTH.replace("total_query:", "totl_query: x\n        total_query:"),
      'api.yml:9:9: slos[0].sli.events.totl_query: expected one of the known fields (error_query, total_query), got "totl_query" (did you mean "total_query"?)',
    ],
    [
      "in an alert level",
      SLOTH.replace(
        "        labels:\n          severity: page",
        "        anotations:\n          a: b",
      ),
      'api.yml:13:9: slos[0].alerting.page_alert.anotations: expected one of the known fields (disable, labels, annotations), got "anotations" (did you mean "annotations"?)',
    ],
    [
      "far from any known one",
      SLOTH.replace("    alerting:", "    owner: x\n    alerting:"),
      'api.yml:10:5: slos[0].owner: expected one of the known fields (name, objective, description, labels, sli, alerting, plugins), got "owner"',
    ],
  ] as const)("%s", async ([, text, expected]) => {
    const out = await build("api.yml", text);
    expect(out.code).toBe(1);
    expect(out.lines[0]).toBe(`definitions/${expected}`);
    expect(out.lines).toHaveLength(2); // the error, then the build's summary line
    expect(out.wrote).toBe(false);
  });

  test("the Kubernetes PrometheusServiceLevel spells them camelCase and names those", async () => {
    const k8s = `apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata:
  name: api
  namespace: monitoring
spec:
  service: api
  slos:
    - name: availability
      objective: 99.9
      sli:
        events:
          error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
          totalQuery: sum(rate(http_requests_total[{{.window}}]))
      alerting:
        name: ApiErrors
`;
    const out = await build("api.yml", k8s);
    expect(out.lines).toContain(
      'definitions/api.yml:13:11: spec.slos[0].sli.events.error_query: expected one of the known fields (errorQuery, totalQuery), got "error_query" (did you mean "errorQuery"?)',
    );
    // Object metadata (namespace here) is the cluster's and is not refused.
    expect(out.stderr).not.toContain("namespace");
  });

  test("a spec without unknown keys still builds", async () => {
    const out = await build("api.yml", SLOTH);
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
  });
});

describe("Pyrra and OpenSLO name the known keys the same way", () => {
  test("Pyrra", async () => {
    const out = await build(
      "pyrra.yml",
      `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata:
  name: api-errors
spec:
  target: "99.5"
  window: 28d
  indicatr:
    ratio:
      errors:
        metric: http_requests_total{code=~"5.."}
      total:
        metric: http_requests_total
`,
    );
    expect(out.lines).toContain(
      'definitions/pyrra.yml:8:3: spec.indicatr: expected one of the known fields (description, target, window, indicator, alerting, partial_response_strategy, performanceOverAccuracy, ruleOutput, shortRulesLabels, longRulesLabels), got "indicatr" (did you mean "indicator"?)',
    );
  });

  test("OpenSLO v1, at the top and in a spec", async () => {
    const out = await build(
      "openslo.yml",
      `apiVersion: openslo/v1
kind: Service
metadata:
  name: api
spec:
  descripton: the API
specs: {}
`,
    );
    expect(out.lines.slice(0, 2).sort()).toEqual([
      'definitions/openslo.yml:6:3: spec.descripton: expected one of the known fields (description), got "descripton" (did you mean "description"?)',
      'definitions/openslo.yml:7:1: specs: expected one of the known fields (apiVersion, kind, metadata, spec), got "specs" (did you mean "spec"?)',
    ]);
  });
});
