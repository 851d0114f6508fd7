import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { defineService, serviceLogs, stream } from "../../src/authoring.ts";
import { toYaml } from "../../src/emit/serialize.ts";
import { parseLogQL } from "../../src/logql/parse.ts";
import { serviceSchema } from "../../src/model/service.ts";
import { compileLokiRules, hasLokiRules } from "../../src/targets/loki/compile.ts";
import { compilePrometheusRules } from "../../src/targets/prometheus/compile.ts";
import { checkRulesText, promtool } from "../helpers/promtool.ts";

type Spec = Parameters<typeof defineService>[0];

function service(logs: Spec["logs"], more: Partial<Spec> = {}) {
  return serviceSchema.parse(
    defineService({ name: "shop", team: "web", ...(logs !== undefined && { logs }), ...more }),
  );
}

const JSON_LOGS = serviceLogs({ selector: stream({ app: "shop" }), format: "json" });
const LOGFMT_LOGS = serviceLogs({
  selector: stream({ app: "worker" }),
  format: "logfmt",
  fields: { traceId: "traceID", spanId: "span.id", level: "severity_text" },
  correlation: { objective: 99.5, requestFields: ["job.id"], for: "30m" },
});

const OTEL_SCOPE =
  'trace_id!="" or span_id!="" or http_request_method!="" or http_method!="" or http_route!="" or url_path!="" or rpc_method!=""';
const VALID =
  '| trace_id=~"^[0-9a-f]{32}$" | trace_id!="00000000000000000000000000000000" | span_id=~"^[0-9a-f]{16}$" | span_id!="0000000000000000"';

describe("Loki correlation rules", () => {
  test("a JSON service: request-scoped and correlated lines per level, read with | json", () => {
    const groups = compileLokiRules(service(JSON_LOGS)).groups;
    expect(groups).toEqual([
      {
        name: "obsforge-log-correlation-shop",
        interval: "1m",
        rules: [
          {
            record: "service_level:log_lines_request_scoped:count5m",
            expr: `sum by (level) (count_over_time({app="shop"} | json | __error__="" | ${OTEL_SCOPE} [5m]))`,
            labels: { service: "shop" },
          },
          {
            record: "service_level:log_lines_correlated:count5m",
            expr: `sum by (level) (count_over_time({app="shop"} | json | __error__="" | ${OTEL_SCOPE} ${VALID} [5m]))`,
            labels: { service: "shop" },
          },
        ],
      },
    ]);
  });

  test("a logfmt service with its own field names and request fields; the level renamed level", () => {
    const [group] = compileLokiRules(service(LOGFMT_LOGS)).groups;
    expect(group!.rules.map((r) => r.expr)).toEqual([
      'sum by (level) (count_over_time({app="worker"} | logfmt | __error__="" | traceID!="" or span_id!="" or job_id!="" | label_format level=severity_text [5m]))',
      'sum by (level) (count_over_time({app="worker"} | logfmt | __error__="" | traceID!="" or span_id!="" or job_id!="" | traceID=~"^[0-9a-f]{32}$" | traceID!="00000000000000000000000000000000" | span_id=~"^[0-9a-f]{16}$" | span_id!="0000000000000000" | label_format level=severity_text [5m]))',
    ]);
  });

  test.for([
    ["JSON", JSON_LOGS],
    ["logfmt", LOGFMT_LOGS],
  ] as const)("every %s rule parses with the LogQL grammar as a metric query", ([, logs]) => {
    for (const rule of compileLokiRules(service(logs)).groups.flatMap((g) => g.rules)) {
      const parsed = parseLogQL(rule.expr);
      expect(parsed.errors, rule.expr).toEqual([]);
      expect(parsed.kind).toBe("metric");
    }
  });

  test("none for correlation: false, for plain-text logs, or without logs", () => {
    const off = service({ ...JSON_LOGS, correlation: false });
    const plain = service({ ...JSON_LOGS, format: "plain" });
    for (const s of [off, plain, service(undefined)]) {
      expect(compileLokiRules(s).groups).toEqual([]);
      expect(hasLokiRules(s)).toBe(false);
    }
    expect(hasLokiRules(service(JSON_LOGS))).toBe(true);
  });

  test("an objective outside 0 < x <= 100 is refused with its path", () => {
    const result = serviceSchema.safeParse(
      defineService({
        name: "shop",
        team: "web",
        logs: { ...JSON_LOGS, correlation: { objective: 101 } },
      }),
    );
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["logs.correlation.objective", "expected a percentage 0 < x <= 100 (e.g. 99)"],
    ]);
  });
});

