import { describe, expect, test } from "vitest";
import { obsforgeInProcess as cli } from "../helpers/in-process-cli.ts";
import { promtool } from "../helpers/promtool.ts";
import { tempTree } from "../helpers/temp.ts";

/** A plain rule file and its own promtool test, as a repository of rule YAML has them. */
const RULES = `groups:
  - name: node
    rules:
      - record: instance:node_up:max
        expr: max by (instance) (up{job="node"})
      - alert: node-down/critical
        expr: instance:node_up:max == 0
        for: 2m
        keep_firing_for: 1m
        labels:
          severity: critical
        annotations:
          summary: "{{ $labels.instance }} is down"
`;

function testFile(ruleFile: string, expectedSummary: string): string {
  return `rule_files:
  - ${ruleFile}
evaluation_interval: 1m
tests:
  - name: node goes down
    interval: 1m
    input_series:
      - series: up{job="node", instance="a"}
        values: 1 1 0 0 0 0 0
    alert_rule_test:
      - eval_time: 6m
        alertname: node-down/critical
        exp_alerts:
          - exp_labels: { severity: critical, instance: a }
            exp_annotations: { summary: "${expectedSummary}" }
  - name: node stays up
    interval: 1m
    input_series:
      - series: up{job="node", instance="a"}
        values: 1 1 1 1 1 1 1
    alert_rule_test:
      - eval_time: 6m
        alertname: node-down/critical
        exp_alerts: []
`;
}

describe("obsforge test on a repository of plain rule YAML", () => {
  test("runs the promtool tests found under the given folder, group by group, with no definitions and no build", async () => {
    const dir = await tempTree({
      "rules/node.rules.yml": RULES,
      "rules/node_test.yml": testFile("node.rules.yml", "a is down"),
      "rules/README.md": "not YAML\n",
    });
    const r = await cli(["test", "rules"], dir);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      "PASS  rules/node_test.yml  node goes down\nPASS  rules/node_test.yml  node stays up\n2 passed, 0 failed\n",
    );
    expect(r.code).toBe(0);
  });

  test("a failing group fails the run and shows promtool's explanation under its name", async () => {
    const dir = await tempTree({
      "node.rules.yml": RULES,
      "node_test.yml": testFile("node.rules.yml", "wrong summary"),
    });
    const r = await cli(["test", "node_test.yml"], dir);
    expect(r.stdout).toMatch(/^FAIL {2}node_test\.yml {2}node goes down\n/);
    expect(r.stdout).toContain('summary="a is down"');
    expect(r.stdout).toMatch(/PASS {2}node_test\.yml {2}node stays up\n1 passed, 1 failed\n$/);
    expect(r.code).toBe(1);
  });

  test("a named file that is not a promtool test file is a one-line error", async () => {
    const dir = await tempTree({ "node.rules.yml": RULES });
    const r = await cli(["test", "node.rules.yml", "missing.yml"], dir);
    expect(r.stderr).toBe(
      "node.rules.yml: expected a promtool test file (with tests:), got another document\n" +
        "missing.yml: expected a test file or folder, got nothing at that path\n",
    );
    expect(r.code).toBe(1);
  });

  test("in definitions/, the rule file builds in place and its test beside it runs with the built estate's tests", async () => {
    const dir = await tempTree({
      "definitions/node.rules.yml": RULES,
      "definitions/node.test.yml": testFile("node.rules.yml", "a is down"),
    });
    const built = await cli(["build"], dir);
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
    const r = await cli(["test"], dir);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      "PASS  definitions/node.test.yml  node goes down\nPASS  definitions/node.test.yml  node stays up\n2 passed, 0 failed\n",
    );
    expect(r.code).toBe(0);
  });
});

/**
 * promtool reads test files with Go's YAML, which hands a string field the
 * scalar as written. `0x10` in `values` is the series notation for "0, then
 * ten more 0s" (a number 16 to a YAML 1.2 reader), `code: 0200` is the label
 * value "0200" (200), `version: 1.10` the annotation "1.10" (1.1). Each
 * group of this file passes under promtool run on the file itself.
 */
const AS_WRITTEN_RULES = `groups:
  - name: g
    rules:
      - alert: Coded
        expr: errors > 0
        labels:
          severity: page
        annotations:
          version: "1.10"
          day: "2024-01-01"
`;

function asWrittenTest(expectedCode: string): string {
  return `rule_files: [rules.yml]
evaluation_interval: 1m
tests:
  - name: zero-padded label and float-like annotation
    interval: 1m
    input_series:
      - series: &s 'errors{code="0200"}'
        values: 1x3
    alert_rule_test:
      - eval_time: 2m
        alertname: Coded
        exp_alerts:
          - exp_labels: { severity: page, code: ${expectedCode} }
            exp_annotations: { version: 1.10, day: 2024-01-01 }
  - name: 0x10 is ten more zeros, and the series is an alias into the other group
    interval: 1m
    input_series:
      - series: *s
        values: 0x10
    promql_expr_test:
      - expr: errors
        eval_time: 5m
        exp_samples:
          - labels: *s
            value: 0
    alert_rule_test:
      - eval_time: 5m
        alertname: Coded
        exp_alerts:
`;
}

describe("obsforge test runs a test file as promtool reads it", () => {
  test("scalars mean what they say in the file: obsforge and promtool agree, group by group", async () => {
    const dir = await tempTree({
      "rules.yml": AS_WRITTEN_RULES,
      "as_written_test.yml": asWrittenTest("0200"),
    });
    // The reference: promtool on the file itself.
    expect(promtool(["test", "rules", "as_written_test.yml"], { cwd: dir }).status).toBe(0);
    const r = await cli(["test", "as_written_test.yml"], dir);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      "PASS  as_written_test.yml  zero-padded label and float-like annotation\n" +
        "PASS  as_written_test.yml  0x10 is ten more zeros, and the series is an alias into the other group\n" +
        "2 passed, 0 failed\n",
    );
    expect(r.code).toBe(0);
  });

  test("and fail alike: code 200 is not the label value 0200", async () => {
    const dir = await tempTree({
      "rules.yml": AS_WRITTEN_RULES,
      "as_written_test.yml": asWrittenTest("200"),
    });
    expect(promtool(["test", "rules", "as_written_test.yml"], { cwd: dir }).status).toBe(1);
    const r = await cli(["test", "as_written_test.yml"], dir);
    expect(r.stdout).toMatch(/^FAIL {2}as_written_test\.yml {2}zero-padded label/);
    expect(r.stdout).toContain('Labels:{alertname="Coded", code="200", severity="page"}');
    expect(r.stdout).toMatch(/1 passed, 1 failed\n$/);
    expect(r.code).toBe(1);
  });
});
