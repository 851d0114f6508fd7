import type { FieldPath } from "../../core/problem.ts";

/**
 * What a foreign document is, read from its content (never its file name,
 * which teams choose freely): the keys and `apiVersion`/`kind` each format
 * is defined by.
 *
 * - `rule-file`: a Prometheus rule file (`groups:`), as Prometheus, Thanos,
 *   Mimir, Cortex and the Loki ruler read it; whether its queries are
 *   PromQL or LogQL is decided from the queries (src/lint/foreign/rules.ts);
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
  if (apiVersion === "" && Array.isArray(doc.groups)) return found("rule-file");
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
