import type { Estate } from "../model/estate.ts";
import type { Service } from "../model/service.ts";
import type { Slo } from "../model/slo.ts";
import { sloGroupNames } from "../slo/conventions.ts";
import { compilePrometheusRules } from "../targets/prometheus/compile.ts";
import type {
  PrometheusAlertingRule,
  PrometheusRuleGroup,
} from "../targets/prometheus/rule-file.ts";
import { sloAlerts } from "../targets/prometheus/slo-rules.ts";

/** The compiled rule groups of one service, and which SLO (if any) each belongs to. */
export interface EstateGroup {
  service: Service;
  slo: Slo | undefined;
  /** `<service>/<slo>`, or undefined for the service's own groups. */
  sloKey: string | undefined;
  group: PrometheusRuleGroup;
}

export function sloKey(service: { name: string }, slo: { name: string }): string {
  return `${service.name}/${slo.name}`;
}

/** `<slo>` or `<service>/<slo>`, as explain's `--slo` reads it. */
export function sloMatches(filter: string | undefined, service: Service, slo: Slo): boolean {
  return filter === undefined || filter === slo.name || filter === sloKey(service, slo);
}

/** Every compiled Prometheus group of the estate, in the order the rule files hold them. */
export function estateGroups(estate: Estate): EstateGroup[] {
  const out: EstateGroup[] = [];
  for (const { value: service } of estate.services) {
    const bySlo = new Map<string, Slo>();
    for (const slo of service.slos) {
      const names = sloGroupNames(service, slo);
      for (const n of [names.sli, names.meta, names.alerts]) bySlo.set(n, slo);
    }
    for (const group of compilePrometheusRules(service).groups) {
      const slo = bySlo.get(group.name);
      out.push({ service, slo, sloKey: slo && sloKey(service, slo), group });
    }
  }
  return out;
}

/** Keep only the alerts named `alert` (recording rules stay; the replay drops those no alert reads). */
export function onlyAlert(
  group: PrometheusRuleGroup,
  alert: string | undefined,
): PrometheusRuleGroup {
  if (alert === undefined) return group;
  return { ...group, rules: group.rules.filter((r) => !("alert" in r) || r.alert === alert) };
}

/** The SLO tier an alert rule is (`page-quick`; `no-data`), from the same function that wrote it. */
export function sloTierOf(service: Service, slo: Slo, rule: PrometheusAlertingRule): string | null {
  const made = sloAlerts(service, slo).find(
    (a) => a.rule.alert === rule.alert && a.rule.expr === rule.expr,
  );
  if (made === undefined) return null;
  return made.kind === "no-data" ? "no-data" : made.tiers.map((t) => t.id).join("+");
}

/**
 * The noise budget the definitions give an alert: its level's for an SLO
 * tier (`page.maxFiresPerWeek`), the rule's own for a plain alert.
 */
export function maxFiresPerWeekOf(
  g: EstateGroup,
  rule: PrometheusAlertingRule,
): number | undefined {
  if (g.slo !== undefined) {
    const tier = sloTierOf(g.service, g.slo, rule);
    if (tier === null || tier === "no-data") return undefined;
    return g.slo.alerting[tier.startsWith("page") ? "page" : "ticket"].maxFiresPerWeek;
  }
  for (const group of g.service.groups) {
    if (group.name !== g.group.name) continue;
    for (const r of group.rules)
      if (r.kind === "alert" && r.name === rule.alert) return r.maxFiresPerWeek;
  }
  return undefined;
}
