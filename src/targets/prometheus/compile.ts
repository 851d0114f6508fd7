import { compileAnnotations } from "../../model/annotations.ts";
import { sortedLabels } from "../../core/order.ts";
import { dashboardLinkUrl } from "../../model/dashboards.ts";
import type { AlertRule, RecordingRule, RuleGroup } from "../../model/rule.ts";
import type { Service } from "../../model/service.ts";
import { ARTIFACT_PATHS } from "../shared/artifact-paths.ts";
import type { PrometheusRulesOutput } from "./rule-file.ts";
import { DEFAULT_GRAFANA_SETTINGS } from "../grafana/settings.ts";
import {
  type AlertLinks,
  alertLinkAnnotations,
  type LinkedAlert,
  type RuleLinkOptions,
} from "../grafana/alert-links.ts";
import { compileSloGroups, routingLabels } from "./slo-rules.ts";
import { compilePlainGroup } from "./plain-groups.ts";
import { compileCorrelationRules } from "./correlation-rules.ts";
import { logCorrelationOf } from "../shared/log-correlation.ts";
import type {
  PrometheusAlertingRule,
  PrometheusRecordingRule,
  PrometheusRuleFile,
  PrometheusRuleGroup,
} from "./rule-file.ts";

/**
 * One rule file per service. Groups and rules keep their authored order:
 * rules in a group are evaluated in sequence, so a recording rule placed
 * before the alert that reads it is seen in the same evaluation. Authored
 * order is already deterministic; labels and annotations are sorted.
 * Plain groups (imported rule files) follow the service's own groups.
 */
export function compilePrometheusRules(
  service: Service,
  options: RuleLinkOptions = {},
): PrometheusRuleFile {
  const links = {
    grafanaUrl: options.grafanaUrl ?? DEFAULT_GRAFANA_SETTINGS.url,
    alertLinks: options.alertLinks,
  };
  return {
    groups: [
      ...service.groups.map((group) => compileGroup(service, group, links)),
      ...service.plainGroups.map(compilePlainGroup),
      ...service.slos.flatMap((slo) =>
        compileSloGroups(service, slo, { alertLinks: options.alertLinks }),
      ),
      ...compileCorrelationRules(service, links),
    ],
  };
}

/** A service's rule file with its path and sources, when it has rules or SLOs to write. */
export function prometheusRulesFile(
  service: Service,
  sources: string[],
  options: RuleLinkOptions = {},
): PrometheusRulesOutput | undefined {
  if (
    service.groups.length === 0 &&
    service.plainGroups.length === 0 &&
    service.slos.length === 0 &&
    logCorrelationOf(service) === undefined
  )
    return undefined;
  return {
    kind: "prometheus-rules",
    service: service.name,
    path: ARTIFACT_PATHS.prometheusRules(service.name),
    sources,
    content: compilePrometheusRules(service, options),
  };
}

function compileGroup(
  service: Service,
  group: RuleGroup,
  links: AlertCompileLinks,
): PrometheusRuleGroup {
  return {
    name: group.name,
    ...(group.interval !== undefined && { interval: group.interval }),
    ...(group.limit !== undefined && { limit: group.limit }),
    rules: group.rules.map((rule) =>
      rule.kind === "alert" ? compileAlert(service, rule, links) : compileRecord(service, rule),
    ),
  };
}

/** How compileAlert resolves typed dashboard links, and which trace-first links it adds. */
export interface AlertCompileLinks {
  grafanaUrl: string;
  alertLinks?: AlertLinks | undefined;
  /** Default `rule`; Loki passes `log`. */
  alert?: LinkedAlert;
}

/** Also used for Loki log alerts: the rule-file shape and label policy are the same. */
export function compileAlert(
  service: Service,
  rule: Omit<AlertRule, "kind">,
  links: AlertCompileLinks,
): PrometheusAlertingRule {
  const { grafanaUrl } = links;
  const out: PrometheusAlertingRule = { alert: rule.name, expr: rule.expr };
  if (rule.for !== undefined) out.for = rule.for;
  if (rule.keepFiringFor !== undefined) out.keep_firing_for = rule.keepFiringFor;
  out.labels = sortedLabels({
    ...service.labels,
    ...rule.labels,
    ...routingLabels(service, rule.severity),
  });
  const annotations = compileAnnotations(rule.annotations, (value) =>
    typeof value === "string"
      ? value
      : dashboardLinkUrl(value, { fromService: service.name, grafanaUrl }),
  );
  if (links.alertLinks !== undefined) {
    Object.assign(
      annotations,
      alertLinkAnnotations(service, links.alert ?? { kind: "rule" }, {
        links: links.alertLinks,
        existing: annotations,
      }),
    );
  }
  if (Object.keys(annotations).length > 0) out.annotations = sortedLabels(annotations);
  return out;
}

/** Also used for Loki recording rules. */
export function compileRecord(
  service: Service,
  rule: Omit<RecordingRule, "kind">,
): PrometheusRecordingRule {
  const out: PrometheusRecordingRule = { record: rule.name, expr: rule.expr };
  const labels = { ...service.labels, ...rule.labels };
  if (Object.keys(labels).length > 0) out.labels = sortedLabels(labels);
  return out;
}
