import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";

/**
 * promql/aggregate (pint's check of the same name): per rule-name regex,
 * labels every aggregation must keep and labels the outermost one must
 * strip, configured as `[level, options]` in obsforge.config.json and run
 * on a rule file linted in place, end to end through the CLI.
 */

const work = mkdtempSync(join(tmpdir(), "obsforge-aggregate-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
async function lint(config: unknown, rules: string) {
  const dir = mkdtempSync(join(work, `case${n++}-`));
  writeFileSync(join(dir, "obsforge.config.json"), JSON.stringify({ lint: { rules: config } }));
  writeFileSync(join(dir, "rules.yml"), `groups:\n  - name: g\n    rules:\n${rules}`);
  const out = await obsforgeInProcess(["lint", "--format", "json", "rules.yml"], dir);
  if (out.stdout === "") return { code: out.code, findings: [], stderr: out.stderr };
  const findings = (JSON.parse(out.stdout) as { rule: string; message: string; line?: number }[])
    .filter((f) => f.rule === "promql/aggregate")
    .map((f) => `${f.line}: ${f.message}`);
  return { code: out.code, findings, stderr: out.stderr };
}

const rule = (name: string, expr: string, extra = "") =>
  `      - record: ${name}\n        expr: ${expr}\n${extra}`;

describe("promql/aggregate keep", () => {
  const config = {
    "promql/aggregate": ["warning", { aggregate: [{ name: "job:.+", keep: ["job"] }] }],
  };

  test("a by() without the label, a without() with it, and no grouping each drop it", async () => {
    const { findings } = await lint(
      config,
      [
        rule("job:a:sum", "sum by (route) (a_total)"),
        rule("job:b:sum", "sum without (job) (b_total)"),
        rule("job:c:sum", "sum(c_total)"),
        rule("job:d:sum", "sum by (job) (d_total)"),
        rule("job:e:sum", "sum without (instance) (e_total)"),
      ].join(""),
    );
    expect(findings).toEqual([
      '5: expected label job kept by the aggregations of rules matching "job:.+", got sum by (route), which drops it',
      '7: expected label job kept by the aggregations of rules matching "job:.+", got sum without (job), which drops it',
      '9: expected label job kept by the aggregations of rules matching "job:.+", got sum, which drops it',
    ]);
  });

  test("an inner aggregation that drops it is found under an outer one that names it", async () => {
    const { findings } = await lint(
      config,
      rule("job:a:sum", "sum by (job) (max by (route) (a_total))"),
    );
    expect(findings).toEqual([
      '5: expected label job kept by the aggregations of rules matching "job:.+", got max by (route), which drops it',
    ]);
  });

  test("rules the name regex (anchored) does not match, and rules setting the label, are left alone", async () => {
    const { findings } = await lint(
      config,
      [
        rule("xjob:a:sum", "sum(a_total)"),
        rule("job:b:sum", "sum(b_total)", "        labels:\n          job: batch\n"),
      ].join(""),
    );
    expect(findings).toEqual([]);
  });

  test("kind limits an entry to alerts or recording rules", async () => {
    const alertsOnly = {
      "promql/aggregate": [
        "warning",
        { aggregate: [{ name: ".+", kind: "alert", keep: ["job"], comment: "routing" }] },
      ],
    };
    const { findings } = await lint(
      alertsOnly,
      [
        rule("job:a:sum", "sum(a_total)"),
        "      - alert: ATooHigh\n        expr: sum(a_total) > 1\n",
      ].join(""),
    );
    expect(findings).toEqual([
      '7: expected label job kept by the aggregations of rules matching ".+", got sum, which drops it (routing)',
    ]);
  });
});

describe("promql/aggregate strip", () => {
  const config = {
    "promql/aggregate": ["error", { aggregate: [{ name: "federate:.+", strip: ["instance"] }] }],
  };

  test("the outermost aggregation must remove it; inner ones and queries without one are not asked", async () => {
    const { code, findings } = await lint(
      config,
      [
        rule("federate:a:sum", "sum by (job, instance) (a_total)"),
        rule("federate:b:sum", "sum without (route) (b_total)"),
        rule("federate:c:sum", "sum by (job) (sum by (instance, job) (c_total))"),
        rule("federate:d:sum", "sum without (instance) (d_total)"),
        rule("federate:e:raw", "e_total"),
      ].join(""),
    );
    expect(findings).toEqual([
      '5: expected label instance stripped by the outermost aggregation of rules matching "federate:.+", got sum by (job, instance), which keeps it',
      '7: expected label instance stripped by the outermost aggregation of rules matching "federate:.+", got sum without (route), which keeps it',
    ]);
    // The config's level applies: an error fails lint.
    expect(code).toBe(1);
  });
});

describe("promql/aggregate options", () => {
  test("off until configured: no options, no finding", async () => {
    const { findings } = await lint({}, rule("job:a:sum", "sum(a_total)"));
    expect(findings).toEqual([]);
  });

  test.for([
    [{ aggregate: [{ name: "job:.+" }] }, "expected labels to keep or strip, got neither"],
    [{ aggregate: [{ name: "(", keep: ["job"] }] }, "expected a regular expression"],
    [{ aggregate: [{ keep: ["job-name"] }] }, "expected a label name"],
    [{ aggregate: [{ keep: ["job"], kep: ["x"] }] }, "kep"],
  ] as const)("bad options are a one-line config error: %j", async ([options, expected]) => {
    const { code, stderr } = await lint(
      { "promql/aggregate": ["warning", options] },
      rule("job:a:sum", "sum(a_total)"),
    );
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("obsforge.config.json");
    expect(stderr).toContain(expected);
  });
});
