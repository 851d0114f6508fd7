/**
 * The authoring API: what a definitions/*.ts module imports from
 * `obsforge`, and all the package root exports (src/index.ts). The loader
 * hands this module to definitions as the virtual module `obsforge`
 * (src/load/definitions.ts), so they see nothing else: the pipeline, lint
 * and emit live under `obsforge/api` (src/api.ts).
 *
 * Each helper below only tags and types its argument; validation happens
 * when the estate is built, so every mistake is reported with its file and
 * field path. The query, panel and variable builders are re-exported from
 * where they are made.
 */
import type {
  LogAlertRuleInput,
  LogRecordingRuleInput,
  LogRuleGroupInput,
} from "./model/log-rule.ts";
import type { ServiceLogsInput } from "./model/logs.ts";
import type {
  CustomDashboardInput,
  DashboardLinkInput,
  DashboardRowInput,
} from "./model/dashboards.ts";
import type { MetricInput } from "./model/metric.ts";
import type { AlertRuleInput, RecordingRuleInput, RuleGroupInput } from "./model/rule.ts";
import type { ServiceInput } from "./model/service.ts";
import type { SliInput, SloInput } from "./model/slo.ts";
import type { ReceiverInput } from "./model/receivers.ts";
import type { RoutingInput } from "./model/routing.ts";

type WithoutKind<T> = Omit<T, "kind">;

export function defineService(spec: WithoutKind<ServiceInput>): ServiceInput {
  return { kind: "service", ...spec };
}

export function alert(spec: WithoutKind<AlertRuleInput>): AlertRuleInput {
  return { kind: "alert", ...spec };
}

export function record(spec: WithoutKind<RecordingRuleInput>): RecordingRuleInput {
  return { kind: "record", ...spec };
}

export function group(spec: RuleGroupInput): RuleGroupInput {
  return spec;
}

/** A Loki alert: `expr` is a LogQL metric query, e.g. sum(count_over_time({…} |= "panic" [5m])) > 0. */
export function logAlert(spec: WithoutKind<LogAlertRuleInput>): LogAlertRuleInput {
  return { kind: "logAlert", ...spec };
}

/** A Loki recording rule: logs → a metric Loki remote-writes to Prometheus under `name`. */
export function logRecord(spec: WithoutKind<LogRecordingRuleInput>): LogRecordingRuleInput {
  return { kind: "logRecord", ...spec };
}

/** A Loki ruler group, for a service's `logGroups`. */
export function logGroup(spec: LogRuleGroupInput): LogRuleGroupInput {
  return spec;
}

/** A service's log stream: `{ selector, format, fields? }`. */
export function serviceLogs(spec: ServiceLogsInput): ServiceLogsInput {
  return spec;
}

export function metric(spec: MetricInput): MetricInput {
  return spec;
}

export function slo(spec: SloInput): SloInput {
  return spec;
}

type SliOf<K extends SliInput["kind"]> = Omit<Extract<SliInput, { kind: K }>, "kind">;

/** Event ratio: `errorQuery` (or `goodQuery`) over `totalQuery`, each with the {{.window}} placeholder. */
export function eventRatioSli(spec: SliOf<"events">): SliInput {
  return { kind: "events", ...spec };
}

/** Latency: share of `metric` observations above `threshold` seconds (a bucket bound of the histogram). */
export function latencySli(spec: SliOf<"latency">): SliInput {
  return { kind: "latency", ...spec };
}

/** A query that is the error ratio already, with the {{.window}} placeholder. */
export function rawSli(spec: SliOf<"raw">): SliInput {
  return { kind: "raw", ...spec };
}

/** Availability from a 0/1 gauge such as `up` or `probe_success`. */
export function availabilitySli(spec: SliOf<"availability">): SliInput {
  return { kind: "availability", ...spec };
}

/**
 * Log lines: `errorQuery` over `totalQuery`, both LogQL metric queries with
 * the {{.window}} placeholder, e.g. count_over_time({…} | json | level="error" [{{.window}}]).
 * Loki records the SLI; burn-rate alerts run in Prometheus, as for every SLO.
 */
export function logRatioSli(spec: SliOf<"logs">): SliInput {
  return { kind: "logs", ...spec };
}

/** A hand-written dashboard for `dashboards.custom`, laid out and given variables like the generated ones. */
export function dashboard(spec: WithoutKind<CustomDashboardInput>): CustomDashboardInput {
  return { kind: "dashboard", ...spec };
}

/** A row of panels; without a title the panels sit above the titled rows, with no header. */
export function row(
  title: string | undefined,
  panels: DashboardRowInput["panels"],
  options: { collapsed?: boolean } = {},
): DashboardRowInput {
  return { ...(title !== undefined && { title }), panels, ...options };
}

/**
 * A link to a dashboard of the estate for an alert's `dashboard` annotation:
 * `dashboardLink({ dashboard: "red" })` (this service's RED dashboard),
 * `dashboardLink({ service: "orders-db", dashboard: "slo" })`, or
 * `dashboardLink({ uid: "checkout-api-funnel" })` for a custom one. The build
 * checks it exists and writes `<grafana url>/d/<uid>?var-…`; `vars` values
 * may hold alert templates such as `{{ $labels.instance }}`.
 */
