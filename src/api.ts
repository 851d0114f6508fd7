/**
 * `obsforge/api`: the library behind the CLI, re-exports only. Everything
 * the CLI does is a call here (build, check, lint, explain, diff, test, import),
 * with the parsers, schemas, targets and reporters they are made of. It
 * includes the authoring API, which is all the package root (`obsforge`,
 * src/index.ts) exports.
 */
export * from "./authoring.ts";
export {
  compareProblems,
  countProblems,
  type FieldPath,
  formatPath,
  type Problem,
  type ProblemCounts,
  type Severity,
  sortProblems,
  type Span,
  type ValueSpan,
} from "./core/problem.ts";
export type { Result } from "./core/result.ts";
export { type Artifact, artifactOf, artifactsOf } from "./emit/artifact.ts";
export { type CompareOptions, compareOutput, isFresh, type Staleness } from "./emit/compare.ts";
export { manifestArtifact, sha256 } from "./emit/manifest.ts";
export { toJson, toYaml } from "./emit/serialize.ts";
export type { OutputFs } from "./emit/output-fs.ts";
export type { ProtectedFolder } from "./emit/ownership.ts";
export { recoverOutput, type WriteOptions, type Written, writeOutput } from "./emit/write.ts";
export { unquoteString } from "./core/string-literal.ts";
export { loadDefinitions } from "./load/definitions.ts";
export {
  MAX_ALIAS_NODES,
  MAX_EXPANDED_DEPTH,
  MAX_YAML_BYTES,
  parseYaml,
  parseYamlDocument,
  readYamlFile,
  type YamlResult,
} from "./load/yaml.ts";
export { durationSeconds, formatDuration } from "./core/duration.ts";
export {
  ANNOTATION_ALIASES,
  annotationKey,
  KNOWN_ANNOTATIONS,
  suggestAnnotation,
} from "./model/annotations.ts";
export { formatNumber, formatPercent, tidyNumber } from "./core/numbers.ts";
export { type MergedPart, mergeSpecParts, type SpecPart } from "./model/spec-merge.ts";
export { buildEstate } from "./estate/build.ts";
export type { Estate, RawDefinition, Sourced } from "./model/estate.ts";
export { serviceJsonSchema } from "./model/json-schema.ts";
export { metricSchema } from "./model/metric.ts";
export { alertRuleSchema, recordingRuleSchema, ruleGroupSchema } from "./model/rule.ts";
export {
  logAlertRuleSchema,
  logRecordingRuleSchema,
  logRuleGroupSchema,
  lokiRecordedSeries,
} from "./model/log-rule.ts";
export { serviceLogsSchema } from "./model/logs.ts";
export { serviceSchema } from "./model/service.ts";
export { sloSchema } from "./model/slo.ts";
export { canonicalPromQL } from "./promql/canonical.ts";
export {
  budgetSpentAtFire,
  burnFactor,
  detectionSeconds,
  errorBudget,
  errorRatioThreshold,
  isImpossible,
} from "./slo/burn-rate.ts";
export {
  type ExplainedSlo,
  type ExplainedTier,
  explainSlo,
  tierDetection,
} from "./slo/explain.ts";
export { type BaseOptions, snapshotBase } from "./diff/base.ts";
export { type BacktestLine, readBacktestLines } from "./diff/backtest.ts";
export { type DiffOptions, diffSnapshots, type EstateSnapshot } from "./diff/estate-diff.ts";
export { diffJson } from "./diff/format-json.ts";
export { diffMarkdown } from "./diff/format-markdown.ts";
export { diffText } from "./diff/format-text.ts";
export type {
  ArtifactChange,
  ArtifactKind,
  EstateDiff,
  FieldChange,
  Status,
  SubjectChange,
} from "./diff/model.ts";
export { snapshotOutput, snapshotProject } from "./diff/snapshot.ts";
export type { SloSnapshot } from "./diff/slos.ts";
export { DEFAULT_TIERS, type ResolvedTier, resolveTiers } from "./slo/tiers.ts";
export { compileSloGroups, type SloAlert, sloAlerts } from "./targets/prometheus/slo-rules.ts";
export type { PromtoolTestFile } from "./targets/promtool/promtool-test-file.ts";
export { compileSloTests } from "./targets/promtool/slo-tests.ts";
export { runRuleTests, type RuleTestResult } from "./pipeline/rule-tests.ts";
export { AmtoolMissing, runRoutingTests } from "./pipeline/routing-tests.ts";
export {
  alertmanagerFiles,
  compileRouting,
  grafanaAlertingFile,
} from "./targets/alertmanager/compile.ts";
export {
  customDashboardUid,
  dashboardUrl,
  GENERATED_KINDS,
  generatedDashboardUid,
} from "./model/dashboards.ts";
export { type CompileOptions, compileEstate, compileTargets } from "./pipeline/compile.ts";
export type {
  CompiledFile,
  GrafanaAlertingOutput,
  GrafanaAlertingProvisioning,
  GrafanaDashboard,
  GrafanaDashboardOutput,
  JsonSchemaOutput,
  LokiRulesOutput,
  PrometheusRulesOutput,
  PromtoolTestsOutput,
  ProvisioningFile,
  ProvisioningOutput,
} from "./targets/compiled-file.ts";
export {
  type BuildOptions,
  type Built,
  buildProject,
  checkProject,
  type Compiled,
  compileProject,
  validateProject,
  type Validated,
  type ProjectOptions,
} from "./pipeline/project.ts";
export {
  fieldLabel,
  type LogPipeline,
  logPipelines,
  ranges,
  resultFieldLabel,
  type Stage as LogStage,
} from "./logql/analyse.ts";
export { type ExploreLink, exploreUrl } from "./logql/explore-url.ts";
export { type ParsedLogQL, parseLogQL } from "./logql/parse.ts";
export { type ParsedPromQL, parsePromQL } from "./promql/parse.ts";
export { formatPosition, type SyntaxErrorInfo } from "./core/syntax-error.ts";
export { checkPromQL, typeErrors } from "./promql/typecheck.ts";
export { type UnknownLabel, unknownSelectorLabels } from "./promql/selector-labels.ts";
export { sliRecordedBy } from "./slo/sli.ts";
export { compileLokiRules, hasLokiRules } from "./targets/loki/compile.ts";
export type { LokiRuleFile } from "./targets/loki/rule-file.ts";
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
} from "./targets/grafana/dashboard.ts";
export { type GridPos, type GridSize, placeRows, type RowInput } from "./targets/grafana/layout.ts";
export {
  DEFAULT_GRAFANA_SETTINGS,
  type GrafanaSettings,
  type GrafanaSettingsInput,
  grafanaSettings,
} from "./targets/grafana/settings.ts";
export { compilePrometheusRules } from "./targets/prometheus/compile.ts";
export type { PrometheusRuleFile } from "./targets/prometheus/rule-file.ts";
export { type LintConfig, LINT_LEVELS, type LintLevel } from "./lint/config.ts";
export {
  type DashboardFinding,
  estateMetricNames,
  estateSeriesLabels,
  type LintDashboardOptions,
  lintDashboard,
} from "./lint/dashboard/index.ts";
export { renderCheckDocs } from "./lint/docs.ts";
export {
  catalogueFamily,
  estateCatalogue,
  type LintEstateOptions,
  lintEstate,
  lintedRules,
} from "./lint/engine.ts";
export {
  type ExpositionFormat,
  type ExpositionFormatOption,
  FORMAT_SNIFF_LENGTH,
} from "./exposition/format.ts";
export { EXPOSITION_LIMITS, type ExpositionLimits } from "./exposition/limits.ts";
export {
  checkEstateLogql,
  LOKI_DEFAULT_INTERVAL_SECONDS,
  runLogqlCheck,
  type ServiceLogqlQuery,
  serviceLogqlQueries,
} from "./lint/logql.ts";
export {
  MAX_LINE_LENGTH,
  type ParsedStream,
  type ParseStreamOptions,
  parseExpositionStream,
  parseExpositionText,
} from "./exposition/stream.ts";
export {
  createMetricLinter,
  type ExpositionLintResult,
  type LintExpositionOptions,
  lintExposition,
  MAX_FINDINGS_PER_CHECK,
  type MetricLinter,
  metricChecksFor,
  checkLevel,
} from "./lint/metric-lint.ts";
export { formatFindings, REPORT_FORMATS, type ReportFormat } from "./report/index.ts";
export { formatGithub } from "./report/github.ts";
export { formatJson, type JsonFinding } from "./report/json.ts";
export { formatCheckProblem, formatProblem } from "./report/line.ts";
export { formatSarif } from "./report/sarif.ts";
export { formatText } from "./report/text.ts";
export { COLOURS, type Paint, PLAIN, paintFor } from "./report/paint.ts";
export { counted, type OnProgress, type Progress } from "./core/progress.ts";
export {
  type Check,
  type CheckProblem,
  type CheckTarget,
  type DashboardCheck,
  type DashboardContext,
  type ExpositionCheck,
  type ExpositionError,
  type FamilyType,
  type LintedRule,
  type LogqlCheck,
  type LogqlContext,
  METRIC_PROFILES,
  type MetricCheck,
  type MetricFamily,
  type MetricProfile,
  type RuleCheck,
} from "./lint/check.ts";
export {
  CHECKS,
  DASHBOARD_CHECKS,
  EXPOSITION_CHECKS,
  LOGQL_CHECKS,
  METRIC_CHECKS,
  RULE_CHECKS,
} from "./lint/checks/index.ts";
export { findCheck, knownCheckIds } from "./lint/registry.ts";
export { type LintProjectOptions, type LintReport, lintProject } from "./pipeline/lint.ts";
export { loadConfig as loadLintConfig } from "./pipeline/lint-config.ts";
export { type LintMetricsOptions, lintMetricsInput } from "./pipeline/lint-metrics.ts";
export { type LintLogsInputOptions, lintLogsInput } from "./pipeline/lint-logs.ts";
export {
  type LintLogsOptions,
  type LogLintResult,
  lintLogStream,
} from "./lint/logs/lint-logs.ts";
export {
  type LogProfile,
  OTEL_LOG_PROFILE,
  serviceLogProfile,
} from "./lint/logs/profile.ts";
export { type LineFormat, type LogLine, readLine } from "./loglines/line.ts";
export { MAX_LOG_LINE_LENGTH, readLogStream } from "./loglines/stream.ts";
export { logqlSampleContext } from "./lint/samples.ts";
