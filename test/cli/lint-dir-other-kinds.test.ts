import { describe, expect, test } from "vitest";
import { obsforgeInProcess as cli } from "../helpers/in-process-cli.ts";
import { tempTree } from "../helpers/temp.ts";

/**
 * `obsforge lint .` on a repository as teams have it: the files a walk
 * finds that are positively something lint does not check (promtool tests,
 * a chart's Chart.yaml and values, prometheus.yml, alertmanager.yml, other
 * Kubernetes resources, package.json, CI workflows) are skipped and listed
 * in one line; a file of no known kind, or one a slip away from a rule
 * file, stays an error; a file named on the command line must be lintable.
 */

const KNOWN =
  "expected a Prometheus rule file (groups:), a PrometheusRule, a Loki AlertingRule/RecordingRule, a Grafana dashboard (panels or rows), a Sloth, OpenSLO or Pyrra spec";

const RULES = `groups:
  - name: node
    rules:
      - alert: NodeDown
        expr: up{job="node"} == 0
        for: 2m
        labels:
          severity: critical
        annotations:
          summary: "{{ $labels.instance }} is down"
          runbook_url: https://runbooks.example.com/node-down
`;

/** A PrometheusRule whose one alert has a 1s rate window: one finding, at line 10 column 65. */
function prometheusRule(): string {
  return `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: api
spec:
  groups:
    - name: api
      rules:
        - alert: ApiErrors
          expr: rate(http_requests_total{job="api", code="500"}[1s]) > 0
          for: 5m
          labels:
            severity: critical
          annotations:
            summary: api errors
            runbook_url: https://runbooks.example.com/api-errors
`;
}

/** Resources as `kubectl get -o yaml` writes them: a `List`, each item indented by 4. */
function kubectlList(...resources: string[]): string {
  const items = resources.map((r) => r.replace(/^(?=.)/gm, "    ").replace(/^ {4}/, "  - "));
  return `apiVersion: v1\nkind: List\nitems:\n${items.join("")}`;
}

const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: api-config
data:
  LOG_LEVEL: info
