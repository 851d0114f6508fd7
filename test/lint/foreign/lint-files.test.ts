import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { obsforgeInProcess } from "../../helpers/in-process-cli.ts";
import { PROJECT_ROOT, SHARED } from "../../helpers/paths.ts";
import { parseForeignText } from "../../../src/load/foreign/read.ts";
import { lintForeignFiles } from "../../../src/lint/foreign/index.ts";
import { DEFAULT_LINT_CONFIG, type LintConfig } from "../../../src/lint/config.ts";
import { expectGoldenFile } from "../../helpers/golden.ts";

const work = mkdtempSync(join(tmpdir(), "obsforge-lint-files-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(work, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return name;
}

async function lintText(text: string, file = "rules.yaml") {
  const read = parseForeignText(file, text);
  if (!read.ok) throw new Error(read.diagnostics[0]!.message);
  return (await lintForeignFiles([read.value])).findings;
}

describe("kind detection reads the content, never the file name", () => {
  test.for([
    ["a rule file named .json", "x.json", '{"groups":[{"name":"a","rules":[]}]}', ["rule-file"]],
    [
      "a PrometheusRule",
      "a.txt",
      "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups: []\n",
      ["prometheus-rule"],
    ],
    [
      "a Loki AlertingRule",
      "b.yml",
      "apiVersion: loki.grafana.com/v1\nkind: AlertingRule\nspec:\n  groups: []\n",
      ["loki-rule"],
    ],
    ["a legacy rows dashboard", "c.yaml", '{"title":"Old","rows":[{"panels":[]}]}', ["dashboard"]],
    [
      "a dashboard wrapped by the HTTP API",
      "d.json",
      '{"dashboard":{"uid":"x","panels":[]},"meta":{}}',
      ["dashboard"],
    ],
    [
      "a Pyrra SLO",
      "e.yaml",
      "apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective\nspec: {}\n",
      ["pyrra"],
    ],
    [
      "a list of OpenSLO v1 objects",
      "f.yaml",
      "- apiVersion: openslo/v1\n  kind: Service\n- apiVersion: openslo/v1\n  kind: SLO\n",
      ["openslo", "openslo"],
    ],
    ["a Sloth spec", "g.yaml", 'version: "prometheus/v1"\nservice: api\nslos: []\n', ["sloth"]],
    [
      "two PrometheusRules in one file",
      "h.yaml",
      "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec: {}\n---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec: {}\n",
      ["prometheus-rule", "prometheus-rule"],
    ],
  ] as const)("%s", ([, file, text, kinds]) => {
    const read = parseForeignText(file, text);
    expect(read.ok && read.value.documents.map((d) => d.kind)).toEqual(kinds);
  });

  test("a document of no known kind is one error naming the file, the document and what was expected", () => {
    const read = parseForeignText("k.yaml", "groups: []\n---\nfoo: 1\n");
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.diagnostics.map((d) => d.message)).toEqual([
      "expected a Prometheus rule file (groups:), a PrometheusRule, a Loki AlertingRule/RecordingRule, a Grafana dashboard (panels or rows), a Sloth, OpenSLO or Pyrra spec (document 2), got a mapping with keys foo",
    ]);
  });
});

describe("rules are read as leniently as promtool loads them", () => {
  test("names with - and /, empty groups, keep_firing_for and duplicates load; a query that does not parse is a finding", async () => {
    const findings = await lintText(
      "groups:\n  - name: empty\n  - name: odd\n    limit: 10\n    rules:\n      - alert: api-down/(eu)\n        expr: up == 0\n        keep_firing_for: 5m\n      - record: a:b:c:d\n        expr: sum(rate(x[5m])\n",
    );
    expect(findings.map((f) => [f.code, f.span?.line, f.span?.column])).toContainEqual([
      "promql/syntax",
      10,
      30,
    ]);
  });

  test("a rule without expr is a one-line error with its path and line", async () => {
    const name = write("noexpr.yaml", "groups:\n  - name: a\n    rules:\n      - alert: X\n");
    const out = await obsforgeInProcess(["lint", name], work);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe("noexpr.yaml:4:9: groups[0].rules[0]: expected an expr\n");
  });
});

