import type { Service } from "../../model/service.ts";

/**
 * What a service's dashboards are built from: the service without its rule
 * groups. Generated and custom dashboards read the service's name, team,
 * catalogue, SLOs, logs and dashboard settings, never its rules, so the
 * builders are handed this view (src/targets/grafana/compile.ts) and their
 * parameter types take nothing more. The incremental cache keys a service's
 * dashboards by this view (src/pipeline/incremental.ts): editing an alert
 * rebuilds the rule files, not the dashboards.
 */
export type DashboardInput = Omit<Service, (typeof RULE_FIELDS)[number]>;

/** The fields no dashboard reads. */
const RULE_FIELDS = ["groups", "plainGroups", "logGroups", "plainLogGroups"] as const;

export function dashboardInput(service: Service): DashboardInput {
  const { groups, plainGroups, logGroups, plainLogGroups, ...input } = service;
  return input;
}