`;

/** What a team's repository holds beside its rules. */
const REPO: Record<string, string> = {
  "rules/node.rules.yml": RULES,
  "rules/node_test.yml": `rule_files: [node.rules.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: up{job="node", instance="a"}
        values: 1 0 0 0
    alert_rule_test: []
`,
  "prometheus/prometheus.yml": `global:
  scrape_interval: 15s
rule_files: [../rules/*.yml]
scrape_configs:
  - job_name: node
    static_configs: [{ targets: ["node:9100"] }]
`,
  "alertmanager/alertmanager.yml": `route:
  receiver: team
  group_by: [alertname]
receivers:
  - name: team
`,
  "chart/Chart.yaml": "apiVersion: v2\nname: api\nversion: 0.1.0\n",
  "chart/values.yaml": "replicaCount: 2\nimage:\n  repository: api\n",
  "chart/values-prod.yaml": "replicaCount: 5\n",
  "deploy/deployment.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
`,
  "deploy/kustomization.yaml": "resources:\n  - deployment.yaml\n",
  "deploy/servicemonitor.yaml": `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: api
spec:
  endpoints: [{ port: http }]
`,
  "grafana/provisioning/datasources.yml":
    "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n",
  ".github/workflows/ci.yml": "name: ci\non: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n",
  "docker-compose.yml": "services:\n  prometheus:\n    image: prom/prometheus\n",
  "package.json": '{ "name": "monitoring", "private": true }\n',
  "tsconfig.json": '{ "compilerOptions": { "strict": true } }\n',
  "biome.json": '{ "$schema": "https://biomejs.dev/schemas/2.0.0/schema.json" }\n',
};

const REPO_SKIPPED =
  "obsforge lint: skipped 15 file(s) of kinds lint does not check: " +
  "promtool tests, run by obsforge test (rules/node_test.yml); " +
  "Prometheus configs (prometheus/prometheus.yml); " +
  "Alertmanager configs (alertmanager/alertmanager.yml); " +
  "Grafana provisioning (grafana/provisioning/datasources.yml); " +
  "Kubernetes manifests of other kinds (deploy/deployment.yaml, deploy/kustomization.yaml, deploy/servicemonitor.yaml); " +
  "Helm chart files (chart/Chart.yaml, chart/values-prod.yaml, chart/values.yaml); " +
  "files naming their own $schema (biome.json); " +
  "CI and tool files (.github/workflows/ci.yml, docker-compose.yml, package.json and 1 more)\n";

describe("obsforge lint DIR on a whole repository", () => {
  test("files of other kinds are skipped and listed in one line; the rules are linted; exit 0", async () => {
    const dir = await tempTree(REPO);
    const r = await cli(["lint", "."], dir);
    expect(r.stderr).toBe(REPO_SKIPPED);
    expect(r.stdout).toBe("No problems found.\n");
    expect(r.code).toBe(0);
  });

  test("--quiet prints no skip line", async () => {
    const dir = await tempTree(REPO);
    const r = await cli(["--quiet", "lint", "."], dir);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("");
    expect(r.code).toBe(0);
  });

  test("the rules beside skipped files are still linted and their findings reported", async () => {
    const dir = await tempTree({
      ...REPO,
      "rules/node.rules.yml": RULES.replace(
        'up{job="node"} == 0',
        'rate(node_network_receive_errs_total{job="node"}[1s]) > 0',
      ),
    });
    const r = await cli(["lint", "."], dir);
    expect(r.stdout.split("\n")[0]).toBe(
      "rules/node.rules.yml:5:64: warning promql/rate-window: expected a range of at least 4m (4× the 1m group interval) in rate(), got [1s] [NodeDown]",
    );
    expect(r.stdout.split("\n").at(-2)).toBe("1 problem(s): 0 error(s), 1 warning(s)");
    expect(r.stderr).toBe(REPO_SKIPPED);
  });

  test("a kind with more than three files names three and counts the rest", async () => {
    const deployments = Object.fromEntries(
      ["a", "b", "c", "d", "e"].map((n) => [
        `deploy/${n}.yaml`,
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${n}\n`,
      ]),
    );
    const dir = await tempTree({ "rules/node.rules.yml": RULES, ...deployments });
    const r = await cli(["lint", "."], dir);
    expect(r.stderr).toBe(
      "obsforge lint: skipped 5 file(s) of kinds lint does not check: Kubernetes manifests of other kinds (deploy/a.yaml, deploy/b.yaml, deploy/c.yaml and 2 more)\n",
    );
    expect(r.code).toBe(0);
  });

  test("a file its name places is skipped even when it does not parse, or is too large to read", async () => {
    const dir = await tempTree({
      "rules/node.rules.yml": RULES,
      ".github/workflows/ci.yml": "on: push\njobs:\n\tbuild: {}\n",
      // Past the 32 MiB a rule file is read up to.
      "package-lock.json": `{ "name": "x", "pad": "${"x".repeat(33 * 1024 * 1024)}" }\n`,
    });
    const r = await cli(["lint", "."], dir);
    expect(r.stderr).toBe(
      "obsforge lint: skipped 2 file(s) of kinds lint does not check: CI and tool files (.github/workflows/ci.yml, package-lock.json)\n",
    );
    expect(r.code).toBe(0);
    // Named, each is an error.
    const named = await cli(["lint", ".github/workflows/ci.yml", "package-lock.json"], dir);
    expect(named.stderr).toBe(
      ".github/workflows/ci.yml:3:1: expected valid YAML or JSON, got tab characters must not be used in indentation\n" +
        "package-lock.json: expected a file of at most 32 MiB, got a larger one\n",
    );
    expect(named.code).toBe(1);
  });

  test("a values.yaml outside a chart is not a chart file: an error", async () => {
    const dir = await tempTree({
      "rules/node.rules.yml": RULES,
      "config/values.yaml": "replicaCount: 2\n",
    });
    const r = await cli(["lint", "."], dir);
    expect(r.stderr).toBe(`config/values.yaml: ${KNOWN}, got a mapping with keys replicaCount\n`);
    expect(r.code).toBe(1);
  });

  test("a YAML file of no known kind stays an error, naming the kinds expected", async () => {
    const dir = await tempTree({ ...REPO, "data/owners.yml": "owners:\n  - alice\nteam: infra\n" });
    const r = await cli(["lint", "."], dir);
    expect(r.stderr).toBe(
      `data/owners.yml: ${KNOWN}, got a mapping with keys owners, team\n${REPO_SKIPPED}`,
    );
    expect(r.stdout).toBe("No problems found in the files linted; 1 file(s) could not be linted\n");
    expect(r.code).toBe(1);
  });
});

describe("obsforge lint DIR: each kind is recognised by what defines it", () => {
  test.for([
    {
      file: "loki/config.yaml",
      text: "auth_enabled: false\nserver:\n  http_listen_port: 3100\ncommon:\n  path_prefix: /loki\n",
      label: "Loki, Mimir, Tempo, Promtail or Agent configs",
    },
    {
      file: "promtail.yml",
      text: "server:\n  http_listen_port: 9080\npositions:\n  filename: /tmp/positions.yaml\nclients:\n  - url: http://loki:3100/loki/api/v1/push\nscrape_configs: []\n",
      label: "Loki, Mimir, Tempo, Promtail or Agent configs",
    },
    {
      file: "otel/collector.yaml",
      text: "receivers:\n  otlp:\n    protocols: { grpc: {} }\nexporters:\n  prometheus: { endpoint: 0.0.0.0:8889 }\nservice:\n  pipelines:\n    metrics: { receivers: [otlp], exporters: [prometheus] }\n",
      label: "OpenTelemetry Collector configs",
    },
    {
      file: "blackbox.yml",
      text: "modules:\n  http_2xx:\n    prober: http\n    timeout: 5s\n",
      label: "blackbox exporter configs",
    },
    {
      file: "tests/alerts.yml",
      text: "tests:\n  - interval: 1m\n    input_series: []\n    alert_rule_test: []\n",
      label: "promtool tests, run by obsforge test",
    },
    {
      file: "remote.yml",
      text: "remote_write:\n  - url: https://mimir.example.com/api/v1/push\n",
      label: "Prometheus configs",
    },
    {
      file: "deploy/prometheus-rules.yaml",
      text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: prometheus-rules\ndata:\n  alerts.yml: |\n${RULES.replace(/^/gm, "    ")}`,
      label: "ConfigMaps holding rule files, not linted",
    },
    {
      file: "sloth/windows.yaml",
      text: "apiVersion: sloth.slok.dev/v1\nkind: AlertWindows\nspec:\n  sloPeriod: 30d\n",
      label: "Kubernetes manifests of other kinds",
    },
    {
      file: "Chart.yaml",
      text: "apiVersion: v2\nname: rules\nversion: 1.0.0\n",
      label: "Helm chart files",
    },
    {
      file: "jsonnetfile.json",
      text: '{ "version": 1, "dependencies": [] }\n',
      label: "CI and tool files",
    },
    {
      file: "compose.yaml",
      text: "services:\n  grafana:\n    image: grafana/grafana\n",
      label: "CI and tool files",
    },
    {
      file: "out/manifest.json",
      text: '{ "artifacts": [{ "path": "prometheus/api.rules.yml", "sha256": "00", "sources": ["api.ts"] }] }\n',
      label: "obsforge's own files",
    },
  ])("$file: $label", async ({ file, text, label }) => {
    const dir = await tempTree({ "rules/node.rules.yml": RULES, [file]: text });
    const r = await cli(["lint", "."], dir);
    expect(r.stderr).toBe(
      `obsforge lint: skipped 1 file(s) of kinds lint does not check: ${label} (${file})\n`,
    );
    expect(r.code).toBe(0);
  });

  test("a test list that is not promtool's is not a promtool test file", async () => {
    const dir = await tempTree({
      "rules/node.rules.yml": RULES,
      "checks.yml": "tests:\n  - name: smoke\n    run: ./smoke.sh\n",
    });
    const r = await cli(["lint", "."], dir);
    expect(r.stderr).toBe(`checks.yml: ${KNOWN}, got a mapping with keys tests\n`);
    expect(r.code).toBe(1);
  });
});

describe("obsforge lint DIR: a file a slip away from what lint reads is an error, never skipped", () => {
  test.for([
    {
      name: "group: for groups:",
      text: "group:\n  - name: node\n    rules: []\n",
      got: "a mapping with keys group (did you mean groups?)",
    },
    {
      name: "Groups: capitalised",
      text: "Groups:\n  - name: node\n    rules: []\n",
      got: "a mapping with keys Groups (did you mean groups?)",
    },
    {
      name: "rules: with no group around them",
      text: "rules:\n  - alert: NodeDown\n    expr: up == 0\n",
      got: "a mapping with keys rules (rules belong in a group: groups: [{ name, rules }])",
    },
    {
      name: "a rule group on its own",
      text: "name: node\ninterval: 1m\nrules:\n  - alert: NodeDown\n    expr: up == 0\n",
      got: "a mapping with keys name, interval, rules (a rule group belongs in a list under groups:)",
    },
    {
      name: "a list of rule groups with no groups: around it",
      text: "- name: node\n  rules:\n    - alert: NodeDown\n      expr: up == 0\n",
      got: "a list of 1 (rule groups belong in a list under groups:)",
    },
    {
      name: "groups: as a mapping",
      text: "groups:\n  name: node\n  rules: []\n",
      got: "a mapping with keys groups (groups must be a list of { name, rules })",
    },
    {
      name: "a misspelt group key beside Prometheus config keys",
      text: "rule_files: [a.yml]\ngropus:\n  - name: node\n",
      got: "a mapping with keys rule_files, gropus (did you mean groups?)",
    },
    {
      name: "a misspelt group key past the first four keys",
      text: "global: {}\nrule_files: []\nalerting: {}\nscrape_configs: []\ngrups:\n  - name: node\n",
      got: "a mapping with keys global, rule_files, alerting, scrape_configs, …, grups (did you mean groups?)",
    },
    {
      name: "a Sloth spec of a version Sloth does not have",
      text: "version: prometheus/v2\nservice: api\nslos: []\n",
      got: "a mapping with keys version, service, slos (a Sloth spec says version: prometheus/v1)",
    },
    {
      name: "kind: PrometheusRules",
      text: prometheusRule().replace("kind: PrometheusRule", "kind: PrometheusRules"),
      got: 'apiVersion "monitoring.coreos.com/v1" kind "PrometheusRules" (did you mean kind PrometheusRule?)',
    },
    {
      name: "kind: prometheusrule in lower case",
      text: prometheusRule().replace("kind: PrometheusRule", "kind: prometheusrule"),
      got: 'apiVersion "monitoring.coreos.com/v1" kind "prometheusrule" (did you mean kind PrometheusRule?)',
    },
    {
      name: "a PrometheusRule under a wrong apiVersion",
      text: prometheusRule().replace("monitoring.coreos.com/v1", "monitoring.coreos.io/v1"),
      got: 'apiVersion "monitoring.coreos.io/v1" kind "PrometheusRule", an apiVersion lint does not read for that kind',
    },
  ])("$name", async ({ text, got }) => {
    const dir = await tempTree({ "rules/node.rules.yml": RULES, "rules/broken.yml": text });
    const r = await cli(["lint", "rules"], dir);
    expect(r.stderr).toBe(`rules/broken.yml: ${KNOWN}, got ${got}\n`);
    expect(r.stdout).toBe("No problems found in the files linted; 1 file(s) could not be linted\n");
    expect(r.code).toBe(1);
  });
});

describe("obsforge lint DIR: nothing known, and no hint where none is due", () => {
  test.for([
    {
      name: "OpenTelemetry semconv's attribute_groups is no misspelt groups",
      text: "file_format: definition/2\nattribute_groups:\n  - id: client\n",
      got: "a mapping with keys file_format, attribute_groups",
    },
    {
      name: "an apiVersion Kubernetes never writes is no Kubernetes resource",
      text: "apiVersion: foo\nkind: Service\nmetadata:\n  name: api\n",
      got: 'apiVersion "foo" kind "Service"',
    },
  ])("$name", async ({ text, got }) => {
    const dir = await tempTree({ "rules/node.rules.yml": RULES, "model/thing.yaml": text });
    const r = await cli(["lint", "."], dir);
    expect(r.stderr).toBe(`model/thing.yaml: ${KNOWN}, got ${got}\n`);
    expect(r.code).toBe(1);
  });
});

describe("obsforge lint FILE: a file named on the command line must be lintable", () => {
  test.for([
    {
      file: "deploy/deployment.yaml",
      got: 'a Kubernetes resource of another kind (apiVersion "apps/v1" kind "Deployment")',
    },
    { file: "rules/node_test.yml", got: "a promtool test file (obsforge test runs those)" },
    { file: "prometheus/prometheus.yml", got: "a Prometheus server config" },
    { file: "package.json", got: "a CI or tool file" },
    { file: "chart/values.yaml", got: "a Helm chart file" },
  ])("$file", async ({ file, got }) => {
    const dir = await tempTree(REPO);
    const r = await cli(["lint", file], dir);
    expect(r.stderr).toBe(`${file}: ${KNOWN}, got ${got}\n`);
    expect(r.stdout).toBe("No problems found in the files linted; 1 file(s) could not be linted\n");
    expect(r.code).toBe(1);
  });
});

describe("obsforge lint: manifests that mix a PrometheusRule with other resources", () => {
  test("multi-document YAML: the PrometheusRule is linted at its own line, the ConfigMap left alone", async () => {
    const dir = await tempTree({ "deploy/api.yaml": `${CONFIG_MAP}---\n${prometheusRule()}` });
    for (const path of ["deploy", "deploy/api.yaml"]) {
      const r = await cli(["lint", path], dir);
      expect(r.stderr).toBe("");
      expect(r.stdout.split("\n")[0]).toBe(
        "deploy/api.yaml:17:65: warning promql/rate-window: expected a range of at least 4m (4× the 1m group interval) in rate(), got [1s] [ApiErrors]",
      );
      expect(r.code).toBe(0);
    }
  });

  test("a kubectl List: its PrometheusRule items are linted, the others left alone", async () => {
    const list = kubectlList(CONFIG_MAP, prometheusRule());
    const dir = await tempTree({ "deploy/list.yaml": list });
    const r = await cli(["lint", "deploy"], dir);
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n")[0]).toBe(
      "deploy/list.yaml:19:69: warning promql/rate-window: expected a range of at least 4m (4× the 1m group interval) in rate(), got [1s] [ApiErrors]",
    );
  });

  test("a List item a slip from a PrometheusRule is an error at its item", async () => {
    const list = kubectlList(
      CONFIG_MAP,
      prometheusRule().replace("kind: PrometheusRule", "kind: PrometheusRules"),
    );
    const dir = await tempTree({ "deploy/list.yaml": list });
    const r = await cli(["lint", "deploy"], dir);
    expect(r.stderr).toBe(
      `deploy/list.yaml: items[1]: ${KNOWN}, got apiVersion "monitoring.coreos.com/v1" kind "PrometheusRules" (did you mean kind PrometheusRule?)\n`,
    );
    expect(r.code).toBe(1);
  });

  test("a document of no known kind beside the PrometheusRule is still an error", async () => {
    const dir = await tempTree({
      "deploy/api.yaml": `${prometheusRule()}---\ngroup:\n  - name: typo\n`,
    });
    const r = await cli(["lint", "deploy"], dir);
    expect(r.stderr).toBe(
      `deploy/api.yaml: ${KNOWN} (document 2), got a mapping with keys group (did you mean groups?)\n`,
    );
    expect(r.code).toBe(1);
  });

  test("Grafana's alert provisioning (apiVersion: 1, groups:) is not read as a Prometheus rule file", async () => {
    const dir = await tempTree({
      "rules/node.rules.yml": RULES,
      "grafana/alerting.yml": `apiVersion: 1
groups:
  - orgId: 1
    name: api
    folder: alerts
    interval: 1m
    rules:
      - uid: api-down
        title: ApiDown
        condition: A
        data: []
`,
    });
    const r = await cli(["lint", "."], dir);
    expect(r.stderr).toBe(
      "obsforge lint: skipped 1 file(s) of kinds lint does not check: Grafana provisioning (grafana/alerting.yml)\n",
    );
    expect(r.stdout).toBe("No problems found.\n");
    expect(r.code).toBe(0);
  });
});
