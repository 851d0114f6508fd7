// The public API: re-exports only. Everything the CLI does is a call here.
export {
  alert,
  availabilitySli,
  dashboard,
  dashboardLink,
  defineService,
  eventRatioSli,
  group,
  latencySli,
  metric,
  rawSli,
  record,
  row,
  slo,
} from "./authoring.ts";
export {
  type Diagnostic,
  type FieldPath,
  formatDiagnostic,
  formatPath,
  type Result,
  type Severity,
} from "./diagnostics.ts";
export type { Artifact } from "./emit/artifact.ts";
export { compareOutput, isFresh, type Staleness } from "./emit/compare.ts";
export { manifestArtifact, sha256 } from "./emit/manifest.ts";
export { toJson, toYaml } from "./emit/serialize.ts";
export { writeOutput } from "./emit/write.ts";
export { escapeRegex, quoteString, unquoteString } from "./escape/string-literal.ts";
export { loadDefinitions } from "./load/definitions.ts";
export { type Duration, durationSeconds, formatDuration } from "./model/duration.ts";
export { buildEstate, type Estate, type RawDefinition, type Sourced } from "./model/estate.ts";
export { serviceJsonSchema } from "./model/json-schema.ts";
export { type Metric, type MetricInput, type MetricType, metricSchema } from "./model/metric.ts";
export {
  type AlertRule,
  type AlertRuleInput,
  alertRuleSchema,
  type RecordingRule,
  type RecordingRuleInput,
  type Rule,
  type RuleGroup,
  type RuleGroupInput,
  recordingRuleSchema,
  ruleGroupSchema,
  type Severity as AlertSeverity,
} from "./model/rule.ts";
export {
  type CustomDashboard,
  type CustomDashboardInput,
  customDashboardUid,
  type DashboardLink,
  type DashboardLinkInput,
  dashboardUrl,
  GENERATED_KINDS,
  type GeneratedKind,
  generatedDashboardUid,
} from "./model/dashboards.ts";
export { type Service, type ServiceInput, serviceSchema } from "./model/service.ts";
export { type CompileOptions, compileEstate } from "./pipeline/compile.ts";
export {
  buildProject,
  checkProject,
  type Compiled,
  compileProject,
  type ProjectOptions,
} from "./pipeline/project.ts";
export {
  formatPosition,
  type ParsedPromQL,
  parsePromQL,
  type SyntaxErrorInfo,
} from "./promql/parse.ts";
export {
  eq,
  type Matcher,
  type Matchers,
  matchers,
  neq,
  nre,
  oneOf,
  re,
  selector,
} from "./promql/query.ts";
export { checkDashboards } from "./targets/grafana/check.ts";
export {
  type CompiledDashboard,
  compileDashboards,
  compileGrafana,
  generatedKinds,
} from "./targets/grafana/compile.ts";
export {
  buildDashboard,
  type DashboardRowSpec,
  type DashboardSpec,
  instanceVariable,
  jobVariable,
  labelVariable,
} from "./targets/grafana/dashboard.ts";
export { type GridPos, type GridSize, placeRows, type RowInput } from "./targets/grafana/layout.ts";
export {
  DASHBOARD_RULES,
  type DashboardFinding,
  type DashboardLintContext,
  type DashboardLintRule,
  estateMetricNames,
  lintDashboard,
} from "./targets/grafana/lint/index.ts";
export {
  type DataPanelOptions,
  gaugePanel,
  type GrafanaUnit,
  heatmapPanel,
  logsPanel,
  type PanelBuilder,
  type PanelOptions,
  statPanel,
  tablePanel,
  textPanel,
  timeseriesPanel,
} from "./targets/grafana/panels.ts";
export { lokiQuery, promQuery, type Query } from "./targets/grafana/queries.ts";
export {
  DEFAULT_GRAFANA_SETTINGS,
  type GrafanaSettings,
  type GrafanaSettingsInput,
  grafanaSettings,
} from "./targets/grafana/settings.ts";
export { compilePrometheusRules } from "./targets/prometheus/compile.ts";
export type { PrometheusRuleFile } from "./targets/prometheus/rule-file.ts";
