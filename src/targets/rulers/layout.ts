import { compareStrings } from "../../core/order.ts";
import type { Estate, Sourced } from "../../model/estate.ts";
import type { RulersSettings } from "../../model/rulers.ts";
import type { Service } from "../../model/service.ts";
import { hasLokiRules } from "../loki/compile.ts";
import { ARTIFACT_PATHS } from "../shared/artifact-paths.ts";
import { RULERS, type Ruler } from "./ruler-file.ts";

/** One namespace file of the layout: which ruler, tenant and services it holds. */
export interface PlannedNamespace {
  ruler: Ruler;
  tenant?: string;
  namespace: string;
  path: string;
  /** In estate order (by service name), so groups follow one another the same way every build. */
  services: Sourced<Service>[];
}

/** Whether a service has anything for this ruler: Prometheus rules for Mimir, log rules for Loki. */
export function hasRulesFor(ruler: Ruler, service: Service): boolean {
  if (ruler === "loki") return hasLokiRules(service);
  return service.groups.length > 0 || service.plainGroups.length > 0 || service.slos.length > 0;
}

/** The tenants a service's rules go to: every tenant naming its team or its name. */
export function tenantsOf(service: Service, settings: RulersSettings): string[] | undefined {
  if (settings.tenants === undefined) return undefined;
  return Object.entries(settings.tenants)
    .filter(([, t]) => t.teams.includes(service.team) || t.services.includes(service.name))
    .map(([id]) => id)
    .sort(compareStrings);
}

/** The namespace a service's rules sit in. */
export function namespaceOf(service: Service, settings: RulersSettings): string {
  return settings.namespaceBy === "team" ? service.team : service.name;
}

/**
 * Every namespace file, sorted by path: per ruler, per tenant (when there
 * are tenants), one file per namespace named after it. Names come from
 * service and team names alone, so they are the same in every build.
 */
export function planRulerLayout(estate: Estate, settings: RulersSettings): PlannedNamespace[] {
  const byPath = new Map<string, PlannedNamespace>();
  for (const ruler of RULERS) {
    for (const sourced of estate.services) {
      if (!hasRulesFor(ruler, sourced.value)) continue;
      const namespace = namespaceOf(sourced.value, settings);
      for (const tenant of tenantsOf(sourced.value, settings) ?? [undefined]) {
        const path = ARTIFACT_PATHS.rulerNamespace(ruler, tenant, namespace);
        let planned = byPath.get(path);
        if (planned === undefined) {
          planned = {
            ruler,
            namespace,
            path,
            services: [],
            ...(tenant !== undefined && { tenant }),
          };
          byPath.set(path, planned);
        }
        planned.services.push(sourced);
      }
    }
  }
  return [...byPath.values()].sort((a, b) => compareStrings(a.path, b.path));
}
