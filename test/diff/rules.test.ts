import { describe, expect, test } from "vitest";
import { diffSnapshots, type EstateSnapshot } from "../../src/diff/estate-diff.ts";
import type { ArtifactChange } from "../../src/diff/model.ts";

const PROM = "prometheus/api.rules.yml";
const LOKI = "loki/api.rules.yml";

function snapshot(files: Record<string, string>): EstateSnapshot {
  return { files: new Map(Object.entries(files)), slos: [] };
}

function diff(before: Record<string, string>, after: Record<string, string>): ArtifactChange[] {
  return diffSnapshots(snapshot(before), snapshot(after), { base: "HEAD" }).artifacts;
}

/** A rule file of one group holding `rules` (YAML text, indented as list items of `rules:`). */
function ruleFile(rules: string, group = "api-alerts", settings = ""): string {
  return `groups:\n  - name: ${group}\n${settings}    rules:\n${rules}`;
}

const ERRORS = `      - alert: ApiErrors
        expr: sum(rate(http_errors_total{job="api"}[5m])) > 0.5
        for: 5m
        labels:
          severity: ticket
        annotations:
          summary: api fails requests
`;

describe("rule files", () => {
  test("an unchanged file and a formatting-only change of an expression report nothing", () => {
    const reformatted = ERRORS.replace(
      'sum(rate(http_errors_total{job="api"}[5m])) > 0.5',
      '|\n          sum(\n            rate(http_errors_total{job = "api"}[5m])\n          ) > 0.50',
    );
    expect(reformatted).not.toBe(ERRORS);
    expect(diff({ [PROM]: ruleFile(ERRORS) }, { [PROM]: ruleFile(ERRORS) })).toEqual([]);
    expect(diff({ [PROM]: ruleFile(ERRORS) }, { [PROM]: ruleFile(reformatted) })).toEqual([]);
  });

  test("a LogQL expression is compared as a LogQL tree: quotes, spaces and parentheses are no change", () => {
    const log = (expr: string) => ruleFile(`      - alert: ApiPanics\n        expr: '${expr}'\n`);
    const before = log('sum(count_over_time({app="api"} |= "panic" [5m])) > 0');
    const same = log('sum ( count_over_time( {app=`api`}|="panic"[5m] ) )>0');
    const other = log('sum(count_over_time({app="api"} |= "fatal" [5m])) > 0');
    expect(diff({ [LOKI]: before }, { [LOKI]: same })).toEqual([]);
    const changed = diff({ [LOKI]: before }, { [LOKI]: other });
    expect(changed[0]?.changes[0]?.fields.map((f) => f.field)).toEqual(["expr"]);
  });

  test("a multi-line annotation added or removed is shown line by line, like a changed one", () => {
    const described = ERRORS.replace(
      "          summary: api fails requests\n",
      "          summary: api fails requests\n          description: |\n            first line\n            second line\n",
    );
    expect(described).not.toBe(ERRORS);
    const [added] = diff({ [PROM]: ruleFile(ERRORS) }, { [PROM]: ruleFile(described) });
    expect(added?.changes[0]?.fields).toEqual([
      {
        field: "annotations.description",
        after: "first line\nsecond line\n",
        lines: ["+ first line", "+ second line"],
      },
    ]);
    const [removed] = diff({ [PROM]: ruleFile(described) }, { [PROM]: ruleFile(ERRORS) });
    expect(removed?.changes[0]?.fields).toEqual([
      {
        field: "annotations.description",
        before: "first line\nsecond line\n",
        lines: ["- first line", "- second line"],
      },
    ]);
  });

  test("every changed field of a rule is named, with before and after", () => {
    const after = ERRORS.replace("> 0.5", "> 0.7")
      .replace("for: 5m", "for: 10m\n        keep_firing_for: 15m")
      .replace("severity: ticket", "severity: page\n          team: payments")
      .replace("summary: api fails requests", "summary: api fails many requests");
    const [file] = diff({ [PROM]: ruleFile(ERRORS) }, { [PROM]: ruleFile(after) });
    expect(file).toMatchObject({ kind: "rules", status: "changed", id: PROM });
    expect(file?.changes).toEqual([
      {
        status: "changed",
        kind: "alert",
        name: "ApiErrors",
        within: "api-alerts",
        fields: [
          {
            field: "expr",
            before: 'sum(rate(http_errors_total{job="api"}[5m])) > 0.5',
            after: 'sum(rate(http_errors_total{job="api"}[5m])) > 0.7',
            lines: [
              '- sum(rate(http_errors_total{job="api"}[5m])) > 0.5',
              '+ sum(rate(http_errors_total{job="api"}[5m])) > 0.7',
            ],
          },
          { field: "for", before: "5m", after: "10m" },
          { field: "keep_firing_for", after: "15m" },
          { field: "labels.severity", before: "ticket", after: "page" },
          { field: "labels.team", after: "payments" },
          {
            field: "annotations.summary",
            before: "api fails requests",
            after: "api fails many requests",
          },
        ],
      },
    ]);
  });

  test("rules added and removed, a rule moved to another group, a group's interval changed", () => {
    const latency = `      - alert: ApiSlow
        expr: histogram_quantile(0.99, sum by (le) (rate(http_duration_seconds_bucket[5m]))) > 2
        for: 10m
`;
    const recording = `      - record: job:http_errors:rate5m
        expr: sum by (job) (rate(http_errors_total[5m]))
`;
    const before = `${ruleFile(ERRORS + latency, "api-alerts", "    interval: 1m\n")}`;
    const after = `${ruleFile(ERRORS, "api-alerts", "    interval: 30s\n")}  - name: api-recordings\n    rules:\n${recording}`;
    const moved = `${ruleFile(ERRORS + latency)}`;
    const movedAfter = `${ruleFile(latency)}  - name: api-errors\n    rules:\n${ERRORS}`;
    const [file] = diff({ [PROM]: before }, { [PROM]: after });
    expect(file?.changes.map((c) => [c.status, c.kind, c.name, c.within])).toEqual([
      ["changed", "group", "api-alerts", undefined],
      ["removed", "alert", "ApiSlow", "api-alerts"],
      ["added", "record", "job:http_errors:rate5m", "api-recordings"],
    ]);
    expect(file?.changes[0]?.fields).toEqual([{ field: "interval", before: "1m", after: "30s" }]);
    expect(file?.changes[2]?.fields).toEqual([
      {
        field: "expr",
        after: "sum by (job) (rate(http_errors_total[5m]))",
        lines: ["+ sum by (job) (rate(http_errors_total[5m]))"],
      },
    ]);
    const [regrouped] = diff({ [PROM]: moved }, { [PROM]: movedAfter });
    expect(regrouped?.changes).toEqual([
      {
        status: "changed",
        kind: "alert",
        name: "ApiErrors",
        within: "api-errors",
        fields: [{ field: "group", before: "api-alerts", after: "api-errors" }],
      },
    ]);
  });

  test("rules of one name are told apart by the fewest labels that differ", () => {
    const tier = (id: string, window: string, factor: string) => `      - alert: ApiBudgetBurn
        expr: slo:sli_error:ratio_rate${window} > (${factor} * 0.001)
        labels:
          long_window: ${window}
          severity: page
          slo_tier: ${id}
`;
    const before = ruleFile(tier("page-quick", "1h", "14.4") + tier("page-slow", "6h", "6"));
    const after = ruleFile(tier("page-quick", "1h", "14.4") + tier("page-slow", "6h", "5"));
    const [file] = diff({ [PROM]: before }, { [PROM]: after });
    expect(file?.changes.map((c) => c.name)).toEqual(['ApiBudgetBurn{slo_tier="page-slow"}']);
    expect(file?.changes[0]?.fields[0]?.lines).toEqual([
      "- slo:sli_error:ratio_rate6h > (6 * 0.001)",
      "+ slo:sli_error:ratio_rate6h > (5 * 0.001)",
    ]);
  });

  test("a rule file added or removed lists its rules; other generated files count as files", () => {
    const changes = diff(
      { [PROM]: ruleFile(ERRORS), "tests/api.test.yml": "a: 1\n", "kubernetes/x.yml": "k: 1\n" },
      {
        [LOKI]: ruleFile(ERRORS.replace("ApiErrors", "ApiLogErrors")),
        "tests/api.test.yml": "a: 2\n",
        "kubernetes/x.yml": "k: 1\n",
      },
    );
    expect(
      changes.map((a) => [a.kind, a.status, a.id, a.changes.map((c) => `${c.status} ${c.name}`)]),
    ).toEqual([
      ["rules", "added", LOKI, ["added ApiLogErrors"]],
      ["rules", "removed", PROM, ["removed ApiErrors"]],
      ["file", "changed", "tests/api.test.yml", []],
    ]);
  });
});
