import { readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { load, loadAll } from "js-yaml";
import { parse as parseYaml11 } from "yaml";
import { describe, expect, test } from "vitest";
import { toYaml } from "../../src/emit/serialize.ts";
import { compileProject } from "../../src/pipeline/project.ts";
import { obsforgeInProcess as cli } from "../helpers/in-process-cli.ts";
import {
  crdErrors,
  validateLokiAlertingRule,
  validateLokiRecordingRule,
  validatePrometheusRule,
} from "../helpers/kubernetes-schemas.ts";
import { DEFINITIONS, PROJECT_ROOT } from "../helpers/paths.ts";
import { checkRulesText } from "../helpers/promtool.ts";
import { copyTree, snapshotTree, tempDir, tempTree } from "../helpers/temp.ts";
import { comparableRuleSet } from "../helpers/rule-sets.ts";
import {
  type Groups,
  IGNORED_LABELS,
  renderTemplate,
  SLOTH,
  withoutRoutingLabels,
} from "../helpers/sloth.ts";

type Resource = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels: Record<string, string> };
  spec: { groups: { name: string; rules: unknown[] }[]; tenantID?: string };
};

/** Read a resource as kubectl does: YAML 1.1 (sigs.k8s.io/yaml is go-yaml v2). */
function readResource(text: string): Resource {
  return parseYaml11(text, { version: "1.1" }) as Resource;
}

async function compiled(definitions: string, cwd = PROJECT_ROOT): Promise<Map<string, string>> {
  const result = await compileProject({ definitions, cwd });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return new Map(result.value.artifacts.map((a) => [a.path, a.content]));
}

/** Every PrometheusRule passes the CRD schema, and promtool loads its groups. */
function expectLoadablePrometheusRule(path: string, text: string): Resource {
  const resource = readResource(text);
  expect([resource.apiVersion, resource.kind]).toEqual([
    "monitoring.coreos.com/v1",
    "PrometheusRule",
  ]);
  expect(crdErrors(validatePrometheusRule, resource), path).toEqual([]);
  const run = checkRulesText(toYaml({ groups: resource.spec.groups }));
  expect(run.stderr, path).toBe("");
  expect(run.status, path).toBe(0);
  return resource;
}

