import { formatProblem } from "../../src/report/line.ts";
import { describe, expect, test } from "vitest";
import { alert, defineService, eventRatioSli, logAlert, slo } from "../../src/authoring.ts";
import { suggestAnnotation } from "../../src/model/annotations.ts";
import { buildEstate } from "../../src/estate/build.ts";
import { serviceSchema } from "../../src/model/service.ts";
import { compileLokiRules } from "../../src/targets/loki/compile.ts";
import { compilePrometheusRules } from "../../src/targets/prometheus/compile.ts";

const sli = eventRatioSli({
  errorQuery: 'sum(rate(pay_requests_total{code="500"}[{{.window}}]))',
  totalQuery: "sum(rate(pay_requests_total[{{.window}}]))",
});
const LOGQL = 'sum(count_over_time({app="pay"} |= "panic" [5m])) > 0';

/** A service with the same annotations on a hand-written alert, a log alert and an SLO's alerting (both levels). */
function withAnnotations(annotations: Record<string, string>) {
  return defineService({
    name: "pay",
    team: "money",
    groups: [
      {
        name: "g",
        rules: [alert({ name: "Down", expr: "up == 0", severity: "page", annotations })],
      },
    ],
    logGroups: [
      {
        name: "logs",
        rules: [logAlert({ name: "Panics", expr: LOGQL, severity: "page", annotations })],
      },
    ],
    slos: [
      slo({
        name: "requests",
        objective: 99.5,
        sli,
        alerting: { name: "PayBudgetBurn", annotations, ticket: { annotations } },
      }),
    ],
  });
}

function errorsFor(exported: unknown): string[] {
  const r = buildEstate([{ file: "definitions/pay.ts", source: "pay.ts", exported }]);
  return r.ok ? [] : r.diagnostics.map(formatProblem);
}

describe("one annotation vocabulary", () => {
  test("runbookUrl is written runbook_url on hand-written, log and SLO alerts alike", () => {
    const service = serviceSchema.parse(
      withAnnotations({ runbookUrl: "https://runbooks.example.com/pay", playbook: "ops/pay" }),
    );
    const alerts = [
      ...compilePrometheusRules(service).groups,
      ...compileLokiRules(service).groups,
    ].flatMap((g) => g.rules.flatMap((r) => ("alert" in r ? [r] : [])));
    // Down, Panics, PayBudgetBurn page + ticket (the no-data alert has its own text).
    const annotated = alerts.filter((a) => !a.alert.endsWith("NoData"));
    expect(annotated.map((a) => a.alert).sort()).toEqual([
      "Down",
      "Panics",
      "PayBudgetBurn",
      "PayBudgetBurn",
    ]);
    for (const a of annotated) {
      expect(a.annotations?.runbook_url).toBe("https://runbooks.example.com/pay");
      expect(a.annotations?.playbook).toBe("ops/pay");
      expect(a.annotations).not.toHaveProperty("runbookUrl");
    }
  });

  test.for([
    ["runbookURL", "runbook_url"],
    ["RunbookUrl", "runbook_url"],
    ["runbok_url", "runbook_url"],
    ["sumary", "summary"],
    ["sumarry", "summary"],
    ["Summary", "summary"],
    ["descripton", "description"],
    ["dashbord", "dashboard"],
    ["titel", "title"],
  ] as const)(
    "%s is a build error suggesting %s, wherever annotations are written",
    ([key, known]) => {
      const errors = errorsFor(withAnnotations({ [key]: "x" }));
      const field = /^[A-Za-z_]\w*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
      const tail = `: expected a known annotation or a custom one not this close to a known one, got ${JSON.stringify(key)}: did you mean ${JSON.stringify(known)}?`;
      expect(errors).toEqual([
        `definitions/pay.ts: groups[0].rules[0].annotations${field}${tail}`,
        `definitions/pay.ts: slos[0].alerting.annotations${field}${tail}`,
        `definitions/pay.ts: slos[0].alerting.ticket.annotations${field}${tail}`,
        `definitions/pay.ts: logGroups[0].rules[0].annotations${field}${tail}`,
      ]);
    },
  );

  test("runbook-url is one error: a name Prometheus refuses, with the suggestion", () => {
    const tail = `: expected an annotation name matching [a-zA-Z_][a-zA-Z0-9_]* (Prometheus refuses others: invalid annotation name), got "runbook-url": did you mean "runbook_url"?`;
    expect(errorsFor(withAnnotations({ "runbook-url": "x" }))).toEqual([
      `definitions/pay.ts: groups[0].rules[0].annotations["runbook-url"]${tail}`,
      `definitions/pay.ts: slos[0].alerting.annotations["runbook-url"]${tail}`,
      `definitions/pay.ts: slos[0].alerting.ticket.annotations["runbook-url"]${tail}`,
      `definitions/pay.ts: logGroups[0].rules[0].annotations["runbook-url"]${tail}`,
    ]);
  });

  test.for([
    "summary",
    "description",
    "runbook_url",
    "runbookUrl",
    "title",
    "playbook",
    "runbook",
    "dashboard_url",
    "grafana_url",
    "message",
    "impact",
    "team_channel",
    "slack_channel",
    "logs",
    "url",
  ])("%s is a known or a free custom annotation", (key) => {
    expect(suggestAnnotation(key)).toBeUndefined();
    expect(errorsFor(withAnnotations({ [key]: "https://example.com/x" }))).toEqual([]);
  });

  test("runbookUrl and runbook_url together are one annotation given twice", () => {
    const errors = errorsFor(
      withAnnotations({
        runbookUrl: "https://a.example.com",
        runbook_url: "https://b.example.com",
      }),
    );
    expect(errors[0]).toBe(
      'definitions/pay.ts: groups[0].rules[0].annotations.runbook_url: expected one of "runbookUrl" and "runbook_url" (both write the runbook_url annotation), got both',
    );
    expect(errors).toHaveLength(4);
  });

  test("an SLO's runbookUrl must be a URL, as on hand-written alerts", () => {
    const errors = errorsFor(
      defineService({
        name: "pay",
        team: "money",
        slos: [
          slo({ name: "r", objective: 99, sli, alerting: { annotations: { runbookUrl: "wiki" } } }),
        ],
      }),
    );
    expect(errors).toEqual([
      'definitions/pay.ts: slos[0].alerting.annotations.runbookUrl: expected an absolute URL, got "wiki"',
    ]);
  });
});
