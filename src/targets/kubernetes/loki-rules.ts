import type { KubernetesSettings, LokiOperatorSettings } from "../../model/estate-settings.ts";
import type { Service } from "../../model/service.ts";
import type { LokiRuleFile, LokiRuleGroup } from "../loki/rule-file.ts";
import { ARTIFACT_PATHS } from "../shared/artifact-paths.ts";
import { resourceMetadata } from "./metadata.ts";
import type {
  LokiOperatorAlert,
  LokiOperatorGroup,
  LokiOperatorRecord,
  LokiRuleResourceOutput,
} from "./resource.ts";

/**
 * The Loki operator (loki.grafana.com/v1) takes alerting and recording
 * rules as two kinds of resource, each with the tenant they run for. A
 * service's Loki groups are split by kind, keeping group names, order and
 * intervals; a group holding both kinds appears in both resources (the
 * operator gives each resource its own ruler file, so the names do not
 * clash). Only written when `kubernetes.loki` is set: its tenant has no
 * default.
 */
export function lokiRuleResourceFiles(
  service: Service,
  rules: LokiRuleFile,
  options: { sources: string[]; settings: KubernetesSettings | undefined },
): LokiRuleResourceOutput[] {
  const loki = options.settings?.loki;
  if (loki === undefined) return [];
  const alerts = splitGroups(rules.groups, (r) => ("alert" in r ? alertOf(r) : undefined));
  const records = splitGroups(rules.groups, (r) => ("record" in r ? recordOf(r) : undefined));
  const out: LokiRuleResourceOutput[] = [];
  const base = { service: service.name, sources: options.sources } as const;
  if (alerts.length > 0)
    out.push({
      ...base,
      kind: "kubernetes-loki-rules",
      path: ARTIFACT_PATHS.lokiAlertingRule(service.name),
      content: {
        apiVersion: "loki.grafana.com/v1",
        kind: "AlertingRule",
        metadata: metadataFor(service, options.settings, loki, "-alerts"),
        spec: { tenantID: loki.tenantID, groups: alerts },
      },
    });
  if (records.length > 0)
    out.push({
      ...base,
      kind: "kubernetes-loki-rules",
      path: ARTIFACT_PATHS.lokiRecordingRule(service.name),
      content: {
        apiVersion: "loki.grafana.com/v1",
        kind: "RecordingRule",
        metadata: metadataFor(service, options.settings, loki, "-records"),
        spec: { tenantID: loki.tenantID, groups: records },
      },
    });
  return out;
}

function metadataFor(
  service: Service,
  settings: KubernetesSettings | undefined,
  loki: LokiOperatorSettings,
  suffix: string,
) {
  return resourceMetadata(service, settings, {
    suffix,
    ...(loki.labels !== undefined && { labels: loki.labels }),
  });
}

type Rule = LokiRuleGroup["rules"][number];

function splitGroups<R>(
  groups: readonly LokiRuleGroup[],
  pick: (rule: Rule) => R | undefined,
): LokiOperatorGroup<R>[] {
  const out: LokiOperatorGroup<R>[] = [];
  for (const group of groups) {
    const rules = group.rules.map(pick).filter((r): r is R => r !== undefined);
    if (rules.length === 0) continue;
    out.push({
      name: group.name,
      ...(group.interval !== undefined && { interval: group.interval }),
      ...(group.limit !== undefined && { limit: group.limit }),
      rules,
    });
  }
  return out;
}

/** The operator's alert has no keep_firing_for (its CRD lists alert, expr, for, labels, annotations). */
function alertOf(rule: Rule & { alert: string }): LokiOperatorAlert {
  const { keep_firing_for, ...rest } = rule as LokiOperatorAlert & { keep_firing_for?: string };
  return rest;
}

function recordOf(rule: Rule & { record: string }): LokiOperatorRecord {
  return rule;
}
