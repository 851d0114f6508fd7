import type { FieldPath } from "../../../diagnostics.ts";

/**
 * Dashboard lint rules, one per file, shaped like the lint framework's
 * LintRule (STYLE.md §2) so they can be adapted to it one to one: an id
 * `dashboard/<name>` (dashboard-linter's rule name without `-rule`), a
 * default severity, the reason, good and bad fixtures, and a pure check.
 */
export type LintSeverity = "error" | "warning" | "info";

export interface DashboardFinding {
  rule: string;
  severity: LintSeverity;
  /** One line: what is wrong and where (panel title, target refId), `expected …, got …`. */
  message: string;
  /** Field path inside the dashboard JSON, e.g. `panels[3].targets[0].expr`. */
  path: FieldPath;
}

export interface DashboardLintContext {
  /**
   * Metric names something defines (catalogue series, recording rules,
   * Prometheus's own such as ALERTS); without it, `dashboard/target-metric-defined` is silent.
   */
  knownMetrics?: ReadonlySet<string>;
}

export interface DashboardLintRule {
  id: `dashboard/${string}`;
  severity: LintSeverity;
  /** Why the rule exists and what to do instead; shown with every finding. */
  docs: string;
  /** Dashboards (JSON) that give no finding of this rule, checked with FIXTURE_CONTEXT. */
  good: readonly unknown[];
  /** Dashboards that give at least one finding of this rule. */
  bad: readonly unknown[];
  check(dashboard: unknown, context?: DashboardLintContext): DashboardFinding[];
}