describe("# obsforge disable comments", () => {
  const rule = (name: string) =>
    `      - alert: ${name}\n        expr: sum(rate(x[5m]))\n        for: 5m\n        annotations:\n          summary: s\n          runbook_url: https://r.example.com\n`;
  const codes = async (text: string) =>
    (await lintText(text)).filter((f) => f.code === "alert/comparison").map((f) => f.subject);

  test("above a rule: that rule only", async () => {
    const text = `groups:\n  - name: a\n    rules:\n      # obsforge disable alert/comparison\n${rule("A")}${rule("B")}`;
    expect(await codes(text)).toEqual(["B"]);
  });

  test("above a group: every rule of the group, not the next group", async () => {
    const text = `groups:\n  # obsforge disable alert/comparison\n  - name: a\n    rules:\n${rule("A")}${rule("B")}  - name: b\n    rules:\n${rule("C")}`;
    expect(await codes(text)).toEqual(["C"]);
  });

  test("a blank line between comment and rule breaks the link", async () => {
    const text = `groups:\n  - name: a\n    rules:\n      # obsforge disable alert/comparison\n\n${rule("A")}`;
    expect(await codes(text)).toEqual(["A"]);
  });

  test("at the top of the file, or file/disable anywhere: the whole file", async () => {
    expect(
      await codes(
        `# obsforge disable alert/comparison\ngroups:\n  - name: a\n    rules:\n${rule("A")}`,
      ),
    ).toEqual([]);
    expect(
      await codes(
        `groups:\n  - name: a\n    rules:\n${rule("A")}# obsforge file/disable alert/comparison\n`,
      ),
    ).toEqual([]);
  });

  test("an unknown check id in a comment is a finding at the id", async () => {
    const findings = await lintText(
      `groups:\n  - name: a\n    rules:\n      # obsforge disable alert/comparisn\n${rule("A")}`,
    );
    const unknown = findings.filter((f) => f.code === "lint/unknown-rule");
    expect(unknown.map((f) => [f.message, f.span?.line, f.span?.column])).toEqual([
      [
        'expected a known check id in the # obsforge disable comment, got "alert/comparisn", which disables nothing',
        4,
        26,
      ],
    ]);
  });
});

describe("rules that share a query (checked once per query, reported per rule)", () => {
  const query = "count by (route) (sum(rate(http_requests_total[2m]))) > 3";
  const alert = (name: string, extra = "") =>
    `      - alert: ${name}\n        expr: ${query}\n${extra}`;
  const text = `groups:\n  - name: slow\n    rules:\n${alert("A1")}${alert("A2", "        for: 5m\n")}  - name: fast\n    interval: 15s\n    rules:\n      # obsforge disable promql/impossible\n${alert("A3")}${alert("A4")}`;
  const lineOf = (name: string) =>
    text.split("\n").findIndex((l) => l.endsWith(`alert: ${name}`)) + 2;
  const found = async (code: string) =>
    (await lintText(text))
      .filter((f) => f.code === code)
      .map((f) => [f.subject, f.span?.line, f.span?.column]);

  test("a finding of the query alone: one per rule, at that rule's expr, disables per rule", async () => {
    // The span is `count by (route) (…)` inside each rule's own expr line.
    expect(await found("promql/impossible")).toEqual([
      ["A1", lineOf("A1"), 15],
      ["A2", lineOf("A2"), 15],
      ["A4", lineOf("A4"), 15],
    ]);
  });

  test("what also depends on the rule (its group's interval) is decided per rule", async () => {
    // [2m] is under 4 × 1m (the default interval) but not under 4 × 15s.
    expect((await found("promql/rate-window")).map(([subject]) => subject)).toEqual(["A1", "A2"]);
  });
});

