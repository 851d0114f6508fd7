import { describe, expect, test } from "vitest";
import { obsforgeInProcess as cli } from "../helpers/in-process-cli.ts";
import { tempTree } from "../helpers/temp.ts";

/**
 * `test DIR` and `lint DIR` treat a file of the folder that does not parse
 * alike: an error (one line, file:line:col, exit 1) unless it is a Helm or
 * Jinja template, which is skipped and listed in one line on stderr.
 */

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

const TEST = `rule_files: [node.rules.yml]
evaluation_interval: 1m
tests:
  - name: node goes down
    interval: 1m
    input_series:
      - series: up{job="node", instance="a"}
        values: 1 1 0 0 0 0 0
    alert_rule_test:
      - eval_time: 6m
        alertname: NodeDown
        exp_alerts:
          - exp_labels: { severity: critical, instance: a, job: node }
            exp_annotations:
              summary: "a is down"
              runbook_url: https://runbooks.example.com/node-down
`;

/** A test file with one key indented too far: promtool would refuse it, so must `test DIR`. */
const BROKEN_TEST = TEST.replace("        values: 1 1 0", "         values: 1 1 0");

/** A Helm chart as charts ship alerts: a PrometheusRule template and its values. */
const CHART = {
  "chart/Chart.yaml": "apiVersion: v2\nname: api\nversion: 0.1.0\n",
  "chart/templates/prometheusrule.yaml": `{{- if .Values.alerts.enabled }}
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: {{ include "api.fullname" . }}
spec:
  groups:
    - name: api
      rules:
        - alert: ApiDown
          expr: up{job="api"} == 0
          labels:
            severity: {{ .Values.alerts.severity }}
{{- end }}
`,
  "chart/templates/tests.yaml": "rule_files:\n  - {{ .Values.rulesFile }}\ntests: []\n",
};

const SKIPPED =
  "skipped 2 template file(s), YAML only once rendered (Helm, Jinja): chart/templates/prometheusrule.yaml, chart/templates/tests.yaml\n";

describe("obsforge test DIR: a file that does not parse", () => {
  test("a broken test file is a one-line error, not passed over, and nothing runs", async () => {
    const dir = await tempTree({
      "rules/node.rules.yml": RULES,
      "rules/node_test.yml": TEST,
      "rules/other_test.yml": BROKEN_TEST,
    });
    const r = await cli(["test", "rules"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "rules/other_test.yml:8:16: expected a promtool test file, got bad indentation of a mapping entry\n",
    );
  });

  test("Helm templates in a chart are skipped and listed in one line; the tests beside them run", async () => {
    const dir = await tempTree({
      "rules/node.rules.yml": RULES,
      "rules/node_test.yml": TEST,
      ...CHART,
    });
    const r = await cli(["test", "."], dir);
    expect(r.stderr).toBe(`obsforge test: ${SKIPPED}`);
    expect(r.stdout).toBe("PASS  rules/node_test.yml  node goes down\n1 passed, 0 failed\n");
    expect(r.code).toBe(0);
    // --quiet prints errors only.
    expect((await cli(["--quiet", "test", "."], dir)).stderr).toBe("");
  });

  test("a Jinja template outside a chart (an action starting a line) is a template too", async () => {
    const dir = await tempTree({
      "rules/node.rules.yml": RULES,
      "rules/node_test.yml": TEST,
      "ansible/alerts.yml": "groups:\n{% for g in groups %}\n  - name: {{ g }}\n{% endfor %}\n",
    });
    const r = await cli(["test", "."], dir);
    expect(r.stderr).toBe(
      "obsforge test: skipped 1 template file(s), YAML only once rendered (Helm, Jinja): ansible/alerts.yml\n",
    );
    expect(r.code).toBe(0);
  });

  test("a template named on the command line must still be a test file", async () => {
    const dir = await tempTree(CHART);
    const r = await cli(["test", "chart/templates/tests.yaml"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "chart/templates/tests.yaml:1:1: expected a promtool test file, got object-based map does not support complex keys\n",
    );
  });

  test("a rule file with {{ $labels }} in a value and a syntax error is an error, not a template", async () => {
    const dir = await tempTree({
      "rules/node.rules.yml": RULES.replace("        for: 2m", "         for: 2m"),
      "rules/node_test.yml": TEST,
    });
    const r = await cli(["test", "rules"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "rules/node.rules.yml:6:13: expected a promtool test file, got bad indentation of a mapping entry\n",
    );
  });
});

describe("obsforge lint DIR treats the same files the same way", () => {
  test("Helm templates are skipped and listed in one line; a broken rule file beside them is an error", async () => {
    const dir = await tempTree({
      "rules/node.rules.yml": RULES,
      "rules/broken.rules.yml": RULES.replace("        for: 2m", "         for: 2m"),
      "chart/templates/prometheusrule.yaml": CHART["chart/templates/prometheusrule.yaml"],
      "chart/templates/tests.yaml": CHART["chart/templates/tests.yaml"],
      "chart/Chart.yaml": "",
    });
    const r = await cli(["lint", "rules", "chart/templates"], dir);
    expect(r.stderr).toBe(
      `rules/broken.rules.yml:6:13: expected valid YAML or JSON, got bad indentation of a mapping entry\nobsforge lint: ${SKIPPED}`,
    );
    // The count line must not say "No problems found." of a run that failed on a file.
    expect(r.stdout).toBe("No problems found in the files linted; 1 file(s) could not be linted\n");
    expect(r.code).toBe(1);
  });

  test("findings and an unparsable file: the count line names both", async () => {
    const dir = await tempTree({
      "rules/node.rules.yml": RULES.replace(
        "          runbook_url: https://runbooks.example.com/node-down\n",
        "",
      ),
      "rules/broken.rules.yml": RULES.replace("        for: 2m", "         for: 2m"),
    });
    const r = await cli(["lint", "rules"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n").at(-2)).toBe(
      "1 problem(s): 0 error(s), 1 warning(s); 1 file(s) could not be linted",
    );
  });

  test("only templates and clean files: exit 0", async () => {
    const dir = await tempTree({
      "rules/node.rules.yml": RULES,
      "chart/templates/prometheusrule.yaml": CHART["chart/templates/prometheusrule.yaml"],
      "chart/templates/tests.yaml": CHART["chart/templates/tests.yaml"],
      "chart/Chart.yaml": "",
    });
    const r = await cli(["lint", "rules", "chart/templates"], dir);
    expect(r.stderr).toBe(`obsforge lint: ${SKIPPED}`);
    expect(r.stdout).toBe("No problems found.\n");
    expect(r.code).toBe(0);
  });

  test("a template named on the command line is an error", async () => {
    const dir = await tempTree(CHART);
    const r = await cli(["lint", "chart/templates/tests.yaml"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "chart/templates/tests.yaml:1:1: expected valid YAML or JSON, got object-based map does not support complex keys\n",
    );
  });
});
