import type { FieldPath, Severity } from "../core/problem.ts";
import type { Tree } from "@lezer/common";
import type { ZodType } from "zod";
import type { FamilyType, MetricFamily } from "../exposition/family.ts";
import type { ExpositionError } from "../exposition/syntax-error.ts";
import type { ParsedLogQL } from "../logql/parse.ts";
import type { LineFormat, LogLine } from "../loglines/line.ts";
import type { LogProfile } from "./logs/profile.ts";
import type { LogStreamStats } from "./logs/stats.ts";
import type { LogVolume, ServiceLogs } from "../model/logs.ts";
import type { Routing } from "../model/routing.ts";
import type { EstateAlert } from "../targets/alertmanager/alerts.ts";
import type { InhibitionRule } from "../targets/alertmanager/inhibitions.ts";
import type { RouteNode } from "../targets/alertmanager/tree.ts";
import type { Catalogue } from "./catalogue.ts";
import type { SemconvIndex } from "./semconv.ts";

// The exposition stage produces these; lint consumes them (re-exported so check modules keep one import).
export type { ExpositionError, FamilyType, MetricFamily };

/**
 * The shape of a lint check (typescript-eslint calls them rules, pint
 * checks): one id used as report key, docs path and disable key; a default
 * severity; docs; message templates by id; good and bad samples the
 * meta-test runs; and a `check` that returns problems as message ids and
 * data. Checks never decide severity, position or wording at the call site;
 * the engine does (src/lint/messages.ts formats the message).
 *
 * `M` is the union of the check's message ids, so a `messageId` the check
 * does not declare is a type error: `RuleCheck<"noRunbook">`.
 */
interface CheckBase<M extends string> {
  /** `area/kebab-name`, equal to the file path under src/lint/checks without `.ts`. */
  id: string;
  severity: Severity;
  /** What it checks and why, in Markdown; the first sentence is the summary. */
  docs: string;
  /**
   * Every message the check can give, by id (typescript-eslint's
   * `meta.messages`): `{{name}}` stands for `data.name` of the problem.
   */
  messages: Readonly<Record<M, string>>;
  /** Samples that must give no finding from this check (format depends on `target`, see samples.ts). */
  good: readonly string[];
  /** Samples that must give at least one finding from this check. */
  bad: readonly string[];
}

/** Structural problems of a Prometheus text or OpenMetrics exposition. */
export interface ExpositionCheck<M extends string = string> extends CheckBase<M> {
  target: "exposition";
  check(ctx: ExpositionContext): CheckProblem<M>[];
}

/** Naming checks for one metric family, from an exposition or from the catalogue. */
export interface MetricCheck<M extends string = string> extends CheckBase<M> {
  target: "metric";
  /** Profiles the check belongs to (`strict` includes every metric check). */
  profiles: readonly MetricProfile[];
  /** The engine loads the semantic-conventions registry (a large data file) only for checks that ask. */
  needsSemconv?: boolean;
  check(ctx: MetricContext): CheckProblem<M>[];
}

/**
 * Settings of a configurable check, written in `lint.rules` as ESLint's
 * `"id": ["warning", { ... }]`; validated with `schema` when the config is
 * read, and handed to `check` as `ctx.options`.
 */
export interface CheckOptions<O> {
  schema: ZodType<O>;
  /** What the check runs with when the config gives no options (often: nothing to check). */
  defaults: O;
  /** What the check's good and bad samples run with (the docs show it). */
  sample?: O;
}

/** Checks of one alerting or recording rule as compiled for Prometheus. */
export interface RuleCheck<M extends string = string, O = unknown> extends CheckBase<M> {
  target: "rule";
  /** Settings, for checks that have them (`promql/selector`, `rule/reject`, `group/interval`). */
  options?: CheckOptions<O>;
  /**
   * Only foreign rule files (`obsforge lint FILE`) can break it: what the
   * model refuses to load (a query that does not parse). Its samples are
   * rule files linted in place.
   */
  foreign?: boolean;
  /**
   * Also run on the rules obsforge generates for SLOs. Only checks of the
   * query ask for it: the SLI queries inside those rules are the user's,
   * while names, annotations and `for` follow Sloth's conventions.
   */
  generated?: boolean;
  check(ctx: RuleContext<O>): CheckProblem<M>[];
}

