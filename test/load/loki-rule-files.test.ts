import { copyFile, mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { load } from "js-yaml";
import { describe, expect, test } from "vitest";
import { isLokiQuerySet } from "../../src/load/foreign/detect.ts";
import { parseLogQL } from "../../src/logql/parse.ts";
import { obsforgeInProcess as cli } from "../helpers/in-process-cli.ts";
import { SHARED } from "../helpers/paths.ts";
import { tempDir, tempTree } from "../helpers/temp.ts";

/**
 * A Loki rule file (or a Loki Operator AlertingRule/RecordingRule) placed
 * in definitions/ builds as Loki rules: its kind comes from the content
 * (src/load/foreign/detect.ts, as `lint FILE` reads it), its queries are
 * checked by the LogQL grammar, and it is written to out/loki/, exactly as
 * written. Before, it was read as Prometheus rules and refused at its first
 * log pipeline ("expected valid PromQL, got unexpected "|="").
 */

const LOKI = join(SHARED, "corpora/loki-rules");
/** The corpus files that are whole rule files or resources (the fragments are not). */
const WHOLE = [
  "docs/alerting-rules-example.yaml",
  "docs/rule-group-with-limit.yaml",
  "pkg-ruler-fixture/rules.yaml",
  "operator/loki_v1_alertingrule.yaml",
  "operator/loki_v1_recordingrule.yaml",
];

type Raw = Record<string, unknown>;

/** The groups as a ruler reads them: keys as written, rules in order. */
function groupsOf(text: string): Raw[] {
  const doc = load(text) as Raw;
  const groups = (doc.spec as Raw | undefined)?.groups ?? doc.groups;
  return groups as Raw[];
}

async function buildOne(source: string, name: string) {
  const dir = await tempDir();
  await mkdir(join(dir, "definitions"));
  await copyFile(source, join(dir, "definitions", name));
  const run = await cli(["build"], dir);
  return { ...run, dir };
}

describe("Loki rule files in definitions/ build into out/loki/", () => {
  test.for(WHOLE)("%s: the same groups and rules, every query LogQL", async (file) => {
    const name = file.replaceAll("/", "-");
    const { code, stderr, dir } = await buildOne(join(LOKI, file), name);
    expect(code, stderr).toBe(0);
    const service = name.replace(/\.yaml$/, "");
    const out = await readdir(join(dir, "out"));
    // No Prometheus rule file: nothing of it is PromQL.
    expect(out).not.toContain("prometheus");
    const written = await readdir(join(dir, "out/loki"));
    expect(written).toHaveLength(1);
    const output = groupsOf(await readFile(join(dir, "out/loki", written[0]!), "utf8"));
    const input = groupsOf(await readFile(join(LOKI, file), "utf8"));
    expect(output).toEqual(input);
    for (const group of output)
      for (const rule of group.rules as Raw[])
        expect(parseLogQL(rule.expr as string).errors, rule.expr as string).toEqual([]);
    // A plain file is named after itself; a resource after metadata.name.
    if (!file.startsWith("operator/")) expect(written[0]).toBe(`${service}.rules.yml`);
  });

  test("a LogQL syntax error is one line naming file, line:col and the field as written; nothing is written", async () => {
    const dir = await tempTree({
      "definitions/app.rules.yml": `groups:
  - name: app
    rules:
      - alert: AppErrors
        expr: sum(rate({app="api"} |= "error" [5m])) > 1
      - alert: AppPanics
        expr: sum(rate({app="api"} |= "panic" [5m]) > 0
`,
    });
    const run = await cli(["build"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      "definitions/app.rules.yml:7:56: groups[0].rules[1].expr: expected valid LogQL, got unexpected end of query",
      "obsforge build: 1 error(s); out/ left unchanged",
    ]);
  });

  test("a Loki Operator resource's tenant is said to be dropped, and the LogQL checks run on its rules", async () => {
    const { code, stderr } = await buildOne(
      join(LOKI, "operator/loki_v1_alertingrule.yaml"),
      "alerts.yaml",
    );
    expect(code).toBe(0);
    expect(stderr.trim().split("\n")).toEqual([
      'warning: definitions/alerts.yaml:6:13: spec.tenantID: expected no resource field obsforge does not represent, got "test-tenant" (obsforge writes the rules as a Loki rule file, not a Loki AlertingRule): dropped; set it where the rules are deployed (import/not-represented)',
      // True: the group evaluates every 10m and each [5m] range sees only half the lines.
      "warning: definitions/alerts.yaml:13:63: spec.groups[0].rules[0].expr: expected a range of at least the evaluation interval 10m, got [5m] (lines between evaluations are never counted) (logql/range-under-interval)",
      "warning: definitions/alerts.yaml:15:51: spec.groups[0].rules[0].expr: expected a range of at least the evaluation interval 10m, got [5m] (lines between evaluations are never counted) (logql/range-under-interval)",
      "warning: definitions/alerts.yaml:25:112: spec.groups[0].rules[1].expr: expected a range of at least the evaluation interval 10m, got [5m] (lines between evaluations are never counted) (logql/range-under-interval)",
    ]);
  });

  test("imported to TS (plainLogGroups), it builds to the same Loki rule file", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "yaml"));
    const source = join(LOKI, "docs/rule-group-with-limit.yaml");
    await copyFile(source, join(dir, "yaml/limits.rules.yml"));
    const imported = await cli(["import", "yaml/limits.rules.yml", "--out", "ts"], dir);
    expect(imported.code, imported.stderr).toBe(0);
    const module = await readFile(join(dir, "ts/limits.ts"), "utf8");
    expect(module).toContain("plainLogGroups: [");
    const fromTs = await cli(["build", "--definitions", "ts", "--out", "out-ts"], dir);
    const fromYaml = await cli(["build", "--definitions", "yaml", "--out", "out-yaml"], dir);
    expect(fromTs.stderr + fromYaml.stderr).toBe("");
    const body = (text: string) => text.slice(text.indexOf("groups:"));
    expect(body(await readFile(join(dir, "out-ts/loki/limits.rules.yml"), "utf8"))).toBe(
      body(await readFile(join(dir, "out-yaml/loki/limits.rules.yml"), "utf8")),
    );
  });

  test("group names are unique across the Loki file's logGroups and plain groups", async () => {
    const dir = await tempTree({
      "definitions/app.rules.yml": `groups:
  - name: app
    rules:
      - record: app:lines:rate5m
        expr: sum(rate({app="api"}[5m]))
  - name: app
    rules: []
`,
    });
    await writeFile(join(dir, "obsforge.config.json"), "{}");
    const run = await cli(["build"], dir);
    expect(run.stderr).toContain(
      'definitions/app.rules.yml:6:11: groups[1].name: expected a group name unique in the rule file, got "app" again (also at index 0;',
    );
  });
});

