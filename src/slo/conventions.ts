/**
 * Sloth's naming conventions (internal/prometheus/conventions.go): series
 * names, labels and group names are kept identical so Sloth's Grafana
 * dashboards and anything else keyed on them work unchanged.
 */
export const SLI_ERROR_RECORD = (window: string) => `slo:sli_error:ratio_rate${window}`;
export const OBJECTIVE_RECORD = "slo:objective:ratio";
export const ERROR_BUDGET_RECORD = "slo:error_budget:ratio";
export const TIME_PERIOD_RECORD = "slo:time_period:days";
export const CURRENT_BURN_RATE_RECORD = "slo:current_burn_rate:ratio";
export const PERIOD_BURN_RATE_RECORD = "slo:period_burn_rate:ratio";
export const BUDGET_REMAINING_RECORD = "slo:period_error_budget_remaining:ratio";
export const INFO_RECORD = "sloth_slo_info";

interface Named {
  name: string;
}

/** Identity of an SLO's series: sloth_id = <service>-<slo>. */
export function sloIds(service: Named, slo: Named): Record<string, string> {
  return {
    sloth_id: `${service.name}-${slo.name}`,
    sloth_service: service.name,
    sloth_slo: slo.name,
  };
}

export function sloGroupNames(
  service: Named,
  slo: Named,
): { sli: string; meta: string; alerts: string } {
  const id = `${service.name}-${slo.name}`;
  return {
    sli: `sloth-slo-sli-recordings-${id}`,
    meta: `sloth-slo-meta-recordings-${id}`,
    alerts: `sloth-slo-alerts-${id}`,
  };
}

/** Default alert name when the SLO names none: `checkout-api` + `availability` → `CheckoutApiAvailabilityBudgetBurn`. */
export function defaultSloAlertName(service: Named, slo: Named): string {
  const pascal = `${service.name}-${slo.name}`
    .split(/[-_]/)
    .filter((p) => p !== "")
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join("");
  return /^[A-Za-z]/.test(pascal) ? `${pascal}BudgetBurn` : `Slo${pascal}BudgetBurn`;
}
