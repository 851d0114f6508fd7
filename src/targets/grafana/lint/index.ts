import type { Estate } from "../../../model/estate.ts";
import { compilePrometheusRules } from "../../prometheus/compile.ts";
import { panelDatasource } from "./panel-datasource.ts";
import { panelLayout } from "./panel-layout.ts";
import { panelNoTargets } from "./panel-no-targets.ts";
import { panelTitleDescription } from "./panel-title-description.ts";
import { panelUnits } from "./panel-units.ts";
import { SYNTHETIC_SERIES } from "./read.ts";
import { targetCounterAgg } from "./target-counter-agg.ts";
import { targetInstance } from "./target-instance.ts";
import { targetJob } from "./target-job.ts";
import { targetLogql } from "./target-logql.ts";
import { targetLogqlAuto } from "./target-logql-auto.ts";
import { targetMetricDefined } from "./target-metric-defined.ts";
import { targetPromql } from "./target-promql.ts";
import { targetRateInterval } from "./target-rate-interval.ts";
import { templateDatasource } from "./template-datasource.ts";
import { templateInstance } from "./template-instance.ts";
import { templateJob } from "./template-job.ts";
import { templateLabelPromql } from "./template-label-promql.ts";
import { templateOnTimeChangeReload } from "./template-on-time-change-reload.ts";
import { titleUid } from "./title-uid.ts";
import type { DashboardFinding, DashboardLintContext, DashboardLintRule } from "./types.ts";
import { uneditableDashboard } from "./uneditable-dashboard.ts";

/**
 * Every dashboard rule, in dashboard-linter's order (template, panel,
 * target, dashboard), then obsforge's own (title-uid, panel-layout,
 * target-metric-defined).
 */
export const DASHBOARD_RULES: readonly DashboardLintRule[] = [
  templateDatasource,
  templateJob,
  templateInstance,
  templateLabelPromql,
  templateOnTimeChangeReload,
  panelDatasource,
  panelTitleDescription,
  panelUnits,
  panelNoTargets,
  targetPromql,
  targetLogql,
  targetLogqlAuto,
  targetRateInterval,
  targetCounterAgg,
  targetJob,
  targetInstance,
  uneditableDashboard,
  titleUid,
  panelLayout,
  targetMetricDefined,
];

/** Run every rule (or the given ones) on one dashboard's JSON; findings in rule order, then document order. */
export function lintDashboard(
  dashboard: unknown,
  options: { context?: DashboardLintContext; rules?: readonly DashboardLintRule[] } = {},
): DashboardFinding[] {
  return (options.rules ?? DASHBOARD_RULES).flatMap((rule) =>
    rule.check(dashboard, options.context),
  );
}

/**
 * What a dashboard of this estate may query: every catalogue series
 * (histograms as _bucket/_count/_sum, summaries as the family, _count and
 * _sum), every recorded series (the services' rules and the SLO rules), and
 * what Prometheus writes itself.
 */
export function estateMetricNames(estate: Estate): Set<string> {
  const names = new Set<string>([
    ...SYNTHETIC_SERIES,
    "up",
    "scrape_duration_seconds",
    "scrape_samples_scraped",
  ]);
  for (const { value: service } of estate.services) {
    for (const m of service.metrics) {
      if (m.type === "histogram")
        for (const s of ["_bucket", "_count", "_sum"]) names.add(m.name + s);
      else if (m.type === "summary") for (const s of ["", "_count", "_sum"]) names.add(m.name + s);
      else names.add(m.name);
    }
    for (const group of compilePrometheusRules(service).groups) {
      for (const rule of group.rules) if ("record" in rule) names.add(rule.record);
    }
  }
  return names;
}

export type {
  DashboardFinding,
  DashboardLintContext,
  DashboardLintRule,
  LintSeverity,
} from "./types.ts";