describe("out/kubernetes: a PrometheusRule per service", () => {
  test("the example estate's PrometheusRules pass the CRD schema, hold out/prometheus's groups, and promtool loads them", async () => {
    const files = await compiled(DEFINITIONS);
    const rules = [...files.keys()].filter((p) => p.endsWith(".prometheusrule.yml"));
    expect(rules).toEqual([
      "kubernetes/checkout-api.prometheusrule.yml",
      "kubernetes/orders-db.prometheusrule.yml",
      "kubernetes/payment-worker.prometheusrule.yml",
      "kubernetes/shipping-api.prometheusrule.yml",
    ]);
    for (const path of rules) {
      const resource = expectLoadablePrometheusRule(path, files.get(path)!);
      const service = path.slice("kubernetes/".length, -".prometheusrule.yml".length);
      expect(resource.metadata).toEqual({
        name: service,
        namespace: "monitoring",
        labels: { "app.kubernetes.io/managed-by": "obsforge", release: "kube-prometheus-stack" },
      });
      const plain = load(files.get(`prometheus/${service}.rules.yml`)!) as { groups: unknown };
      expect(resource.spec.groups).toEqual(plain.groups);
    }
  });

  test("the Loki operator resources pass their CRD schemas and hold out/loki's rules, split by kind", async () => {
    const files = await compiled(DEFINITIONS);
    const loki = [...files.keys()].filter((p) => /\.loki(alerting|recording)rule\.yml$/.test(p));
    expect(loki.length).toBeGreaterThanOrEqual(3);
    for (const path of loki) {
      const resource = readResource(files.get(path)!);
      const alerting = resource.kind === "AlertingRule";
      expect(path.includes("alerting")).toBe(alerting);
      const validate = alerting ? validateLokiAlertingRule : validateLokiRecordingRule;
      expect(crdErrors(validate, resource), path).toEqual([]);
      expect(resource.apiVersion).toBe("loki.grafana.com/v1");
      expect(resource.spec.tenantID).toBe("application");
      expect(resource.metadata.labels["loki.grafana.com/rules"]).toBe("obsforge");
      const service = path.slice("kubernetes/".length).split(".")[0]!;
      const ruler = load(files.get(`loki/${service}.rules.yml`)!) as {
        groups: { name: string; rules: Record<string, unknown>[] }[];
      };
      const key = alerting ? "alert" : "record";
      const expected = ruler.groups
        .map((g) => ({ ...g, rules: g.rules.filter((r) => key in r) }))
        .filter((g) => g.rules.length > 0);
      expect(resource.spec.groups).toEqual(expected);
    }
  });

  test("the schema check is strict: a field the CRD lacks (which the API server would drop) fails it", () => {
    const resource = {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: { name: "a" },
      spec: {
        groups: [{ name: "g", source_tenants: ["t"], rules: [{ record: "a:b", expr: "1" }] }],
      },
    };
    expect(crdErrors(validatePrometheusRule, resource)).toEqual([
      '/spec/groups/0 must NOT have additional properties {"additionalProperty":"source_tenants"}',
    ]);
    const missingTenant = { ...resource, kind: "AlertingRule", spec: { groups: [] } };
    expect(crdErrors(validateLokiAlertingRule, missingTenant)).toEqual([
      '/spec must have required property \'tenantID\' {"missingProperty":"tenantID"}',
    ]);
  });

  test("opt-in: without estate.json no kubernetes/ file; a service's own kubernetes field writes its one, with its overrides", async () => {
    const dir = await tempTree({
      "definitions/a.ts": SERVICE("a", ""),
      "definitions/b_svc.ts": SERVICE(
        "b_svc",
        'kubernetes: { namespace: "team-b", labels: { prometheus: "k8s", release: "mine" } },',
      ),
    });
    const files = await compiled(join(dir, "definitions"), dir);
    expect([...files.keys()].filter((p) => p.startsWith("kubernetes/"))).toEqual([
      "kubernetes/b_svc.prometheusrule.yml",
    ]);
    // With estate settings, every service gets one; the service's fields win over the estate's.
    await writeFile(
      join(dir, "definitions/estate.json"),
      JSON.stringify({ kubernetes: { namespace: "monitoring", labels: { release: "prom" } } }),
    );
    const both = await compiled(join(dir, "definitions"), dir);
    const a = expectLoadablePrometheusRule("a", both.get("kubernetes/a.prometheusrule.yml")!);
    const b = expectLoadablePrometheusRule("b", both.get("kubernetes/b_svc.prometheusrule.yml")!);
    expect(a.metadata).toEqual({
      name: "a",
      namespace: "monitoring",
      labels: { "app.kubernetes.io/managed-by": "obsforge", release: "prom" },
    });
    expect(b.metadata).toEqual({
      name: "b-svc",
      namespace: "team-b",
      labels: { "app.kubernetes.io/managed-by": "obsforge", prometheus: "k8s", release: "mine" },
    });
  });

  test("build writes them into the manifest; check finds a hand-edited one stale", async () => {
    const dir = await tempDir();
    await copyTree(DEFINITIONS, join(dir, "definitions"));
    const built = await cli(["build", "--no-cache"], dir);
    expect(built.code, built.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(join(dir, "out/manifest.json"), "utf8")) as {
      artifacts: { path: string }[];
    };
    expect(manifest.artifacts.map((a) => a.path)).toContain(
      "kubernetes/orders-db.prometheusrule.yml",
    );
    const fresh = await cli(["check", "--no-cache"], dir);
    expect(fresh.code, fresh.stdout + fresh.stderr).toBe(0);
    const path = join(dir, "out/kubernetes/orders-db.prometheusrule.yml");
    await writeFile(path, (await readFile(path, "utf8")).replace("monitoring", "default"));
    const stale = await cli(["check", "--no-cache"], dir);
    expect(stale.code).toBe(1);
    expect(stale.stdout + stale.stderr).toContain("kubernetes/orders-db.prometheusrule.yml");
  });
});

/** A service with one alert whose labels and annotations come from `extra`. */
function SERVICE(name: string, extra: string, alertExtra = ""): string {
  return `import { alert, defineService } from "obsforge";
export default defineService({
  name: "${name}",
  team: "web",
  ${extra}
  groups: [{ name: "${name}-rules", rules: [alert({
    name: "Down",
    expr: 'up{job="${name}"} == 0',
    for: "5m",
    severity: "page",
    annotations: { summary: "Down", runbookUrl: "https://runbooks.example.com/down" },
    ${alertExtra}
  })] }],
});
`;
}

