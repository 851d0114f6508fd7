import { EXPOSITION_CHECKS, METRIC_CHECKS } from "./metric-index.ts";
import type { DashboardCheck, Check, LogqlCheck } from "../check.ts";
import { aggregationDropsLabel } from "./alert/aggregation-drops-label.ts";
import { forOnPage } from "./alert/for-on-page.ts";
import { missingRunbook } from "./alert/missing-runbook.ts";
import { missingSummary } from "./alert/missing-summary.ts";
import { templateSyntax } from "./alert/template-syntax.ts";
import { unknownLabel } from "./alert/unknown-label.ts";
import { unknownCheckId } from "./lint/unknown-rule.ts";
import { catalogueLabel } from "./promql/catalogue-label.ts";
import { counterWithoutRate } from "./promql/counter-without-rate.ts";
import { histogramQuantileLe } from "./promql/histogram-quantile-le.ts";
import { rateNonCounter } from "./promql/rate-non-counter.ts";
import { rateWindow } from "./promql/rate-window.ts";
import { regexAlwaysTrue } from "./promql/regex-always-true.ts";
import { regexLiteralCheck } from "./promql/regex-literal.ts";
import { undefinedMetric } from "./promql/undefined-metric.ts";
import { duplicateName } from "./rule/duplicate-name.ts";
import { recordName } from "./rule/record-name.ts";
import { panelDatasource } from "./dashboard/panel-datasource.ts";
import { panelLayout } from "./dashboard/panel-layout.ts";
import { panelNoTargets } from "./dashboard/panel-no-targets.ts";
import { panelTitleDescription } from "./dashboard/panel-title-description.ts";
import { panelUnits } from "./dashboard/panel-units.ts";
import { targetCatalogueLabel } from "./dashboard/target-catalogue-label.ts";
import { targetCounterAgg } from "./dashboard/target-counter-agg.ts";
import { targetInstance } from "./dashboard/target-instance.ts";
import { targetJob } from "./dashboard/target-job.ts";
import { targetLogqlAuto } from "./dashboard/target-logql-auto.ts";
import { targetLogql } from "./dashboard/target-logql.ts";
import { targetMetricDefined } from "./dashboard/target-metric-defined.ts";
import { targetPromql } from "./dashboard/target-promql.ts";
import { targetRateInterval } from "./dashboard/target-rate-interval.ts";
import { templateDatasource } from "./dashboard/template-datasource.ts";
import { templateInstance } from "./dashboard/template-instance.ts";
import { templateJob } from "./dashboard/template-job.ts";
import { templateLabelPromql } from "./dashboard/template-label-promql.ts";
import { templateOnTimeChangeReload } from "./dashboard/template-on-time-change-reload.ts";
import { titleUid } from "./dashboard/title-uid.ts";
import { uneditableDashboard } from "./dashboard/uneditable-dashboard.ts";
import { filterBeforeParser } from "./logql/filter-before-parser.ts";
import { parserFormat } from "./logql/parser-format.ts";
import { rangeUnderInterval } from "./logql/range-under-interval.ts";
import { unboundedJson } from "./logql/unbounded-json.ts";

/**
 * The dashboard rules in dashboard-linter's order (template, panel, target,
 * dashboard), then obsforge's own (title-uid, panel-layout,
 * target-metric-defined, target-catalogue-label); lintDashboard reports in
 * this order.
 */
export const DASHBOARD_CHECKS: readonly DashboardCheck[] = [
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
  targetCatalogueLabel,
];

/** The LogQL rules, which the build also runs to print warnings. */
export const LOGQL_CHECKS: readonly LogqlCheck[] = [
  filterBeforeParser,
  parserFormat,
  rangeUnderInterval,
  unboundedJson,
];

/** Every lint rule, by id. Adding a rule means adding its file and a line here; a test checks both. */
export const CHECKS: readonly Check[] = [
  aggregationDropsLabel,
  forOnPage,
  missingRunbook,
  missingSummary,
  templateSyntax,
  unknownLabel,
  ...EXPOSITION_CHECKS,
  ...METRIC_CHECKS,
  ...DASHBOARD_CHECKS,
  unknownCheckId,
  ...LOGQL_CHECKS,
  catalogueLabel,
  counterWithoutRate,
  histogramQuantileLe,
  rateNonCounter,
  rateWindow,
  regexAlwaysTrue,
  regexLiteralCheck,
  undefinedMetric,
  duplicateName,
  recordName,
];

export function findCheck(id: string): Check | undefined {
  return CHECKS.find((r) => r.id === id);
}

/** Every registered rule id, for checks of `disable` lists and config files. */
export function knownCheckIds(): ReadonlySet<string> {
  return new Set(CHECKS.map((r) => r.id));
}