export function dashboardLink(spec: WithoutKind<DashboardLinkInput>): DashboardLinkInput {
  return { kind: "dashboard-link", ...spec };
}

/**
 * The estate's alert routing (one module, e.g. definitions/routing.ts):
 * receivers, which team gets what (`teams`), grouping, time intervals,
 * hand-written routes, inhibitions and the routing expectations `obsforge
 * test` checks. Compiled to out/alertmanager/alertmanager.yml.
 */
export function defineRouting(spec: WithoutKind<RoutingInput>): RoutingInput {
  return { kind: "routing", ...spec };
}

type ReceiverOf<T extends ReceiverInput["type"]> = Omit<
  Extract<ReceiverInput, { type: T }>,
  "type"
>;

/** Slack: the webhook URL is read from `apiUrlFile` (never written inline). */
export function slackReceiver(spec: ReceiverOf<"slack">): ReceiverInput {
  return { type: "slack", ...spec };
}

/** PagerDuty: the routing key (Events v2) is read from `routingKeyFile`. */
export function pagerdutyReceiver(spec: ReceiverOf<"pagerduty">): ReceiverInput {
  return { type: "pagerduty", ...spec };
}

/** A webhook: `url` without credentials; a bearer token is read from `credentialsFile`. */
export function webhookReceiver(spec: ReceiverOf<"webhook">): ReceiverInput {
  return { type: "webhook", ...spec };
}

/** Email: the SMTP password is read from `authPasswordFile`. */
export function emailReceiver(spec: ReceiverOf<"email">): ReceiverInput {
  return { type: "email", ...spec };
}

/** OpsGenie: the API key is read from `apiKeyFile`. */
export function opsgenieReceiver(spec: ReceiverOf<"opsgenie">): ReceiverInput {
  return { type: "opsgenie", ...spec };
}

/** Microsoft Teams (Alertmanager 0.26+): the webhook URL is read from `webhookUrlFile`. */
export function msteamsReceiver(spec: ReceiverOf<"msteams">): ReceiverInput {
  return { type: "msteams", ...spec };
}

// Span metrics (Tempo metrics-generator, OTel spanmetrics connector) as SLI sources.
export {
  CONNECTOR_NAMESPACE,
  type SpanLatencySliOptions,
  spanAvailabilitySli,
  spanLatencySli,
  type SpanMetrics,
  type SpanMetricsFlavour,
  type SpanMetricsOptions,
  spanMetrics,
  type SpanSliOptions,
} from "./slo/span-metrics.ts";
export {
  type SpanRedDashboardOptions,
  spanRedDashboard,
} from "./targets/grafana/span-red-dashboard.ts";

// Query builders: label values go through the one escaping function.
export {
  eq,
  type Matcher,
  type Matchers,
  matchers,
  neq,
  nre,
  oneOf,
  re,
} from "./core/label-matchers.ts";
export { escapeRegex, quoteString } from "./core/string-literal.ts";
export { WINDOW } from "./core/window.ts";
export type { Duration } from "./core/duration.ts";
export { selector } from "./promql/query.ts";
export {
  countOverTime,
  json,
  labelFilter,
  lineContains,
  lineMatches,
  lineNotContains,
  lineNotMatches,
  logfmt,
  logQuery,
  logRate,
  stream,
  sumBy,
} from "./logql/query.ts";

// Panels, queries and variables for hand-written dashboards (dashboard(), row()).
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
export { instanceVariable, jobVariable, labelVariable } from "./targets/grafana/dashboard.ts";

// The types of the model, inferred from its zod schemas: `…Input` is what a
// definition writes, the plain name what the estate holds after validation.
export type { Labels } from "./model/common.ts";
export type {
  CustomDashboard,
  CustomDashboardInput,
  DashboardLink,
  DashboardLinkInput,
  DashboardRow,
  DashboardRowInput,
  GeneratedKind,
} from "./model/dashboards.ts";
export type {
  LogAlertRule,
  LogAlertRuleInput,
  LogRecordingRule,
  LogRecordingRuleInput,
  LogRule,
  LogRuleGroup,
  LogRuleGroupInput,
} from "./model/log-rule.ts";
export type {
  ExploreSettings,
  LogFormat,
  LogVolume,
  ServiceLogs,
  ServiceLogsInput,
} from "./model/logs.ts";
export type { Metric, MetricInput, MetricType } from "./model/metric.ts";
export type {
  AlertRule,
  AlertRuleInput,
  RecordingRule,
  RecordingRuleInput,
  Rule,
  RuleGroup,
  RuleGroupInput,
  AlertSeverity,
} from "./model/rule.ts";
export type { Service, ServiceInput } from "./model/service.ts";
export type { Receiver, ReceiverInput, ReceiverType } from "./model/receivers.ts";
export type {
  InhibitRule,
  NamedTimeInterval,
  Route,
  RouteMatchers,
  Routing,
  RoutingInput,
  TeamRouting,
} from "./model/routing.ts";
export type { TimeInterval, TimeIntervalInput } from "./model/time-intervals.ts";
export type { PlainRule, PlainRuleGroup, PlainRuleGroupInput } from "./model/plain-rules.ts";
export type {
  AlertLevel,
  Sli,
  SliInput,
  Slo,
  SloAlerting,
  SloInput,
  Tier,
} from "./model/slo.ts";
