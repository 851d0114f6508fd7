import type { LogAlertRule, LogRuleGroup } from "../../model/log-rule.ts";
import type { Service } from "../../model/service.ts";
import { logPipelines, resultFieldLabel } from "../../logql/analyse.ts";
import { exploreUrl } from "../../logql/explore-url.ts";
import { parseLogQL } from "../../logql/parse.ts";
import { ARTIFACT_PATHS } from "../shared/artifact-paths.ts";
import type { LokiRulesOutput } from "./rule-file.ts";
import { DEFAULT_GRAFANA_SETTINGS } from "../grafana/settings.ts";
import { type AlertCompileLinks, compileAlert, compileRecord } from "../prometheus/compile.ts";
import type { RuleLinkOptions } from "../grafana/alert-links.ts";
import { compilePlainGroup } from "../prometheus/plain-groups.ts";
import type { LokiAlertingRule, LokiRuleFile, LokiRuleGroup } from "./rule-file.ts";
import { compileLogSloGroups } from "./slo-rules.ts";
import { compileCorrelationGroups } from "./correlation-rules.ts";
import { logCorrelationOf } from "../shared/log-correlation.ts";

/** The annotation holding the Grafana Explore link of a log alert. */
export const EXPLORE_ANNOTATION = "explore_url";

/**
 * One Loki ruler file per service: its log groups in authored order, then
 * the SLI groups of its log-based SLOs. Labels and annotations follow the
 * Prometheus target (service, team and severity on alerts), so routing
 * treats log alerts like any other.
 */
export function compileLokiRules(service: Service, options: RuleLinkOptions = {}): LokiRuleFile {
  const links = {
    grafanaUrl: options.grafanaUrl ?? DEFAULT_GRAFANA_SETTINGS.url,
    alertLinks: options.alertLinks,
  };
  return {
    groups: [
      ...service.logGroups.map((group) => compileLogGroup(service, group, links)),
      // Loki rule files in definitions/: written as they are, nothing added.
      ...service.plainLogGroups.map(compilePlainGroup),
      ...service.slos.flatMap((slo) => compileLogSloGroups(service, slo)),
      ...compileCorrelationGroups(service),
    ],
  };
}

/** Whether a service produces a Loki rule file at all. */
export function hasLokiRules(service: Service): boolean {
  return (
    service.logGroups.length > 0 ||
    service.plainLogGroups.length > 0 ||
    service.slos.some((s) => s.sli.kind === "logs") ||
    logCorrelationOf(service) !== undefined
  );
}

/** A service's Loki ruler file with its path and sources, when it has log rules or log SLOs. */
export function lokiRulesFile(
  service: Service,
  sources: string[],
  options: RuleLinkOptions = {},
): LokiRulesOutput | undefined {
  if (!hasLokiRules(service)) return undefined;
  return {
    kind: "loki-rules",
    service: service.name,
    path: ARTIFACT_PATHS.lokiRules(service.name),
    sources,
    content: compileLokiRules(service, options),
  };
}

function compileLogGroup(
  service: Service,
  group: LogRuleGroup,
  links: AlertCompileLinks,
): LokiRuleGroup {
  return {
    name: group.name,
    ...(group.interval !== undefined && { interval: group.interval }),
    ...(group.limit !== undefined && { limit: group.limit }),
    rules: group.rules.map((rule) =>
      rule.kind === "logAlert"
        ? compileLogAlert(service, rule, links)
        : compileRecord(service, rule),
    ),
  };
}

/**
 * A log alert gets two annotations on top of the author's: a Grafana
 * Explore link to the log lines behind it (when the service says where
 * Grafana is), and the trace id in the summary when the query keeps the
 * trace-id label, so the page leads straight to a trace.
 */
export function compileLogAlert(
  service: Service,
  rule: LogAlertRule,
  links: AlertCompileLinks,
): LokiAlertingRule {
  const annotations: LogAlertRule["annotations"] = { ...rule.annotations };
  const parsed = parseLogQL(rule.expr);
  const traceField = service.logs?.fields.traceId ?? "trace_id";
  const traceLabel = resultFieldLabel(rule.expr, traceField, { tree: parsed.tree });
  if (traceLabel !== undefined) {
    const summary = rule.annotations.summary ?? `${rule.name} fired for ${service.name}.`;
    annotations.summary = `${summary} Trace: {{ $labels.${traceLabel} }}`;
  }
  const logQuery = logPipelines(rule.expr, parsed.tree)[0]?.logQuery;
  if (
    service.explore !== undefined &&
    logQuery !== undefined &&
    !(EXPLORE_ANNOTATION in annotations)
  ) {
    annotations[EXPLORE_ANNOTATION] = exploreUrl({
      grafanaUrl: service.explore.grafanaUrl,
      datasourceUid: service.explore.datasourceUid,
      expr: logQuery,
      range: service.explore.range,
      ...(service.explore.orgId !== undefined && { orgId: service.explore.orgId }),
    });
  }
  return compileAlert(service, { ...rule, annotations }, { ...links, alert: { kind: "log" } });
}