/** Checks of one Grafana dashboard's JSON (dashboard-linter's rules and obsforge's own checks). */
export interface DashboardCheck<M extends string = string> extends CheckBase<M> {
  target: "dashboard";
  /**
   * Where its findings come in `lintDashboard`'s report (and in
   * DASHBOARD_CHECKS): dashboard-linter's order, template, panel, target
   * and dashboard checks (1-17), then obsforge's own (18 and up). Ties go
   * by id, so a new check may reuse a number.
   */
  reportOrder: number;
  check(ctx: DashboardContext): CheckProblem<M>[];
}

/** Checks of one LogQL query of a Loki rule or a log-based SLI. */
export interface LogqlCheck<M extends string = string> extends CheckBase<M> {
  target: "logql";
  check(ctx: LogqlContext): CheckProblem<M>[];
}

/** Checks of the estate's alert routing against the alerts it routes. */
export interface RoutingCheck<M extends string = string> extends CheckBase<M> {
  target: "routing";
  check(ctx: RoutingContext): CheckProblem<M>[];
}

/** Checks of each log line `obsforge lint-logs` reads. */
export interface LogLineCheck<M extends string = string> extends CheckBase<M> {
  target: "logs";
  scope: "line";
  check(ctx: LogLineContext): CheckProblem<M>[];
}

/** Checks of a log stream as a whole, run once at its end on what was counted (bounded). */
export interface LogStreamCheck<M extends string = string> extends CheckBase<M> {
  target: "logs";
  scope: "stream";
  check(ctx: LogStreamContext): CheckProblem<M>[];
}

export type LogCheck = LogLineCheck | LogStreamCheck;

export type Check =
  | LogCheck
  | ExpositionCheck
  | MetricCheck
  | RuleCheck
  | DashboardCheck
  | LogqlCheck
  | RoutingCheck;

/** What a check looks at; also how the generated registry groups checks. */
export type CheckTarget = Check["target"];

export const METRIC_PROFILES = ["promlint", "otel", "strict"] as const;
export type MetricProfile = (typeof METRIC_PROFILES)[number];

/** Values for a message's `{{name}}` placeholders. */
export type MessageData = Readonly<Record<string, string | number>>;

/** What a check returns; the engine formats its message and turns it into a Finding. */
export interface CheckProblem<M extends string = string> {
  /** A key of the check's `messages`. */
  messageId: M;
  /** Values for the message's placeholders; every `{{name}}` in it needs one. */
  data?: MessageData;
  /**
   * A lower severity than the check's for this one problem (dashboard-linter
   * reports a variable's label as a warning, its other fields as errors).
   * A level set in the config applies to every problem of the check.
   */
  severity?: Severity;
  /** Defaults to the metric family or the alerting/recording rule's name. */
  subject?: string;
  /** Offsets into the rule's expr (rule checks) or the log line (log checks), for a caret under the span. */
  span?: { from: number; to: number };
  /**
   * Log stream checks: the line the problem is about (where what it counts
   * was first seen), since a stream check runs after the last line.
   */
  at?: { line: number; excerpt: string };
  /** The field of the rule the problem is in, e.g. `annotations.summary`. */
  field?: string;
  /**
   * Dashboard checks: the field inside the dashboard JSON, e.g. `panels[3].targets[0].expr`;
   * routing checks: the field of the routing definition, e.g. `["teams"]`.
   */
  path?: FieldPath;
}

/** A check's problem with its message formatted (src/lint/messages.ts). */
export type FormattedProblem = CheckProblem & { message: string };

export interface MetricContext {
  family: MetricFamily;
  /** Loaded when an active check has `needsSemconv`; empty otherwise. */
  semconv: SemconvIndex;
}