describe("Prometheus correlation rules", () => {
  const file = compilePrometheusRules(service(LOGFMT_LOGS), {
    grafanaUrl: "https://grafana.example.com",
  });
  const group = file.groups.find((g) => g.name === "obsforge-log-correlation-shop")!;

  test("ratios by level and overall, with the zero fallback, and the alert at the objective", () => {
    const sum = (by: string, name: string) => `sum by (${by}) (${name}{service="shop"})`;
    const ratio = (by: string) =>
      `(${sum(by, "service_level:log_lines_correlated:count5m")} or ${sum(by, "service_level:log_lines_request_scoped:count5m")} * 0) / ${sum(by, "service_level:log_lines_request_scoped:count5m")}`;
    expect(group.rules.map((r) => ("record" in r ? r.record : r.alert))).toEqual([
      "service_level:log_lines_correlated:ratio5m",
      "service:log_lines_correlated:ratio5m",
      "LogTraceCorrelationBelowObjective",
    ]);
    expect(group.rules[0]!.expr).toBe(ratio("service, level"));
    expect(group.rules[1]!.expr).toBe(ratio("service"));
    const alert = group.rules[2]!;
    expect(alert).toMatchObject({
      expr: 'service:log_lines_correlated:ratio5m{service="shop"} < 0.995',
      for: "30m",
      labels: { service: "shop", severity: "ticket", team: "web" },
      annotations: {
        dashboard: "https://grafana.example.com/d/shop-logs",
        summary:
          "Only {{ $value | humanizePercentage }} of shop's request-scoped log lines carry a valid trace id and span id (objective 99.5%).",
      },
    });
  });

  test("promtool check rules accepts the file", () => {
    const run = checkRulesText(toYaml(file));
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  const work = mkdtempSync(join(tmpdir(), "obsforge-correlation-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test("in promtool: a level without correlated lines has share 0, and the alert fires after `for`", () => {
    writeFileSync(join(work, "rules.yml"), toYaml(file));
    const scoped = "service_level:log_lines_request_scoped:count5m";
    const correlated = "service_level:log_lines_correlated:count5m";
    const tests = {
      rule_files: ["rules.yml"],
      evaluation_interval: "1m",
      tests: [
        {
          interval: "1m",
          input_series: [
            { series: `${scoped}{service="shop",level="info"}`, values: "200x40" },
            { series: `${correlated}{service="shop",level="info"}`, values: "199x40" },
            { series: `${scoped}{service="shop",level="error"}`, values: "50x40" },
          ],
          promql_expr_test: [
            {
              expr: 'service_level:log_lines_correlated:ratio5m{service="shop"}',
              eval_time: "5m",
              exp_samples: [
                {
                  labels: `service_level:log_lines_correlated:ratio5m{service="shop",level="error"}`,
                  value: 0,
                },
                {
                  labels: `service_level:log_lines_correlated:ratio5m{service="shop",level="info"}`,
                  value: 0.995,
                },
              ],
            },
            {
              expr: 'service:log_lines_correlated:ratio5m{service="shop"}',
              eval_time: "5m",
              exp_samples: [
                { labels: `service:log_lines_correlated:ratio5m{service="shop"}`, value: 0.796 },
              ],
            },
          ],
          alert_rule_test: [
            { alertname: "LogTraceCorrelationBelowObjective", eval_time: "29m", exp_alerts: [] },
            {
              alertname: "LogTraceCorrelationBelowObjective",
              eval_time: "31m",
              exp_alerts: [
                {
                  exp_labels: { service: "shop", severity: "ticket", team: "web" },
                  exp_annotations: {
                    summary:
                      "Only 79.6% of shop's request-scoped log lines carry a valid trace id and span id (objective 99.5%).",
                    description: (group.rules[2] as { annotations: Record<string, string> })
                      .annotations.description!,
                    dashboard: "https://grafana.example.com/d/shop-logs",
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    writeFileSync(join(work, "rules.test.yml"), toYaml(tests));
    const run = promtool(["test", "rules", "rules.test.yml"], { cwd: work });
    expect(run.stdout + run.stderr).toContain("SUCCESS");
    expect(run.status).toBe(0);
  });
});
