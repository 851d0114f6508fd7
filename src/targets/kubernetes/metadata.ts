import { sortedLabels } from "../../core/order.ts";
import type { KubernetesSettings } from "../../model/estate-settings.ts";
import type { Service } from "../../model/service.ts";
import type { ObjectMeta } from "./resource.ts";

/** Set on every resource, so `kubectl get prometheusrules -l app.kubernetes.io/managed-by=obsforge` lists them. */
export const MANAGED_BY = { "app.kubernetes.io/managed-by": "obsforge" } as const;

/**
 * Whether a service gets Kubernetes resources: the estate asks for them
 * (`kubernetes` in estate.json) or the service does (its own `kubernetes`
 * field, which an imported Sloth PrometheusServiceLevel sets). Opt-in: an
 * estate that loads rule files directly would otherwise carry a second copy
 * of every rule in out/ and in every review diff.
 */
export function wantsKubernetes(
  service: Service,
  settings: KubernetesSettings | undefined,
): boolean {
  return settings !== undefined || service.kubernetes !== undefined;
}

/** A service name as a Kubernetes name: service names allow `_`, Kubernetes names do not. */
export function defaultResourceName(service: string): string {
  return service.replaceAll("_", "-");
}

/**
 * The service's resource metadata: its own name and namespace over the
 * estate's, labels merged (the service's win), keys sorted.
 */
export function resourceMetadata(
  service: Service,
  settings: KubernetesSettings | undefined,
  options: { suffix?: string; labels?: Record<string, string> } = {},
): ObjectMeta {
  const own = service.kubernetes;
  const namespace = own?.namespace ?? settings?.namespace;
  return {
    name: (own?.name ?? defaultResourceName(service.name)) + (options.suffix ?? ""),
    ...(namespace !== undefined && { namespace }),
    labels: sortedLabels({
      ...settings?.labels,
      ...options.labels,
      ...own?.labels,
      ...MANAGED_BY,
    }),
  };
}
