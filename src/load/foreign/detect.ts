import type { FieldPath } from "../../core/problem.ts";
import { parseLogQL } from "../../logql/parse.ts";
import type { Tree } from "@lezer/common";
import { selectorInfo, vectorSelectors } from "../../promql/analyse.ts";
import { parsePromQL } from "../../promql/parse.ts";

/**
 * What a foreign document is, read from its content (never its file name,
 * which teams choose freely): the keys and `apiVersion`/`kind` each format
 * is defined by.
 *
 * - `rule-file`: a Prometheus rule file (`groups:`), as Prometheus, Thanos,
 *   Mimir, Cortex and the Loki ruler read it; whether its queries are
 *   PromQL or LogQL is decided from the queries (`isLokiQuerySet`);
 * - `prometheus-rule`: a Prometheus Operator `PrometheusRule` resource
 *   (`monitoring.coreos.com`), whose `spec` is a rule file;
 * - `loki-rule`: a Loki Operator `AlertingRule` or `RecordingRule`
 *   (`loki.grafana.com`), whose `spec.groups` hold LogQL rules;
 * - `dashboard`: Grafana dashboard JSON, with classic `panels` or legacy
 *   `rows` (or wrapped as `{ "dashboard": … }`, as the HTTP API exports it);
 * - `sloth`: a Sloth spec (`prometheus/v1`, `PrometheusServiceLevel`) or
 *   OpenSLO v1alpha, which obsforge reads as definitions;
 * - `openslo`: an OpenSLO v1 object (`openslo/v1`);
 * - `pyrra`: a Pyrra `ServiceLevelObjective` (`pyrra.dev`).
 */
export type ForeignKind =
  | "rule-file"
  | "prometheus-rule"
  | "loki-rule"
  | "dashboard"
  | "sloth"
  | "openslo"
  | "pyrra";

export interface DetectedDocument {
  kind: ForeignKind;
  /** The object of that kind. */
  value: Record<string, unknown>;
  /** Where it sits in the file's document (an OpenSLO list item, a wrapped dashboard). */
  path: FieldPath;
}

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The kind of one parsed document; a list (OpenSLO files are often one) is detected item by item. */
export function detectDocument(doc: unknown): DetectedDocument[] | undefined {
  if (Array.isArray(doc)) {
    const out: DetectedDocument[] = [];
    for (const [i, item] of doc.entries()) {
      const kind = detectObject(item);
      if (kind === undefined) return undefined;
      out.push({ ...kind, path: [i, ...kind.path] });
    }
    return out.length > 0 ? out : undefined;
  }
  const kind = detectObject(doc);
  return kind === undefined ? undefined : [kind];
}

function detectObject(doc: unknown): DetectedDocument | undefined {
  if (!isObject(doc)) return undefined;
  const apiVersion = typeof doc.apiVersion === "string" ? doc.apiVersion : "";
  const kind = doc.kind;
  const found = (k: ForeignKind, value: Obj = doc, path: FieldPath = []): DetectedDocument => ({
    kind: k,
    value,
    path,
  });
  if (
    doc.version === "prometheus/v1" ||
    (apiVersion.startsWith("sloth.slok.dev/") && kind === "PrometheusServiceLevel") ||
    apiVersion === "openslo/v1alpha"
  )
    return found("sloth");
  if (apiVersion.startsWith("monitoring.coreos.com/") && kind === "PrometheusRule")
    return found("prometheus-rule");
  if (
    apiVersion.startsWith("loki.grafana.com/") &&
    (kind === "AlertingRule" || kind === "RecordingRule")
  )
    return found("loki-rule");
  if (apiVersion === "openslo/v1") return found("openslo");
  if (apiVersion.startsWith("pyrra.dev/") && kind === "ServiceLevelObjective")
    return found("pyrra");
  // No apiVersion at all: Grafana's alert provisioning (`apiVersion: 1`) has `groups:` too.
  if (!("apiVersion" in doc) && Array.isArray(doc.groups)) return found("rule-file");
  if (isDashboard(doc)) return found("dashboard");
  if (isObject(doc.dashboard) && isDashboard(doc.dashboard))
    return found("dashboard", doc.dashboard, ["dashboard"]);
  return undefined;
}

/** Grafana's dashboard model: `panels` (schema 16+) or `rows` (before), next to its own keys. */
function isDashboard(doc: Obj): boolean {
  const hasLayout = Array.isArray(doc.panels) || Array.isArray(doc.rows);
  const grafanaKey =
    "schemaVersion" in doc || "templating" in doc || "uid" in doc || "title" in doc;
  return hasLayout && grafanaKey;
}

/** For the one-line error on a document of no known kind. */
export const KNOWN_KINDS =
  "a Prometheus rule file (groups:), a PrometheusRule, a Loki AlertingRule/RecordingRule, a Grafana dashboard (panels or rows), a Sloth, OpenSLO or Pyrra spec";

/** What only LogQL writes: a line filter or parser stage right after a stream selector. */
const LOG_PIPELINE =
  /\}\s*(\|=|\|~|!=|!~|\|\s*(json|logfmt|pattern|regexp|unpack|line_format|label_format|decolorize|drop|keep)\b)/;

/**
 * Whether a rule file's queries are Loki's: some query is LogQL only (a log
 * pipeline such as `{app="api"} |= "error"`, or it parses as LogQL and not
 * as PromQL), and none is PromQL only. A query both grammars read counts as
 * LogQL when all its selectors are streams without a metric name
 * (`sum(rate({job="http"}[5m]))`, which PromQL reads as every series of the
 * job, and no rule means), and decides nothing otherwise. The file decides,
 * not each rule, so a Loki rule with a typo is a LogQL syntax error, not a
 * PromQL one. `lint FILE` and a rule file in definitions/ decide alike. A
 * Prometheus file is told at its first PromQL-only query, so its queries are
 * not all parsed twice.
 */
export function isLokiQuerySet(exprs: Iterable<string>): boolean {
  let logql = false;
  for (const expr of exprs) {
    const promql = parsePromQL(expr);
    if (promql.errors.length === 0) {
      if (parseLogQL(expr).errors.length > 0) return false;
      if (!logql && onlyStreamSelectors(expr, promql.tree)) logql = true;
      continue;
    }
    if (!logql && (LOG_PIPELINE.test(expr) || parseLogQL(expr).errors.length === 0)) logql = true;
  }
  return logql;
}

function onlyStreamSelectors(expr: string, tree: Tree): boolean {
  const selectors = vectorSelectors(tree);
  return selectors.length > 0 && selectors.every((s) => selectorInfo(expr, s).name === undefined);
}
