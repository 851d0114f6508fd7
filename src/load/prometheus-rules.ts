import { describeValue, type FieldPath, type Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { SERVICE_NAME_RE } from "../core/names.ts";
import { serviceSlug } from "../core/service-slug.ts";
import type { RawDefinition } from "../model/estate.ts";
import { detectDocument, isLokiQuerySet } from "./foreign/detect.ts";
import { PLAIN_GROUP_KEYS, PLAIN_RULE_KEYS } from "../model/plain-rules.ts";
import { readYamlReadings, type YamlResult } from "./yaml.ts";

/**
 * Prometheus rule files and PrometheusRule resources → a service with
 * `plainGroups` (src/model/plain-rules.ts), as if imported. This is the
 * shape step only: rulefmt keys become model fields one for one, scalars
 * become the strings rulefmt reads them as, and a key rulefmt does not know
 * is an error here, where the path is still the file's. Everything else
 * (names, durations, PromQL, templates, unique group names) is the model's
 * to check, once, in the estate step, so a definition module and a rule
 * file are held to the same rules; problems still name the field as the
 * file spells it (the YAML locator's `writtenPath`).
 *
 * The service is named after the file (`node.rules.yml` → `node`) or the
 * resource (`metadata.name`), and owned by a team of the same name, as
 * Sloth does for specs without one. Resource fields obsforge does not write
 * (namespace, labels, annotations) are returned as notes, one per field.
 */

const PROMETHEUS_RULE_API = "monitoring.coreos.com/v1";

/**
 * `rule-file`: Prometheus rule YAML (`groups:`); `loki-rule-file`: the same
 * with LogQL queries, for the Loki ruler; `prometheus-rule`: a Prometheus
 * Operator resource; `loki-rule`: a Loki Operator AlertingRule or
 * RecordingRule. Loki rules build into out/loki/, the others into
 * out/prometheus/.
 */
export type RuleDocumentKind = "rule-file" | "loki-rule-file" | "prometheus-rule" | "loki-rule";

/**
 * What a parsed YAML document is, when it is a rule file or a rule
 * resource; undefined otherwise. The kind is read from the content by the
 * foreign-file detection (src/load/foreign/detect.ts), which also tells a
 * Loki rule file from a Prometheus one by its queries.
 */
export function ruleDocumentKind(doc: unknown): RuleDocumentKind | undefined {
  const shape = ruleDocumentShape(doc);
  if (shape !== "rule-file") return shape;
  return isLokiRuleGroups((doc as Record<string, unknown>).groups) ? "loki-rule-file" : "rule-file";
}

/** ruleDocumentKind without telling Loki rule files by their queries (no query is parsed). */
function ruleDocumentShape(doc: unknown): Exclude<RuleDocumentKind, "loki-rule-file"> | undefined {
  if (!isMap(doc)) return undefined;
  const detected = detectDocument(doc)?.[0]?.kind;
  if (detected === "loki-rule") return "loki-rule";
  // Any apiVersion: a wrong one is an error naming the right one (importRuleDocument).
  if (doc.kind === "PrometheusRule") return "prometheus-rule";
  if ("groups" in doc && !("apiVersion" in doc) && !("kind" in doc) && !("version" in doc))
    return "rule-file";
  return undefined;
}

/** Whether the queries of a rule file's groups are LogQL (see `isLokiQuerySet`). */
function isLokiRuleGroups(groups: unknown): boolean {
  if (!Array.isArray(groups)) return false;
  const exprs = groups.flatMap((g) =>
    isMap(g) && Array.isArray(g.rules)
      ? g.rules.flatMap((r) => (isMap(r) && typeof r.expr === "string" ? [r.expr] : []))
      : [],
  );
  return isLokiQuerySet(exprs);
}

export interface ConvertedRules {
  definition: RawDefinition;
  /** Fields of the input obsforge does not represent (warnings, one per field). */
  notes: Problem[];
}

/** How each kind is written: where its groups are, and what obsforge writes it as. */
const KINDS: Record<
  RuleDocumentKind,
  { loki: boolean; resource?: { api: string; name: string; spec: readonly string[] } }
> = {
  "rule-file": { loki: false },
  "loki-rule-file": { loki: true },
  "prometheus-rule": {
    loki: false,
    resource: { api: PROMETHEUS_RULE_API, name: "PrometheusRule", spec: ["groups"] },
  },
  // The tenant is the ruler's business (lokitool/cortextool take it as a flag).
  "loki-rule": {
    loki: true,
    resource: {
      api: "loki.grafana.com/",
      name: "Loki AlertingRule or RecordingRule",
      spec: ["groups"],
    },
  },
};

/** One rule document → one service part; `source` is the file name, which names a plain file's service. */
export function importRuleDocument(
  doc: unknown,
  where: { file: string; source: string; kind: RuleDocumentKind },
): Result<ConvertedRules> {
  const errors: Problem[] = [];
  const notes: Problem[] = [];
  const ctx: Ctx = { file: where.file, errors };
  const { loki, resource } = KINDS[where.kind];
  const writes = loki ? "a Loki rule file" : "a Prometheus rule file";
  const d = doc as Record<string, unknown>;
  let name: string | undefined;
  let groupsAt: FieldPath;
  let groups: unknown;
  if (resource !== undefined) {
    const apiOk = resource.api.endsWith("/")
      ? typeof d.apiVersion === "string" && d.apiVersion.startsWith(resource.api)
      : d.apiVersion === resource.api;
    if (!apiOk)
      err(ctx, ["apiVersion"], `expected apiVersion ${resource.api}, got ${show(d.apiVersion)}`);
    const metadata = isMap(d.metadata) ? d.metadata : {};
    if (typeof metadata.name !== "string" || metadata.name === "")
      err(ctx, ["metadata", "name"], "expected the resource's name (it names the service)");
    else name = serviceSlug(metadata.name);
    const dropped = (path: FieldPath, value: unknown) =>
      notes.push(
        notRepresented(where.file, path, {
          value,
          writes,
          resource: where.kind === "loki-rule" ? `Loki ${String(d.kind)}` : resource.name,
        }),
      );
    for (const key of Object.keys(metadata))
      if (key !== "name") dropped(["metadata", key], metadata[key]);
    for (const key of Object.keys(d))
      if (!["apiVersion", "kind", "metadata", "spec"].includes(key)) dropped([key], d[key]);
    const spec = d.spec;
    if (!isMap(spec)) {
      err(ctx, ["spec"], `expected a spec with groups, got ${show(spec)}`);
      return { ok: false, diagnostics: errors };
    }
    if (where.kind === "loki-rule" && "tenantID" in spec)
      dropped(["spec", "tenantID"], spec.tenantID);
    unknownKeys(ctx, spec, where.kind === "loki-rule" ? ["tenantID", "groups"] : ["groups"], [
      "spec",
    ]);
    groupsAt = ["spec", "groups"];
    groups = spec.groups;
  } else {
    unknownKeys(ctx, d, ["groups"], []);
    name = serviceSlug(where.source.replace(/\.ya?ml$/i, "").replace(/\.rules$/i, ""));
    groupsAt = ["groups"];
    groups = d.groups;
  }
  const plainGroups = convertGroups(ctx, groups, groupsAt);
  if (name === undefined || !SERVICE_NAME_RE.test(name)) {
    if (name !== undefined)
      err(
        ctx,
        [],
        `expected a file or resource name with a letter or digit (it names the service), got ${show(name)}`,
      );
    return { ok: false, diagnostics: errors };
  }
  if (errors.length > 0) return { ok: false, diagnostics: errors };
  return {
    ok: true,
    value: {
      definition: {
        file: where.file,
        source: where.source,
        exported: {
          kind: "service",
          name,
          team: name,
          ...(loki ? { plainLogGroups: plainGroups } : { plainGroups }),
        },
        spec: { teamFromSpec: false },
      },
      notes,
    },
  };
}

interface Ctx {
  file: string;
  errors: Problem[];
}

function convertGroups(ctx: Ctx, groups: unknown, at: FieldPath): unknown[] {
  // `groups:` with nothing after it is an empty file to rulefmt.
  if (groups === null || groups === undefined) return [];
  if (!Array.isArray(groups)) {
    err(ctx, at, `expected a list of rule groups, got ${show(groups)}`);
    return [];
  }
  return groups.map((group, g) => {
    const path = [...at, g];
    if (!isMap(group)) {
      err(ctx, path, `expected a rule group (a map with name and rules), got ${show(group)}`);
      return {};
    }
    const out = renamed(ctx, group, PLAIN_GROUP_KEYS, path, "group");
    for (const field of ["name", "interval", "queryOffset", "evaluationDelay"] as const)
      if (field in out) out[field] = scalarText(out[field]);
    if (isMap(out.labels)) out.labels = stringMap(out.labels);
    if (Array.isArray(out.sourceTenants)) out.sourceTenants = out.sourceTenants.map(scalarText);
    if (typeof out.limit === "string") out.limit = goInt(out.limit);
    if (typeof out.alignEvaluationTimeOnInterval === "string")
      out.alignEvaluationTimeOnInterval = goBool(out.alignEvaluationTimeOnInterval);
    const rules = out.rules;
    if (rules === null || rules === undefined) delete out.rules;
    else if (!Array.isArray(rules))
      err(ctx, [...path, "rules"], `expected a list of rules, got ${show(rules)}`);
    else out.rules = rules.map((rule, r) => convertRule(ctx, rule, [...path, "rules", r]));
    return out;
  });
}

function convertRule(ctx: Ctx, rule: unknown, path: FieldPath): unknown {
  if (!isMap(rule)) {
    err(ctx, path, `expected a rule (a map with alert or record, and expr), got ${show(rule)}`);
    return {};
  }
  const out = renamed(ctx, rule, PLAIN_RULE_KEYS, path, "rule");
  if (out.expr === undefined || out.expr === "")
    err(
      ctx,
      [...path, "expr"],
      "expected a PromQL expression, got nothing (promtool: field 'expr' must be set in rule)",
    );
  for (const field of ["alert", "record", "expr", "for", "keepFiringFor"] as const)
    if (field in out) out[field] = scalarText(out[field]);
  for (const field of ["labels", "annotations"] as const)
    if (isMap(out[field])) out[field] = stringMap(out[field] as Record<string, unknown>);
  return out;
}

/**
 * rulefmt keys → model fields. A null value is a key not written (Go's YAML
 * decoder leaves the field at its zero value). An unknown key is refused,
 * as promtool refuses it (`field X not found`).
 */
function renamed(
  ctx: Ctx,
  input: Record<string, unknown>,
  keys: Readonly<Record<string, string>>,
  path: FieldPath,
  what: string,
): Record<string, unknown> {
  const known = Object.values(keys);
  for (const key of Object.keys(input))
    if (!known.includes(key)) err(ctx, [...path, key], unknownFieldMessage(key, known, what));
  // In rulefmt's order whatever order the file has, so imported modules read alike.
  const out: Record<string, unknown> = {};
  for (const [field, key] of Object.entries(keys)) {
    const value = Object.hasOwn(input, key) ? input[key] : undefined;
    if (value !== null && value !== undefined) out[field] = value;
  }
  return out;
}

function unknownKeys(
  ctx: Ctx,
  input: Record<string, unknown>,
  known: readonly string[],
  path: FieldPath,
): void {
  for (const key of Object.keys(input))
    if (!known.includes(key))
      err(ctx, [...path, key], unknownFieldMessage(key, known, "rule file"));
}

function unknownFieldMessage(key: string, known: readonly string[], what: string): string {
  return `expected a ${what} field (${known.join(", ")}), got ${JSON.stringify(key)} (promtool: field ${key} not found)`;
}

/** Go's YAML decoder reads a number or boolean into a string field as its text. */
function scalarText(value: unknown): unknown {
  return typeof value === "number" || typeof value === "boolean" || typeof value === "bigint"
    ? String(value)
    : value;
}

/**
 * `limit`, the one number of a rule group, from its text as written (rule
 * documents are read with scalars as written: readRuleOrSpecYaml): the
 * integer forms Go's YAML decoder reads into an int, or the text itself for
 * the model to refuse. goBool does the same for the one boolean (Mimir's
 * align_evaluation_time_on_interval).
 */
function goInt(text: string): number | string {
  if (/^[-+]?[0-9]+$/.test(text)) return Number(text);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^0o[0-7]+$/.test(text)) return Number.parseInt(text.slice(2), 8);
  return text;
}