/** Each is a string that a YAML 1.1 reader (kubectl, go-yaml v2) takes for a bool, number, null or date unless quoted. */
const YAML_11_TRAPS = [
  "No",
  "no",
  "NO",
  "n",
  "N",
  "y",
  "Y",
  "yes",
  "Yes",
  "on",
  "On",
  "ON",
  "off",
  "Off",
  "true",
  "False",
  "1e3",
  "0x1F",
  "012",
  "0o17",
  "0b101",
  "1_000",
  "+12",
  "-1_0",
  "190:20:30",
  ".inf",
  "-.Inf",
  ".NaN",
  "~",
  "null",
  "Null",
  "",
  "2001-12-14",
  "2001-12-14t21:59:43.10-05:00",
  "2001-12-14 21:59:43.10 -5",
  "1.5",
  "1e+3",
  "<<",
  "=",
];

describe("values YAML 1.1 would mistype stay strings", () => {
  test("label values and annotations read back by a YAML 1.1 parser are the strings written", async () => {
    const labels = Object.fromEntries(YAML_11_TRAPS.map((v, i) => [`l${i}`, v]));
    const annotations = Object.fromEntries(YAML_11_TRAPS.map((v, i) => [`a${i}`, v]));
    const dir = await tempTree({
      "definitions/estate.json": '{ "kubernetes": { "labels": { "release": "on" } } }',
      "definitions/traps.ts": SERVICE(
        "traps",
        "",
        `labels: ${JSON.stringify(labels)}, annotations: ${JSON.stringify({ ...annotations, summary: "No", runbookUrl: "https://runbooks.example.com/x" })},`,
      ),
    });
    const files = await compiled(join(dir, "definitions"), dir);
    const resource = expectLoadablePrometheusRule(
      "traps",
      files.get("kubernetes/traps.prometheusrule.yml")!,
    );
    expect(resource.metadata.labels.release).toBe("on");
    const rule = resource.spec.groups[0]!.rules[0] as {
      labels: Record<string, unknown>;
      annotations: Record<string, unknown>;
    };
    for (const [key, value] of Object.entries(labels)) expect(rule.labels[key], value).toBe(value);
    for (const [key, value] of Object.entries(annotations))
      expect(rule.annotations[key], value).toBe(value);
    expect(rule.annotations.summary).toBe("No");
    // The plain rule file too: Prometheus reads YAML 1.2-ish, other tools 1.1.
    const plain = parseYaml11(files.get("prometheus/traps.rules.yml")!, { version: "1.1" }) as {
      groups: { rules: { labels: Record<string, unknown> }[] }[];
    };
    for (const [key, value] of Object.entries(labels))
      expect(plain.groups[0]!.rules[0]!.labels[key], value).toBe(value);
  });

  test("the reader is a real YAML 1.1 parser: unquoted, the same values are mistyped", () => {
    const read = parseYaml11(
      "a: No\nb: on\nc: 1e3\nd: 0x1F\ne: 012\nf: 1_000\ng: .inf\nh: ~\ni: 2001-12-14\n",
      {
        version: "1.1",
      },
    ) as Record<string, unknown>;
    expect(read.a).toBe(false);
    expect(read.b).toBe(true);
    expect(read.c).toBe(1000);
    expect(read.d).toBe(31);
    expect(read.e).toBe(10);
    expect(read.f).toBe(1000);
    expect(read.g).toBe(Number.POSITIVE_INFINITY);
    expect(read.h).toBe(null);
    expect(read.i).toBeInstanceOf(Date);
  });
});

