import { readdirSync } from "node:fs";
import { join, sep } from "node:path";
import { describe, expect, test } from "vitest";
import { toYaml } from "../../src/emit/serialize.ts";
import { quoteString } from "../../src/core/string-literal.ts";
import { selector } from "../../src/promql/query.ts";
import { PROJECT_ROOT } from "../helpers/paths.ts";
import { promtool } from "../helpers/promtool.ts";
import { tempTree } from "../helpers/temp.ts";

function ruleFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".rules.yml"))
    .map((f) => join(dir, f))
    .sort();
}

// Loki ruler files hold LogQL, which promtool cannot read; they are checked
// with the LogQL grammar instead (test/logql/generated.test.ts).
const generated = [
  ...ruleFiles(join(PROJECT_ROOT, "out/prometheus")),
  ...ruleFiles(join(PROJECT_ROOT, "test/golden")).filter((f) => !f.split(sep).includes("loki")),
];

describe("promtool check rules accepts every generated rule file", () => {
  test("there are generated files to check", () => {
    expect(generated.length).toBeGreaterThanOrEqual(4);
  });

  test.for(generated.map((f) => [f.slice(PROJECT_ROOT.length + 1)]))("%s", ([file]) => {
    const r = promtool(["check", "rules", "--lint=all", "--lint-fatal", file!], {
      cwd: PROJECT_ROOT,
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/SUCCESS: \d+ rules found/);
  });
});

describe("escaped label values mean the same thing to Prometheus", () => {
  // The series are written with Prometheus's own notation and the expected
  // alert labels as plain YAML strings, so a wrong escape cannot cancel out.
  const values = [
    'quote"d',
    "back\\slash",
    "new\nline",
    "tab\there",
    "naïve 😀",
    "}{=~,",
    "'single'",
    "\x01ctl",
  ];

  test("promtool test rules fires an alert per value, matched by selector()", async () => {
    const rules = {
      groups: values.map((v, i) => ({
        name: `g${i}`,
        rules: [{ alert: `Match${i}`, expr: `${selector("probe", { path: v })} == 1` }],
      })),
    };
    const tests = {
      rule_files: ["rules.yml"],
      evaluation_interval: "1m",
      tests: [
        {
          interval: "1m",
          input_series: values.map((v) => ({
            series: `probe{path=${quoteString(v)}}`,
            values: "1x3",
          })),
          alert_rule_test: values.map((v, i) => ({
            eval_time: "2m",
            alertname: `Match${i}`,
            exp_alerts: [{ exp_labels: { alertname: `Match${i}`, path: v } }],
          })),
        },
      ],
    };
    const dir = await tempTree({ "rules.yml": toYaml(rules), "tests.yml": toYaml(tests) });
    const r = promtool(["test", "rules", "tests.yml"], { cwd: dir });
    expect(r.stdout + r.stderr).toContain("SUCCESS");
    expect(r.status).toBe(0);
  });
});