describe("a Loki rule file's recorded series are known to the Prometheus rules beside it", () => {
  test.for([
    ["app:log_errors:rate5m", []],
    [
      "app:log_errrs:rate5m",
      [
        "promql/undefined-metric: expected a metric from the catalogue or a recording rule, got app:log_errrs:rate5m",
      ],
    ],
  ] as const)("an alert on %s", async ([metric, expected]) => {
    const dir = await tempTree({
      "definitions/app.rules.yml": `groups:
  - name: logs
    rules:
      - record: app:log_errors:rate5m
        expr: sum(rate({app="api"} |= "error" [5m]))
`,
      "definitions/app-alerts.rules.yml": `groups:
  - name: alerts
    rules:
      - alert: AppLogErrors
        expr: ${metric} > 1
        for: 5m
        annotations:
          summary: Log errors
          runbook_url: https://runbooks.example.com/log-errors
`,
    });
    const run = await cli(["lint", "--format", "json"], dir);
    const findings = (JSON.parse(run.stdout) as { rule: string; message: string }[]).map(
      (f) => `${f.rule}: ${f.message}`,
    );
    expect(findings).toEqual(expected);
  });
});

describe("which rule files are Loki's (isLokiQuerySet)", () => {
  test.for([
    ["a log pipeline", ['sum(rate({app="a"} |= "e" [5m])) > 1'], true],
    [
      "LogQL only, beside a query both grammars read",
      ['count_over_time({app="a"}[5m])', 'sum(rate({app="a"}[5m]))'],
      true,
    ],
    ["streams only, read by both grammars", ['sum by (job) (rate({job="http"}[5m]))'], true],
    ["a metric name makes it PromQL", ['sum(rate(http_requests_total{job="a"}[5m]))'], false],
    [
      "one PromQL-only query decides for the file",
      ['sum(rate({app="a"} |= "e" [5m])) > 1', "up == 0"],
      false,
    ],
    [
      "a typo in a Loki file stays Loki",
      ['sum(rate({app="a"} |= "e" [5m])) > 1', 'sum(rate({app="a"} |= "e" [5m]) >'],
      true,
    ],
    ["no queries", [], false],
  ] as const)("%s", ([, exprs, expected]) => {
    expect(isLokiQuerySet(exprs)).toBe(expected);
  });
});