describe("series Prometheus writes for every target (up, scrape_*)", () => {
  // kube-prometheus' TargetDown: `up` carries whatever labels the scrape
  // config's relabelling gives targets (namespace, service, pod...), which
  // a repo of rule files does not say.
  const text = `groups:
  - name: general.rules
    rules:
      - alert: TargetDown
        expr: 100 * (count(up == 0) BY (job, namespace, service) / count(up) BY (job, namespace, service)) > 10
        for: 10m
        annotations:
          summary: "{{ $labels.job }}/{{ $labels.service }} targets in {{ $labels.namespace }} are down"
          runbook_url: https://runbooks.example/targetdown
`;
  const unknownLabels = async (config?: LintConfig) => {
    const read = parseForeignText("rules.yaml", text);
    if (!read.ok) throw new Error(read.diagnostics[0]!.message);
    return (await lintForeignFiles([read.value], config)).findings
      .filter((f) => f.code === "alert/unknown-label")
      .map((f) => f.message);
  };

  test("carry any label when the target labels are not configured", async () => {
    expect(await unknownLabels()).toEqual([]);
  });

  test("carry only the configured target labels when lint.targetLabels says which", async () => {
    expect(
      await unknownLabels({
        ...DEFAULT_LINT_CONFIG,
        targetLabels: ["job", "instance", "namespace"],
      }),
    ).toEqual([
      "expected $labels.service in annotations.summary to be a label of the query's series, got a query whose series have no service",
    ]);
  });
});

describe("library panels", () => {
  // A dashboard places a library panel by uid; its queries, description and
  // unit are the library's, so the panel checks have nothing to read here.
  const dashboard = JSON.stringify({
    title: "Node",
    uid: "node",
    panels: [
      {
        id: 1,
        type: "timeseries",
        title: "CPU",
        gridPos: { h: 8, w: 12, x: 0, y: 0 },
        libraryPanel: { uid: "cpu-panel", name: "CPU" },
      },
      { id: 2, type: "timeseries", title: "Memory", gridPos: { h: 8, w: 12, x: 12, y: 0 } },
    ],
  });

  test("are not held to the panel content checks; other panels are", async () => {
    const codes = [
      "dashboard/panel-no-targets",
      "dashboard/panel-title-description",
      "dashboard/panel-units",
    ];
    const found = (await lintText(dashboard, "node.json"))
      .filter((f) => codes.includes(f.code))
      .map((f) => [f.code, f.subject]);
    expect(found).toEqual([
      ["dashboard/panel-no-targets", "panels[1].targets"],
      ["dashboard/panel-title-description", "panels[1].description"],
      ["dashboard/panel-units", "panels[1].fieldConfig.defaults.unit"],
    ]);
  });
});