function goBool(text: string): boolean | string {
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  return text;
}

function stringMap(map: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(map))
    Object.defineProperty(out, key, {
      value: value === null ? "" : scalarText(value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

/**
 * A resource field the rule file cannot hold. Said by `import` and by a
 * build of the file in place (a warning each time, so it is never lost
 * silently), with the value, so the line says what goes missing.
 */
function notRepresented(
  file: string,
  path: FieldPath,
  what: { value: unknown; writes: string; resource: string },
): Problem {
  const { value } = what;
  const shown =
    isMap(value) && Object.keys(value).length > 0
      ? `a map of ${Object.keys(value).join(", ")}`
      : isMap(value)
        ? "an empty map"
        : describeValue(value);
  return {
    code: "import/not-represented",
    severity: "warning",
    file,
    path,
    message: `expected no resource field obsforge does not represent, got ${shown} (obsforge writes the rules as ${what.writes}, not a ${what.resource}): dropped; set it where the rules are deployed`,
  };
}

function err(ctx: Ctx, path: FieldPath, message: string): void {
  ctx.errors.push({ code: "load/rule-file", severity: "error", file: ctx.file, path, message });
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  return JSON.stringify(value);
}

/**
 * The documents of a YAML definition or import file, each read as the tool
 * it is for reads it: a rule document with every scalar as written, since
 * Prometheus reads `code: 0200` into a string field as "0200" (the core
 * schema would make it 200), and anything else (Sloth, OpenSLO, Pyrra)
 * typed, since their numbers are numbers. One parse; the as-written reading
 * is built only for a file that holds a rule document.
 */
export async function readRuleOrSpecYaml(path: string): Promise<YamlResult> {
  const read = await readYamlReadings(path);
  if (!read.ok) return read;
  const typed = read.typed();
  if (!typed.ok) return typed;
  const rules = typed.documents.map((d) => ruleDocumentShape(d) !== undefined);
  if (!rules.includes(true)) return typed;
  const asWritten = read.asWritten();
  if (!asWritten.ok) return asWritten;
  return {
    ok: true,
    documents: typed.documents.map((d, i) => (rules[i] ? asWritten.documents[i] : d)),
  };
}
