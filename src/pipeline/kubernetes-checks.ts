import type { Problem } from "../core/problem.ts";
import type { Estate } from "../model/estate.ts";
import { resourceMetadata, wantsKubernetes } from "../targets/kubernetes/metadata.ts";

/** Mimir ruler group fields, as the model names them, and as the rule file spells them. */
const MIMIR_GROUP_FIELDS = [
  ["sourceTenants", "source_tenants"],
  ["evaluationDelay", "evaluation_delay"],
  ["alignEvaluationTimeOnInterval", "align_evaluation_time_on_interval"],
] as const;

/**
 * What a Kubernetes resource cannot carry, refused before anything is
 * written: the API server prunes fields its CRD does not list, so they
 * would vanish silently on `kubectl apply`; and two services whose
 * resources share a namespace and name would overwrite each other.
 */
export function checkKubernetesResources(estate: Estate): Problem[] {
  const settings = estate.settings?.kubernetes;
  const out: Problem[] = [];
  const seen = new Map<string, string>();
  for (const { file, value: service } of estate.services) {
    if (!wantsKubernetes(service, settings)) continue;
    const error = (path: Problem["path"], message: string, code = "kubernetes/unsupported-field") =>
      out.push({ code, severity: "error", file, path, message });
    service.plainGroups.forEach((group, g) => {
      for (const [field, spelled] of MIMIR_GROUP_FIELDS)
        if (group[field] !== undefined)
          error(
            ["plainGroups", g, field],
            `expected no Mimir ruler field in a PrometheusRule (the CRD has no ${spelled}; the API server would drop it), got one: deploy this group to the Mimir ruler instead`,
          );
    });
    if (settings?.loki !== undefined)
      service.logGroups.forEach((group, g) => {
        group.rules.forEach((rule, r) => {
          if (rule.kind === "logAlert" && rule.keepFiringFor !== undefined)
            error(
              ["logGroups", g, "rules", r, "keepFiringFor"],
              "expected no keepFiringFor on a log alert written as a Loki operator AlertingRule (its CRD has no keep_firing_for), got one",
            );
        });
      });
    const { name, namespace } = resourceMetadata(service, settings);
    const key = `${namespace ?? ""}/${name}`;
    const first = seen.get(key);
    if (first !== undefined)
      error(
        service.kubernetes?.name !== undefined ? ["kubernetes", "name"] : ["name"],
        `expected a PrometheusRule name unique in its namespace, got ${JSON.stringify(name)}, which ${first} has too: set kubernetes.name`,
        "kubernetes/duplicate-name",
      );
    else seen.set(key, `service ${JSON.stringify(service.name)} (${file})`);
  }
  return out;
}