describe("target versions: fields the declared engine cannot load are build errors", () => {
  const RULER = (field: string) =>
    `groups:\n  - name: g\n${field}    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n`;
  const cases: {
    name: string;
    files: Record<string, string>;
    stderr: string;
  }[] = [
    {
      name: "query_offset needs Prometheus 2.53 (default 2.42)",
      files: { "definitions/edge.rules.yml": RULER("    query_offset: 1m\n") },
      stderr:
        "definitions/edge.rules.yml:3:19: groups[0].query_offset: expected only what Prometheus 2.42 loads (the default; set targets.prometheus in estate.json), got query_offset, which needs Prometheus 2.53 or later\n",
    },
    {
      name: "group labels need Prometheus 3.0",
      files: {
        "definitions/estate.json": '{ "targets": { "prometheus": "2.53" } }',
        "definitions/edge.rules.yml": RULER(
          "    query_offset: 1m\n    labels:\n      region: eu\n",
        ),
      },
      stderr:
        "definitions/edge.rules.yml:4:5: groups[0].labels: expected only what Prometheus 2.53 loads (targets.prometheus in estate.json), got group labels, which needs Prometheus 3.0 or later\n",
    },
    {
      name: "keep_firing_for needs Prometheus 2.42",
      files: {
        "definitions/estate.json": '{ "targets": { "prometheus": "2.41.0" } }',
        "definitions/a.ts": SERVICE("a", "", 'keepFiringFor: "10m",'),
      },
      stderr:
        "definitions/a.ts:12:21: groups[0].rules[0].keepFiringFor: expected only what Prometheus 2.41 loads (targets.prometheus in estate.json), got keep_firing_for, which needs Prometheus 2.42 or later\n",
    },
    {
      name: "group limit needs Prometheus 2.31",
      files: {
        "definitions/estate.json": '{ "targets": { "prometheus": "2.30" } }',
        "definitions/edge.rules.yml": RULER("    limit: 10\n"),
      },
      stderr:
        "definitions/edge.rules.yml:3:12: groups[0].limit: expected only what Prometheus 2.30 loads (targets.prometheus in estate.json), got limit, which needs Prometheus 2.31 or later\n",
    },
    {
      name: "UTF-8 (quoted) metric names need Prometheus 3.0",
      files: {
        "definitions/edge.rules.yml":
          'groups:\n  - name: g\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) ({"http.server.up"})\n',
      },
      stderr:
        "definitions/edge.rules.yml:5:15: groups[0].rules[0].expr: expected only what Prometheus 2.42 loads (the default; set targets.prometheus in estate.json), got UTF-8 names, which needs Prometheus 3.0 or later\n",
    },
    {
      name: "query_offset needs Mimir 2.13 when the estate deploys to Mimir",
      files: {
        "definitions/estate.json": '{ "targets": { "prometheus": "3.0", "mimir": "2.12" } }',
        "definitions/edge.rules.yml": RULER("    query_offset: 1m\n"),
      },
      stderr:
        "definitions/edge.rules.yml:3:19: groups[0].query_offset: expected only what Mimir 2.12 loads (targets.mimir in estate.json), got query_offset, which needs Mimir 2.13 or later\n",
    },
    {
      name: "a version that is not MAJOR.MINOR[.PATCH]",
      files: {
        "definitions/estate.json": '{ "targets": { "prometheus": "v2.53" } }',
        "definitions/edge.rules.yml": RULER(""),
      },
      stderr:
        'definitions/estate.json:1:31: targets.prometheus: expected a version as MAJOR.MINOR or MAJOR.MINOR.PATCH, such as "2.53", got "v2.53"\n',
    },
  ];

  test.for(cases)("$name: one line, exit 1, nothing written", async ({ files, stderr }) => {
    const dir = await tempTree(files);
    const r = await cli(["build", "--no-cache"], dir);
    expect(r.stderr).toBe(`${stderr}obsforge build: 1 error(s); out/ left unchanged\n`);
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  test("the same files build once the estate declares a version that has the fields", async () => {
    const dir = await tempTree({
      "definitions/estate.json": '{ "targets": { "prometheus": "3.0", "mimir": "2.13" } }',
      "definitions/edge.rules.yml": RULER(
        "    limit: 10\n    query_offset: 1m\n    labels:\n      region: eu\n",
      ),
      "definitions/a.ts": SERVICE("a", "", 'keepFiringFor: "10m",'),
    });
    const r = await cli(["build", "--no-cache"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(Object.keys(await snapshotTree(join(dir, "out")))).toContain(
      "prometheus/edge.rules.yml",
    );
  });
});

describe("Kubernetes resources a cluster would not keep are build errors", () => {
  test.for<{ name: string; files: Record<string, string>; stderr: string }>([
    {
      name: "a Mimir ruler field in a PrometheusRule",
      files: {
        "definitions/estate.json": '{ "kubernetes": {} }',
        "definitions/edge.rules.yml":
          "groups:\n  - name: g\n    source_tenants: [a]\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n",
      },
      stderr:
        "definitions/edge.rules.yml:3:5: groups[0].source_tenants: expected no Mimir ruler field in a PrometheusRule (the CRD has no source_tenants; the API server would drop it), got one: deploy this group to the Mimir ruler instead\n",
    },
    {
      name: "two services whose resources share a namespace and name",
      files: {
        "definitions/estate.json": '{ "kubernetes": { "namespace": "monitoring" } }',
        "definitions/a-b.ts": SERVICE("a-b", ""),
        "definitions/a_b.ts": SERVICE("a_b", ""),
      },
      stderr:
        'definitions/a_b.ts:3:10: name: expected a PrometheusRule name unique in its namespace, got "a-b", which service "a-b" (definitions/a-b.ts) has too: set kubernetes.name\n',
    },
    {
      name: "a namespace Kubernetes refuses",
      files: {
        "definitions/estate.json": '{ "kubernetes": { "namespace": "Monitoring" } }',
        "definitions/a.ts": SERVICE("a", ""),
      },
      stderr:
        'definitions/estate.json:1:33: kubernetes.namespace: expected a Kubernetes name: at most 63 lowercase letters, digits and -, starting and ending with a letter or digit, got "Monitoring"\n',
    },
  ])("$name", async ({ files, stderr }) => {
    const dir = await tempTree(files);
    const r = await cli(["build", "--no-cache"], dir);
    expect(r.stderr).toBe(`${stderr}obsforge build: 1 error(s); out/ left unchanged\n`);
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});

describe("Sloth's PrometheusServiceLevel in definitions/ builds to a PrometheusRule, as Sloth does", () => {
  const SLOTH_CASES = [
    ["examples/k8s-getting-started.yml", "examples/_gen/k8s-getting-started.yml"],
    ["examples/k8s-home-wifi.yml", "examples/_gen/k8s-home-wifi.yml"],
    ["integration/in-base-k8s.yaml", "integration/out-base-k8s.yaml.tpl"],
    ["integration/in-multifile-k8s.yaml", "integration/out-multifile-k8s.yaml.tpl"],
  ];

  test.for(SLOTH_CASES)("%s", async ([input, expected]) => {
    const dir = await tempTree({
      [`definitions/${input!.split("/").at(-1)}`]: await readFile(join(SLOTH, input!), "utf8"),
    });
    const files = await compiled(join(dir, "definitions"), dir);
    const theirs = loadAll(renderTemplate(await readFile(join(SLOTH, expected!), "utf8"))).filter(
      (d): d is Resource => (d as Resource | null)?.kind === "PrometheusRule",
    );
    const ours = [...files.entries()]
      .filter(([p]) => p.endsWith(".prometheusrule.yml"))
      .map(([p, text]) => expectLoadablePrometheusRule(p, text));
    expect(theirs.length).toBeGreaterThan(0);
    // One resource per spec document, with Sloth's name, namespace and labels (managed-by names the generator).
    const meta = (r: Resource) => {
      const { "app.kubernetes.io/managed-by": by, ...labels } = r.metadata.labels;
      return { name: r.metadata.name, namespace: r.metadata.namespace, labels, by };
    };
    expect(ours.map(meta)).toEqual(theirs.map((r) => ({ ...meta(r), by: "obsforge" })));
    // And the groups are Sloth's rules, as the rule-file equivalence test compares them.
    const names = servicesOf(files);
    const services = ours.map((r, i) => {
      const groups = r.spec.groups as Groups;
      return { name: names[i]!, team: teamOf(groups), groups };
    });
    const theirGroups = theirs.flatMap((r) => r.spec.groups) as Groups;
    expect(
      comparableRuleSet(withoutRoutingLabels(services, theirGroups), {
        ignoreLabels: IGNORED_LABELS,
      }),
    ).toEqual(comparableRuleSet(theirGroups, { ignoreLabels: IGNORED_LABELS }));
  });
});

/** The services of the compiled PrometheusRules, in path order. */
function servicesOf(files: Map<string, string>): string[] {
  return [...files.keys()]
    .filter((p) => p.endsWith(".prometheusrule.yml"))
    .map((p) => p.slice("kubernetes/".length, -".prometheusrule.yml".length));
}

/** The team label obsforge put on the alerts (withoutRoutingLabels checks it is the same on all). */
function teamOf(groups: Groups): string {
  for (const g of groups)
    for (const r of g.rules) if (r.alert !== undefined) return String(r.labels?.team);
  return "";
}
