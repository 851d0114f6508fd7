import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { buildEstate } from "../../src/estate/build.ts";
import { loadDefinitions } from "../../src/load/definitions.ts";
import { placeProblems } from "../../src/load/positions.ts";
import { formatProblem } from "../../src/report/line.ts";
import { obsforgeInProcess as cli } from "../helpers/in-process-cli.ts";
import { tempTree } from "../helpers/temp.ts";

/**
 * A rule file in definitions/ is validated once, by the model in the estate
 * step, as a definition module is: the loader only reshapes it (rulefmt
 * keys to model fields). Before, the loader ran the plain-group schema
 * itself and the estate step ran it again. Problems still name the field as
 * the file spells it (`groups[0].rules[1].keep_firing_for`), with line:col.
 */

const RULES = `groups:
  - name: node
    rules:
      - alert: NodeDown
        expr: up{job="node"} == 0 by
      - alert: NodeFlapping
        expr: changes(up[10m]) > 3
        keep_firing_for: 5x
      - record: bad name
        expr: sum(up)
`;

const EXPECTED = [
  'definitions/node.rules.yml:5:35: groups[0].rules[0].expr: expected valid PromQL, got unexpected "by"',
  'definitions/node.rules.yml:8:26: groups[0].rules[1].keep_firing_for: expected a duration such as "30s", "5m" or "1h30m", got "5x"',
  'definitions/node.rules.yml:9:17: groups[0].rules[2].record: expected a metric name matching [a-zA-Z_:][a-zA-Z0-9_:]* (promtool: invalid recording rule name), got "bad name"',
];

const PROMETHEUS_RULE = `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: node
spec:
  groups:
    - name: node
      rules:
        - alert: NodeFlapping
          expr: changes(up[10m]) > 3
          keep_firing_for: 5x
`;

describe("a rule file in definitions/ is validated once", () => {
  test("the loader only reshapes: what the model refuses loads, and the estate step reports it", async () => {
    const dir = await tempTree({ "definitions/node.rules.yml": RULES });
    const loaded = await loadDefinitions(join(dir, "definitions"), { cwd: dir });
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const estate = buildEstate(loaded.value);
    expect(estate.ok).toBe(false);
    if (estate.ok) return;
    const placed = await placeProblems(estate.diagnostics, { cwd: dir });
    expect(placed.map(formatProblem)).toEqual(EXPECTED);
  });

  test("build prints one line per problem, none twice, and writes nothing", async () => {
    const dir = await tempTree({ "definitions/node.rules.yml": RULES });
    const run = await cli(["build"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      ...EXPECTED,
      "obsforge build: 3 error(s); out/ left unchanged",
    ]);
  });

  test("import reports the same lines, once each, and writes no module", async () => {
    const dir = await tempTree({ "definitions/node.rules.yml": RULES });
    const run = await cli(["import", "definitions/node.rules.yml", "--out", "imported"], dir);
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split("\n");
    expect(lines.filter((l) => l.startsWith("definitions/"))).toEqual(EXPECTED);
    expect(run.stdout).not.toContain("wrote");
  });

  test("a PrometheusRule's fields are named under spec.groups", async () => {
    const dir = await tempTree({ "definitions/node.yml": PROMETHEUS_RULE });
    const run = await cli(["build"], dir);
    expect(run.stderr.trim().split("\n")[0]).toBe(
      'definitions/node.yml:11:28: spec.groups[0].rules[0].keep_firing_for: expected a duration such as "30s", "5m" or "1h30m", got "5x"',
    );
  });
});

describe("a PrometheusRule built in place from definitions/", () => {
  const resource = `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: node
  namespace: monitoring
  labels:
    prometheus: k8s
    role: alert-rules
spec:
  groups:
    - name: node
      rules:
        - record: job:up:sum
          expr: sum by (job) (up)
`;

  test("warns, one line per field, naming what is dropped; the build still succeeds", async () => {
    const dir = await tempTree({ "definitions/node.yml": resource });
    const run = await cli(["build"], dir);
    expect(run.code).toBe(0);
    expect(run.stderr.trim().split("\n")).toEqual([
      'warning: definitions/node.yml:5:14: metadata.namespace: expected no resource field obsforge does not represent, got "monitoring" (obsforge writes the rules as a Prometheus rule file, not a PrometheusRule): dropped; set it where the rules are deployed (import/not-represented)',
      "warning: definitions/node.yml:6:3: metadata.labels: expected no resource field obsforge does not represent, got a map of prometheus, role (obsforge writes the rules as a Prometheus rule file, not a PrometheusRule): dropped; set it where the rules are deployed (import/not-represented)",
    ]);
    // `check` says the same, and the file has only the rules.
    const check = await cli(["check"], dir);
    expect(check.code).toBe(0);
    expect(check.stderr).toContain("metadata.namespace");
  });

  test("a resource with only a name builds without a word", async () => {
    const dir = await tempTree({
      "definitions/node.yml": resource.replace(/ {2}namespace[\s\S]*?(?=spec:)/, ""),
    });
    const run = await cli(["build"], dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });
});