export interface ExpositionContext {
  error: ExpositionError;
}

/** One alerting or recording rule, as it is written to the Prometheus rule file. */
export interface LintedRule {
  kind: "alert" | "record";
  name: string;
  expr: string;
  /** Parsed with the official grammar; checks skip queries with syntax errors. */
  tree: Tree;
  syntaxOk: boolean;
  for?: string;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  /** obsforge severity (page, ticket, info) or the `severity` label of imported rules. */
  severity?: string;
  group: string;
  /** Evaluation interval of the group in seconds (Prometheus's default 1m when unset). */
  interval: number;
  /** Position in the rule file, for paths such as `groups[0].rules[2].expr`. */
  groupIndex: number;
  ruleIndex: number;
  /** The group's path in the model when it is not `groups[groupIndex]` (a plain group: `plainGroups[i]`). */
  groupPath?: FieldPath;
  /** Check ids disabled on this rule with its `lint: { disable: [...] }` field (or a disable comment). */
  disable: readonly string[];
  /** A Loki rule of a foreign file: `expr` is LogQL (`tree` is empty, `syntaxOk` false). */
  logql?: boolean;
  /** Foreign rules: `keep_firing_for` as written. */
  keepFiringFor?: string;
  /** Foreign rules: the group's `interval` as written (undefined when unset). */
  groupInterval?: string;
  /** The SLO a rule was generated for; undefined for the rules people wrote. */
  slo?: string;
  /**
   * An SLO spec's query as written, when `expr` is it with `{{.window}}`
   * rendered as a sample window: messages quote the text as written.
   */
  written?: {
    query: string;
    originalOffset: (o: number) => number;
    originalEnd: (o: number) => number;
  };
}

export interface RuleContext<O = unknown> {
  rule: LintedRule;
  /** The check's settings (`RuleCheck.options`): the config's, else its defaults. */
  options?: O;
  /** Every rule of the same rule file (one service), in file order. */
  siblings: readonly LintedRule[];
  catalogue: Catalogue;
  /** Every registered check id, for checks of `disable` lists. */
  knownCheckIds: ReadonlySet<string>;
}

export interface DashboardContext {
  /** The dashboard JSON, parsed; any shape (checks read it forgivingly). */
  dashboard: unknown;
  /**
   * Whether a metric name is defined (catalogue series, recording rules,
   * Prometheus's own); without it, `dashboard/target-metric-defined` is silent.
   */
  isKnownMetric?: (name: string) => boolean;
  /**
   * The labels a catalogued series may carry (undefined for series no
   * catalogue lists); without it, `dashboard/target-catalogue-label` is silent.
   */
  seriesLabels?: (name: string) => ReadonlySet<string> | undefined;
}

/** An alert of out/ as routing checks see it: its known labels, and what its query can carry. */
export interface RoutedAlert extends EstateAlert {
  /** Certainly without the label: not static, and the query's result cannot have it. */
  lacks(label: string): boolean;
}

export interface RoutingContext {
  routing: Routing;
  tree: RouteNode;
  inhibitions: readonly InhibitionRule[];
  alerts: readonly RoutedAlert[];
}

export interface LogqlContext {
  /** The query as checked (offsets in problems' spans point into it). */
  expr: string;
  parsed: ParsedLogQL;
  /** What the query is for: alert and recording rules run on every evaluation; SLIs feed SLO rules. */
  use: "alert" | "record" | "sli";
  /** The service's declared log stream. */
  logs: ServiceLogs | undefined;
  logVolume: LogVolume | undefined;
  /** Seconds between evaluations: the group's interval, or the Loki ruler's default (1m). */
  intervalSeconds: number;
}

export interface LogLineContext {
  line: LogLine;
  profile: LogProfile;
  /** The format the stream is in: the profile's, or with `auto` the first line's. */
  streamFormat: LineFormat;
}

export interface LogStreamContext {
  stats: LogStreamStats;
  profile: LogProfile;
  streamFormat: LineFormat;
}