describe("the CLI on foreign files", () => {
  const file = () =>
    write(
      "r/alerts.yml",
      "groups:\n  - name: a\n    rules:\n      - alert: Errors\n        expr: sum(rate(errors_total[5m]))\n        for: 5m\n",
    );

  test.for(["text", "json", "github", "sarif"] as const)(
    "--format %s reports findings with file:line:col",
    async (format) => {
      const out = await obsforgeInProcess(["lint", "--format", format, file()], work);
      expect(out.stderr).toBe("");
      expect(out.code).toBe(0);
      if (format === "text")
        expect(out.stdout).toContain("r/alerts.yml:5:15: warning alert/comparison:");
      if (format === "json")
        expect(JSON.parse(out.stdout)).toContainEqual(
          expect.objectContaining({ rule: "alert/comparison", file: "r/alerts.yml", line: 5 }),
        );
      if (format === "github")
        expect(out.stdout).toContain("::warning file=r/alerts.yml,line=5,col=15");
      if (format === "sarif") {
        const result = JSON.parse(out.stdout).runs[0].results.find(
          (r: { ruleId: string }) => r.ruleId === "alert/comparison",
        );
        expect(result.locations[0].physicalLocation).toEqual({
          artifactLocation: { uri: "r/alerts.yml" },
          region: { startLine: 5, startColumn: 15, endColumn: 42 },
        });
      }
    },
  );

  test("a folder is walked for yaml/yml/json in path order, without node_modules and .git", async () => {
    write("tree/b.yaml", "groups: []\n");
    write("tree/a/x.json", '{"groups":[]}');
    write("tree/node_modules/bad.yaml", "not: a rule file\n");
    write("tree/.git/bad.yaml", "not: a rule file\n");
    write("tree/notes.txt", "ignored");
    const out = await obsforgeInProcess(["lint", "tree"], work);
    expect([out.code, out.stderr]).toEqual([0, ""]);
  });

  test("a folder's symbolic links are followed: to files, to folders once, and one that points nowhere is one line", async () => {
    const rule =
      "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: sum(up)\n        for: 5m\n";
    write("shared/common.yml", rule);
    write("links/own.yml", rule);
    symlinkSync(join(work, "shared/common.yml"), join(work, "links/common.yml"));
    symlinkSync(join(work, "shared"), join(work, "links/shared-dir"));
    symlinkSync(join(work, "links"), join(work, "links/loop"));
    symlinkSync(join(work, "nowhere.yml"), join(work, "links/dangling.yml"));
    const out = await obsforgeInProcess(["lint", "--format", "json", "links"], work);
    expect(out.stderr).toBe(
      "links/dangling.yml: expected a link to a file or folder, got nothing at that path\n",
    );
    expect(out.code).toBe(1);
    const files = (JSON.parse(out.stdout) as { rule: string; file: string }[])
      .filter((f) => f.rule === "alert/comparison")
      .map((f) => f.file);
    expect(files).toEqual(["links/common.yml", "links/own.yml", "links/shared-dir/common.yml"]);
  });

  test.for([
    [
      "an unknown kind",
      "u.yaml",
      "hello: world\n",
      "u.yaml: expected a Prometheus rule file (groups:), a PrometheusRule, a Loki AlertingRule/RecordingRule, a Grafana dashboard (panels or rows), a Sloth, OpenSLO or Pyrra spec, got a mapping with keys hello\n",
    ],
    [
      "YAML that does not parse",
      "p.yaml",
      "groups: [\n",
      "p.yaml:2:1: expected valid YAML or JSON, got deficient indentation\n",
    ],
  ] as const)("%s is one line on stderr and exit 1", async ([, name, text, stderr]) => {
    write(name, text);
    const out = await obsforgeInProcess(["lint", name], work);
    expect([out.code, out.stderr]).toEqual([1, stderr]);
  });

  test("a path that does not exist is one line and exit 1", async () => {
    const out = await obsforgeInProcess(["lint", "nope.yaml"], work);
    expect([out.code, out.stderr]).toEqual([
      1,
      "nope.yaml: expected a file or folder to lint, got nothing at that path\n",
    ]);
  });
});

/**
 * Real files no one here wrote, linted as a user would (cwd ../shared), text
 * reporter output compared with test/lint/foreign/golden/<name>.txt.
 * UPDATE_GOLDEN=1 writes them; every finding was read by eye, and the
 * true/false positive judgement is test/lint/foreign/golden/JUDGEMENT.md.
 */
const CORPUS_CASES = [
  ["node-mixin-alerts", "corpora/prometheus-rules/plain/node-mixin/alerts.yaml"],
  [
    "kube-prometheus-alertmanager-crd",
    "corpora/prometheus-rules/crd/kube-prometheus/alertmanager-prometheusRule.yaml",
  ],
  ["loki-operator-alertingrule", "corpora/loki-rules/operator/loki_v1_alertingrule.yaml"],
  ["etcd-dashboard", "corpora/dashboards/etcd-mixin/etcd.json"],
  ["pyrra-nginx", "corpora/pyrra/examples/nginx.yaml"],
  ["openslo-v1-slos", "corpora/openslo/spec-examples/v1/slos.yaml"],
] as const;

describe("lint snapshots of real files", () => {
  test.for(CORPUS_CASES)("%s", async ([name, path]) => {
    const out = await obsforgeInProcess(["lint", path], SHARED);
    const golden = join(PROJECT_ROOT, "test/lint/foreign/golden", `${name}.txt`);
    const actual = `exit ${out.code}\n${out.stderr}${out.stdout}`;
    await expectGoldenFile(golden, actual);
  });
});
