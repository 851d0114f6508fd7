import type { Problem } from "../../core/problem.ts";
import type { Estate } from "../../model/estate.ts";
import { BUILTIN_SERIES } from "../catalogue.ts";
import { estateCatalogue } from "../engine.ts";
import type { DashboardCheck } from "../check.ts";
import { DASHBOARD_CHECKS } from "../checks/index.ts";
import { formatProblems } from "../messages.ts";
import { SYNTHETIC_SERIES } from "./read.ts";

/** A dashboard check's problem: the check's id as `code`, `path` inside the dashboard JSON. */
export type DashboardFinding = Problem;

export interface LintDashboardOptions {
  /**
   * Metric names something defines (catalogue series, recording rules,
   * Prometheus's own such as ALERTS); without them,
   * `dashboard/target-metric-defined` is silent.
   */
  knownMetrics?: ReadonlySet<string>;
  /**
   * Labels of catalogued series (`estateSeriesLabels`); without them,
   * `dashboard/target-catalogue-label` is silent.
   */
  seriesLabels?: ReadonlyMap<string, ReadonlySet<string>>;
  /** The checks to run; default every dashboard check. */
  checks?: readonly DashboardCheck[];
}

/**
 * Run the dashboard checks on one dashboard's JSON, at their default
 * severities (no config, no positions: `obsforge lint` adds those); findings
 * in report order (DASHBOARD_CHECKS: dashboard-linter's order), then
 * document order. Any JSON is accepted: exported Grafana dashboards of
 * every vintage as well as obsforge's.
 */
export function lintDashboard(
  dashboard: unknown,
  options: LintDashboardOptions = {},
): DashboardFinding[] {
  const known = options.knownMetrics;
  const labels = options.seriesLabels;
  const ctx = {
    dashboard,
    ...(known !== undefined && { isKnownMetric: (name: string) => known.has(name) }),
    ...(labels !== undefined && { seriesLabels: (name: string) => labels.get(name) }),
  };
  return (options.checks ?? DASHBOARD_CHECKS).flatMap((check) =>
    formatProblems(check, check.check(ctx)).map((p) => ({
      code: check.id,
      severity: p.severity ?? check.severity,
      message: p.message,
      path: p.path ?? [],
    })),
  );
}

/**
 * What a dashboard of this estate may query, as names: every catalogue
 * series (histograms as _bucket/_count/_sum, summaries as the family,
 * _count and _sum), every recorded series (the services' rules, the SLO
 * rules and Loki recording rules) and what Prometheus writes itself.
 */
export function estateMetricNames(estate: Estate): Set<string> {
  const catalogue = estateCatalogue(estate);
  return new Set([
    ...catalogue.series.keys(),
    ...catalogue.recorded.keys(),
    ...BUILTIN_SERIES.keys(),
    ...SYNTHETIC_SERIES,
  ]);
}

/** The labels every catalogued series of the estate may carry, for `lintDashboard`'s `seriesLabels`. */
export function estateSeriesLabels(estate: Estate): ReadonlyMap<string, ReadonlySet<string>> {
  return estateCatalogue(estate).seriesLabels;
}
