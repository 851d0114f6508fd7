import { formatProblem } from "../../src/report/line.ts";
import { describe, expect, test } from "vitest";
import { alert, defineService, eventRatioSli, logAlert, slo } from "../../src/authoring.ts";
import { buildEstate } from "../../src/estate/build.ts";
import { serviceSchema } from "../../src/model/service.ts";
import { compilePrometheusRules } from "../../src/targets/prometheus/compile.ts";

const sli = eventRatioSli({
  errorQuery: 'sum(rate(pay_requests_total{code="500"}[{{.window}}]))',
  totalQuery: "sum(rate(pay_requests_total[{{.window}}]))",
});

function errorsFor(overrides: Record<string, unknown>): string[] {
  const exported = defineService({ name: "pay", team: "money", ...overrides });
  const r = buildEstate([{ file: "definitions/pay.ts", source: "pay.ts", exported }]);
  return r.ok ? [] : r.diagnostics.map(formatProblem);
}

describe("severity, team and service are set by obsforge, never through a labels map", () => {
  test.for([
    [
      "service labels (added to every rule)",
      { labels: { team: "other" } },
      'definitions/pay.ts: labels.team: expected no "team" label (obsforge sets it on every alert from the service\'s team field), got "other"',
    ],
    [
      "service labels: severity",
      { labels: { severity: "critical" } },
      'definitions/pay.ts: labels.severity: expected no "severity" label (obsforge sets it on every alert from each alert\'s severity field), got "critical"',
    ],
    [
      "SLO labels (on every SLI series, so on every alert reading them)",
      { slos: [slo({ name: "a", objective: 99, sli, labels: { service: "billing" } })] },
      'definitions/pay.ts: slos[0].labels.service: expected no "service" label (obsforge sets it on every alert from the service\'s name), got "billing"',
    ],
    [
      "SLO alerting labels",
      {
        slos: [slo({ name: "a", objective: 99, sli, alerting: { labels: { severity: "p1" } } })],
      },
      'definitions/pay.ts: slos[0].alerting.labels.severity: expected no "severity" label (obsforge sets it on every alert from page.severity, ticket.severity and noData.severity), got "p1"',
    ],
    [
      "an SLO alert level's labels",
      {
        slos: [
          slo({
            name: "a",
            objective: 99,
            sli,
            alerting: { ticket: { labels: { team: "ops" } } },
          }),
        ],
      },
      'definitions/pay.ts: slos[0].alerting.ticket.labels.team: expected no "team" label (obsforge sets it on every alert from the service\'s team field), got "ops"',
    ],
    [
      "a log alert's labels",
      {
        logGroups: [
          {
            name: "logs",
            rules: [
              logAlert({
                name: "Panics",
                expr: 'sum(count_over_time({app="pay"} |= "panic" [5m])) > 0',
                severity: "page",
                labels: { service: "x" },
              }),
            ],
          },
        ],
      },
      'definitions/pay.ts: logGroups[0].rules[0].labels.service: expected no "service" label (obsforge sets it on every alert from the service\'s name), got "x"',
    ],
  ] as const)("%s", ([, overrides, error]) => {
    expect(errorsFor(overrides as Record<string, unknown>)).toEqual([error]);
  });

  test("other labels stay allowed everywhere", () => {
    expect(
      errorsFor({
        labels: { tier: "1", owner: "money" },
        groups: [
          {
            name: "g",
            rules: [alert({ name: "A", expr: "up == 0", severity: "page", labels: { tier: "0" } })],
          },
        ],
        slos: [
          slo({
            name: "a",
            objective: 99,
            sli,
            labels: { category: "availability" },
            alerting: { labels: { routing_key: "pay" }, page: { labels: { channel: "#pay" } } },
          }),
        ],
      }),
    ).toEqual([]);
  });
});

describe("SLO alerts carry the routing labels hand-written alerts carry", () => {
  const service = serviceSchema.parse(
    defineService({
      name: "pay",
      team: "money",
      labels: { tier: "1" },
      groups: [{ name: "g", rules: [alert({ name: "Down", expr: "up == 0", severity: "page" })] }],
      slos: [
        slo({
          name: "requests",
          objective: 99.5,
          sli,
          labels: { category: "availability" },
          alerting: {
            name: "PayBudgetBurn",
            ticket: { severity: "info" },
            noData: { severity: "page" },
          },
        }),
      ],
    }),
  );
  const rules = compilePrometheusRules(service).groups.flatMap((g) =>
    g.rules.flatMap((r) => ("alert" in r ? [r] : [])),
  );

  test("burn-rate alerts: severity from the level (page by default, in Sloth mode too), team, service", () => {
    const burn = rules.filter((r) => r.alert === "PayBudgetBurn");
    expect(burn.map((r) => r.labels)).toEqual([
      { service: "pay", severity: "page", sloth_severity: "page", team: "money" },
      { service: "pay", severity: "info", sloth_severity: "ticket", team: "money" },
    ]);
  });

  test("the no-data alert also gets the service and SLO labels absent() cannot carry", () => {
    expect(rules.find((r) => r.alert === "PayBudgetBurnNoData")?.labels).toEqual({
      category: "availability",
      service: "pay",
      severity: "page",
      sloth_id: "pay-requests",
      sloth_service: "pay",
      sloth_slo: "requests",
      team: "money",
      tier: "1",
    });
  });

  test("hand-written alerts: unchanged", () => {
    expect(rules.find((r) => r.alert === "Down")?.labels).toEqual({
      service: "pay",
      severity: "page",
      team: "money",
      tier: "1",
    });
  });
});
