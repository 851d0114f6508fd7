import type { KubernetesSettings } from "../../model/estate-settings.ts";
import type { Service } from "../../model/service.ts";
import type { PrometheusRuleFile, PrometheusRuleGroup } from "../prometheus/rule-file.ts";
import { ARTIFACT_PATHS } from "../shared/artifact-paths.ts";
import { resourceMetadata, wantsKubernetes } from "./metadata.ts";
import type { PrometheusRuleOutput, PrometheusRuleResource } from "./resource.ts";

/**
 * Group fields the PrometheusRule CRD has no place for: the API server
 * prunes unknown fields, so the Mimir ruler's would vanish on
 * `kubectl apply`. The build refuses them (src/estate/kubernetes-checks.ts)
 * before this is reached; dropping them here keeps the resource valid for a
 * library caller who skipped the check.
 */
const NOT_IN_CRD = [
  "source_tenants",
  "evaluation_delay",
  "align_evaluation_time_on_interval",
] as const;

function crdGroup(group: PrometheusRuleGroup): PrometheusRuleGroup {
  if (!NOT_IN_CRD.some((k) => group[k] !== undefined)) return group;
  const { source_tenants, evaluation_delay, align_evaluation_time_on_interval, ...rest } = group;
  return rest;
}

/** The PrometheusRule of a rule file: the same groups, in the same order, under `spec`. */
export function prometheusRule(
  service: Service,
  rules: PrometheusRuleFile,
  settings: KubernetesSettings | undefined,
): PrometheusRuleResource {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: resourceMetadata(service, settings),
    spec: { groups: rules.groups.map(crdGroup) },
  };
}

/** `out/kubernetes/<service>.prometheusrule.yml`, when the estate or the service asks for it. */
export function prometheusRuleFile(
  service: Service,
  rules: PrometheusRuleFile,
  options: { sources: string[]; settings: KubernetesSettings | undefined },
): PrometheusRuleOutput | undefined {
  if (!wantsKubernetes(service, options.settings)) return undefined;
  return {
    kind: "kubernetes-prometheusrule",
    service: service.name,
    path: ARTIFACT_PATHS.prometheusRule(service.name),
    sources: options.sources,
    content: prometheusRule(service, rules, options.settings),
  };
}
