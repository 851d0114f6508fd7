import { dashboardUrl, generatedDashboardUid, wantsGenerated } from "../../model/dashboards.ts";
import { formatNumber } from "../../core/numbers.ts";
import { selector } from "../../promql/query.ts";
import type { Service } from "../../model/service.ts";
import { exploreUrl } from "../../logql/explore-url.ts";
import { logQuery } from "../../logql/query.ts";
import { invalidIds, scopedLines } from "../shared/correlation-queries.ts";
import {
  CORRELATION_ALERT,
  CORRELATION_RECORDS,
  correlationGroupName,
  logCorrelationOf,
} from "../shared/log-correlation.ts";
import { type AlertCompileLinks, compileAlert, compileRecord } from "./compile.ts";
import type { PrometheusRuleGroup } from "./rule-file.ts";

/**
 * The Prometheus half of a service's log–trace correlation objective: the
 * share of request-scoped lines with valid ids, by level and overall, from
 * the counts Loki records (loki/correlation-rules.ts), and an alert when
 * the overall share stays under the objective.
 */
export function compileCorrelationRules(
  service: Service,
  links: AlertCompileLinks,
): PrometheusRuleGroup[] {
  const correlation = logCorrelationOf(service);
  if (correlation === undefined) return [];
  const own = { service: service.name };
  const objective = correlation.objective / 100;
  const annotations: Record<string, string> = {
    summary: `Only {{ $value | humanizePercentage }} of ${service.name}'s request-scoped log lines carry a valid trace id and span id (objective ${formatNumber(correlation.objective)}%).`,
    description: `Log lines of ${service.name} written while serving a request lack ${correlation.traceId} or ${correlation.spanId}, or have malformed ones, so they do not lead to their traces. Run obsforge lint-logs --service ${service.name} on a sample of the stream to see which lines.`,
  };
  // With trace-first links configured, they give the logs dashboard (with the estate's orgId).
  if (links.alertLinks === undefined && wantsGenerated(service.dashboards, "logs"))
    annotations.dashboard = dashboardUrl(
      links.grafanaUrl,
      generatedDashboardUid(service.name, "logs"),
      {},
    );
  if (service.explore !== undefined)
    annotations.explore_url = exploreUrl({
      grafanaUrl: service.explore.grafanaUrl,
      datasourceUid: service.explore.datasourceUid,
      expr: logQuery(correlation.selector, [...scopedLines(correlation), invalidIds(correlation)]),
      range: service.explore.range,
      ...(service.explore.orgId !== undefined && { orgId: service.explore.orgId }),
    });
  return [
    {
      name: correlationGroupName(service.name),
      rules: [
        compileRecord(service, {
          name: CORRELATION_RECORDS.ratioByLevel,
          expr: ratio(["service", "level"], own),
          labels: {},
        }),
        compileRecord(service, {
          name: CORRELATION_RECORDS.ratio,
          expr: ratio(["service"], own),
          labels: {},
        }),
        compileAlert(
          service,
          {
            name: CORRELATION_ALERT,
            expr: `${selector(CORRELATION_RECORDS.ratio, own)} < ${formatNumber(objective)}`,
            for: correlation.for,
            severity: "ticket",
            labels: {},
            annotations,
          },
          // The alert is about the stream: trace-first links open its logs dashboard.
          { ...links, alert: { kind: "log" } },
        ),
      ],
    },
  ];
}

/**
 * Correlated over request-scoped lines. A level with no correlated line
 * has no correlated series at all, and a plain division would drop it
 * (the share is 0, not unknown): the numerator falls back to the
 * request-scoped count times zero.
 */
function ratio(by: readonly string[], own: Record<string, string>): string {
  const sum = (name: string) => `sum by (${by.join(", ")}) (${selector(name, own)})`;
  const scoped = sum(CORRELATION_RECORDS.requestScoped);
  return `(${sum(CORRELATION_RECORDS.correlated)} or ${scoped} * 0) / ${scoped}`;
}
