import type { z } from "zod";
import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { WINDOW } from "../core/window.ts";
import { windowedQueryError } from "../promql/windowed-query.ts";
import { issuesToDiagnostics } from "../model/issues.ts";
import { unknownKeyMessage } from "../model/schema-keys.ts";
import type { ServiceInput } from "../model/service.ts";
import type { SloInput } from "../model/slo.ts";
import type { SpecOrigin } from "../model/spec-origin.ts";
import {
  type ConditionSpec,
  KIND_SPECS,
  type Metadata,
  metadataSchema,
  type MetricSource,
  type OpenSloKind,
  type PolicySpec,
  type SliSpec,
  type SloSpec,
} from "./openslo-v1-schema.ts";
import { openSloAlerting } from "./openslo-v1-alerting.ts";

/**
 * OpenSLO v1 (`apiVersion: openslo/v1`): Service, SLO, SLI, AlertPolicy,
 * AlertCondition, AlertNotificationTarget and DataSource objects, inline or
 * referenced by name across the documents (and YAML lists) of every file
 * read together. Each SLO objective becomes an obsforge SLO; what OpenSLO
 * can say and obsforge cannot compile (Timeslices, calendar windows,
 * non-Prometheus sources, a query without the window) is an
 * `import/unsupported` error naming the field, never dropped.
 */

export const OPENSLO_V1 = "openslo/v1";
/** What a one-line error lists when an OpenSLO apiVersion is not one obsforge reads. */
export const OPENSLO_VERSIONS = ["openslo/v1", "openslo/v1alpha"] as const;

/** The code of a reference to an object none of the files read together holds. */
export const OPENSLO_REFERENCE = "load/openslo-reference";

/** One OpenSLO object: a document, or an item of a document that is a YAML list. */
export interface OpenSloObject {
  doc: unknown;
  file: string;
  source: string;
  path: (string | number)[];
}

export interface OpenSloPart {
  file: string;
  source: string;
  service: ServiceInput;
  teamFromSpec: boolean;
  /** Where the SLO object and its SLI are written, for problems found on the model later. */
  origin: SpecOrigin;
}

interface Parsed<S> {
  kind: OpenSloKind;
  metadata: Metadata;
  spec: S;
  at: OpenSloObject;
}

/** Where a problem is reported: a file and the path of a field in it. */
export interface Where {
  file: string;
  path: (string | number)[];
}

/** `extra`: a problem's own code and the part of the value it is about (a query's error). */
export type Report = (
  where: Where,
  message: string,
  extra?: Pick<Problem, "code" | "valueSpan">,
) => void;

export function isOpenSloDocument(doc: unknown): boolean {
  if (typeof doc !== "object" || doc === null) return false;
  const v = (doc as Record<string, unknown>).apiVersion;
  return typeof v === "string" && /^openslo(\.com)?\//i.test(v);
}

/** Convert every v1 object read together; references resolve across all of them. */
export function convertOpenSloV1(
  objects: readonly OpenSloObject[],
): Result<{ parts: OpenSloPart[]; notes: Problem[] }> {
  const problems: Problem[] = [];
  const notes: Problem[] = [];
  const registry = new Map<string, Parsed<unknown>>();
  const used = new Set<string>();
  for (const at of objects) {
    const parsed = parseObject(at, problems);
    if (parsed === undefined) continue;
    const key = `${parsed.kind}/${parsed.metadata.name}`;
    const first = registry.get(key);
    // The same object twice (the spec's examples repeat one with other metadata) is one object.
    if (first !== undefined && JSON.stringify(first.spec) === JSON.stringify(parsed.spec)) continue;
    if (first !== undefined) {
      problems.push(
        problem(
          at,
          ["metadata", "name"],
          `expected a unique ${parsed.kind} name, got ${JSON.stringify(parsed.metadata.name)} again (also in ${first.at.file})`,
        ),
      );
      continue;
    }
    registry.set(key, parsed);
  }
  if (problems.length > 0) return { ok: false, diagnostics: problems };

  const report: Report = (where, message, extra) =>
    problems.push({
      code: "import/unsupported",
      severity: "error",
      file: where.file,
      path: where.path,
      message,
      ...extra,
    });
  const lookup = <S>(kind: OpenSloKind, name: string, from: Where): Parsed<S> | undefined => {
    const found = registry.get(`${kind}/${name}`);
    if (found === undefined) {
      problems.push({
        code: OPENSLO_REFERENCE,
        severity: "error",
        file: from.file,
        path: from.path,
        message: `expected a ${kind} named ${JSON.stringify(name)} in the files read together, got none`,
      });
      return undefined;
    }
    used.add(`${kind}/${name}`);
    return found as Parsed<S>;
  };

  const parts: OpenSloPart[] = [];
  for (const obj of registry.values()) {
    if (obj.kind === "Service") parts.push(servicePart(obj as Parsed<{ description?: string }>));
    if (obj.kind !== "SLO") continue;
    const slos = convertSlo(obj as Parsed<SloSpec>, {
      report,
      lookup,
      count: () => problems.length,
    });
    if (slos === undefined) continue;
    const { team, labels, sliAt, fields } = slos;
    parts.push({
      file: obj.at.file,
      source: obj.at.source,
      teamFromSpec: team !== undefined,
      origin: {
        at: obj.at.path,
        ...(sliAt !== undefined && { sli: { file: sliAt.file, at: sliAt.path } }),
        ...(fields.length > 0 && { fields }),
      },
      service: {
        kind: "service",
        name: (obj.spec as SloSpec).service,
        team: team ?? (obj.spec as SloSpec).service,
        sloth: { spec: OPENSLO_V1, mode: "openslo" },
        slos: slos.slos.map((s) => (Object.keys(labels).length > 0 ? { ...s, labels } : s)),
      },
    });
  }
  if (problems.length > 0) return { ok: false, diagnostics: problems };
  for (const [key, obj] of registry) {
    if (obj.kind === "SLO" || obj.kind === "Service" || used.has(key)) continue;
    notes.push({
      code: "import/unreferenced",
      severity: "info",
      file: obj.at.file,
      path: obj.at.path,
      message: `${obj.kind} ${JSON.stringify(obj.metadata.name)} is referenced by no SLO read with it, so it compiles to nothing`,
    });
  }
  return { ok: true, value: { parts, notes } };
}

function problem(at: OpenSloObject, path: (string | number)[], message: string): Problem {
  return {
    code: "load/openslo",
    severity: "error",
    file: at.file,
    path: [...at.path, ...path],
    message,
  };
}

function parseObject(at: OpenSloObject, problems: Problem[]): Parsed<unknown> | undefined {
  const doc = at.doc as Record<string, unknown>;
  const kind = doc.kind;
  if (typeof kind !== "string" || !Object.hasOwn(KIND_SPECS, kind)) {
    problems.push(
      problem(
        at,
        ["kind"],
        `expected an OpenSLO v1 kind (${Object.keys(KIND_SPECS).join(", ")}), got ${JSON.stringify(kind ?? null)}`,
      ),
    );
    return undefined;
  }
  const top = ["apiVersion", "kind", "metadata", "spec"];
  for (const key of Object.keys(doc)) {
    if (!top.includes(key)) {
      const p = problem(at, [key], unknownKeyMessage(key, top));
      problems.push({ ...p, code: "model/unknown-field" });
    }
  }
  const specSchema = KIND_SPECS[kind as OpenSloKind] as z.ZodType;
  const meta = metadataSchema.safeParse(doc.metadata, { reportInput: true });
  const spec = specSchema.safeParse(doc.spec, { reportInput: true });
  // Each part against its own schema, so unknown keys name the keys known where they are.
  const found = [
    ...(meta.success
      ? []
      : placedUnder(
          "metadata",
          issuesToDiagnostics(meta.error.issues, at.file, { schema: metadataSchema }),
        )),
    ...(spec.success
      ? []
      : placedUnder(
          "spec",
          issuesToDiagnostics(spec.error.issues, at.file, { schema: specSchema }),
        )),
  ];
  if (found.length > 0) {
    problems.push(...found.map((d) => ({ ...d, path: [...at.path, ...d.path] })));
    return undefined;
  }
  return { kind: kind as OpenSloKind, metadata: meta.data!, spec: spec.data, at };
}

function placedUnder(field: string, problems: Problem[]): Problem[] {
  return problems.map((d) => ({ ...d, path: [field, ...d.path] }));
}

function servicePart(obj: Parsed<{ description?: string }>): OpenSloPart {
  return {
    file: obj.at.file,
    source: obj.at.source,
    teamFromSpec: false,
    origin: { at: obj.at.path },
    service: {
      kind: "service",
      name: obj.metadata.name,
      team: obj.metadata.name,
      ...(obj.spec.description !== undefined && { description: obj.spec.description }),
      sloth: { spec: OPENSLO_V1, mode: "openslo" },
    },
  };
}

export interface Resolve {
  report: Report;
  lookup: <S>(kind: OpenSloKind, name: string, from: Where) => Parsed<S> | undefined;
  /** Problems reported so far, so a converter can tell whether its part failed. */
  count: () => number;
}

function at(obj: Parsed<unknown>, ...path: (string | number)[]): Where {
  return { file: obj.at.file, path: [...obj.at.path, ...path] };
}

/** One OpenSLO SLO → one obsforge SLO per objective (`<name>` alone, `<name>-<i>` for several). */
function convertSlo(
  obj: Parsed<SloSpec>,
  r: Resolve,
):
  | {
      slos: SloInput[];
      team?: string;
      labels: Record<string, string>;
      sliAt?: Where;
      fields: NonNullable<SpecOrigin["fields"]>;
    }
  | undefined {
  const spec = obj.spec;
  const before = countOf(r);
  if (spec.budgetingMethod !== "Occurrences")
    r.report(
      at(obj, "spec", "budgetingMethod"),
      `expected budgetingMethod Occurrences (obsforge budgets count events; ${spec.budgetingMethod} counts good time slices, which its burn-rate rules do not model), got ${spec.budgetingMethod}`,
    );
  spec.objectives.forEach((o, i) => {
    for (const key of ["timeSliceTarget", "timeSliceWindow"] as const)
      if (o[key] !== undefined)
        r.report(
          at(obj, "spec", "objectives", i, key),
          `expected no ${key} (time-slice budgeting is not supported), got one`,
        );
    if (o.indicator !== undefined || o.indicatorRef !== undefined)
      r.report(
        at(obj, "spec", "objectives", i, o.indicator !== undefined ? "indicator" : "indicatorRef"),
        "expected the SLO's own indicator (composite SLOs with one indicator per objective are not supported), got one per objective",
      );
    if (o.compositeWeight !== undefined && o.compositeWeight !== 1)
      r.report(
        at(obj, "spec", "objectives", i, "compositeWeight"),
        `expected no compositeWeight (composite SLOs are not supported), got ${o.compositeWeight}`,
      );
  });
  const period = rollingPeriod(obj, r);
  const sli = resolveSli(obj, r);
  const meta = sloLabels(obj, r);
  const alerted = openSloAlerting(obj, r);
  // Every objective's SLI is converted even when the SLO already failed, so
  // each field obsforge cannot compile is reported, not just the first.
  if (sli === undefined) return undefined;
  const slos: SloInput[] = [];
  spec.objectives.forEach((o, i) => {
    const objective =
      o.targetPercent ?? (o.target === undefined ? undefined : round(o.target * 100));
    if (objective === undefined) {
      r.report(
        at(obj, "spec", "objectives", i, "target"),
        "expected a target (0 ≤ x < 1) or targetPercent, got neither",
      );
      return;
    }
    const converted = convertSli(sli, o, r);
    if (converted === undefined) return;
    const description = spec.description ?? obj.metadata.displayName;
    slos.push({
      name: spec.objectives.length === 1 ? obj.metadata.name : `${obj.metadata.name}-${i}`,
      ...(description !== undefined && { description }),
      objective,
      period: period!,
      sli: converted,
      // Read only once every part converted (checked below).
      alerting: alerted?.alerting as NonNullable<SloInput["alerting"]>,
    });
  });
  if (countOf(r) > before || period === undefined || alerted === undefined) return undefined;
  const fields = slos.flatMap((_, i) =>
    alerted.fields.map((f) => ({
      model: ["slos", i, "alerting", ...f.model],
      file: f.where.file,
      path: f.where.path,
    })),
  );
  return {
    slos,
    fields,
    ...(meta.team !== undefined && { team: meta.team }),
    labels: meta.labels,
    ...(sli.object !== undefined && { sliAt: sli.object }),
  };
}

function countOf(r: Resolve): number {
  return r.count();
}

function round(x: number): number {
  return Number(x.toPrecision(12));
}

/**
 * A rolling window of whole days or weeks is obsforge's period. A calendar
 * window (reset on the 1st, in a time zone) has no Prometheus-rule form:
 * a range vector always ends now.
 */
function rollingPeriod(obj: Parsed<SloSpec>, r: Resolve): SloInput["period"] | undefined {
  const w = obj.spec.timeWindow[0]!;
  if (w.calendar !== undefined || w.isRolling === false) {
    r.report(
      at(obj, "spec", "timeWindow", 0, w.calendar !== undefined ? "calendar" : "isRolling"),
      `expected a rolling time window (obsforge's budgets and burn rates look back over a rolling period; a calendar window restarts at calendar boundaries, which a Prometheus range cannot), got a calendar window of ${w.duration}`,
    );
    return undefined;
  }
  if (!/^\d+[dw]$/.test(w.duration)) {
    r.report(
      at(obj, "spec", "timeWindow", 0, "duration"),
      `expected a window of whole days or weeks such as 28d or 4w, got ${JSON.stringify(w.duration)}`,
    );
    return undefined;
  }
  return w.duration as SloInput["period"];
}

interface ResolvedSli {
  spec: SliSpec;
  where: Where;
  /** The SLI object, when the SLO references one (`indicatorRef`) rather than holding it. */
  object?: Where;
}

function resolveSli(obj: Parsed<SloSpec>, r: Resolve): ResolvedSli | undefined {
  const { indicator, indicatorRef } = obj.spec;
  if (indicator !== undefined)
    return { spec: indicator.spec, where: at(obj, "spec", "indicator", "spec") };
  if (indicatorRef !== undefined) {
    const found = r.lookup<SliSpec>("SLI", indicatorRef, at(obj, "spec", "indicatorRef"));
    return found === undefined
      ? undefined
      : { spec: found.spec, where: at(found, "spec"), object: at(found) };
  }
  if (obj.spec.objectives.some((o) => o.indicator !== undefined || o.indicatorRef !== undefined))
    return undefined;
  r.report(at(obj, "spec"), "expected an indicator or indicatorRef, got neither");
  return undefined;
}

/**
 * OpenSLO metadata labels (a value may be a list) become SLO labels, on
 * every rule of the SLO; `team` names the owning team, as obsforge sets that
 * label itself.
 */
function sloLabels(
  obj: Parsed<SloSpec>,
  r: Resolve,
): { team?: string; labels: Record<string, string> } {
  const labels: Record<string, string> = {};
  let team: string | undefined;
  for (const [name, value] of Object.entries(obj.metadata.labels ?? {})) {
    const text = Array.isArray(value) ? value.join(",") : value;
    if (name === "team") team = text;
    else if (name === "service" || name === "severity" || !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name))
      r.report(
        at(obj, "metadata", "labels", name),
        `expected a label name obsforge can put on rules, got ${JSON.stringify(name)}${name === "service" || name === "severity" ? " (obsforge sets it itself)" : ""}`,
      );
    else labels[name] = text;
  }
  return { ...(team !== undefined && { team }), labels };
}

const OPS: Record<string, string> = { lte: "<=", gte: ">=", lt: "<", gt: ">" };

/** The SLI of one objective: events for ratios, raw for raw ratios and thresholds. */
function convertSli(
  sli: ResolvedSli,
  objective: SloSpec["objectives"][number],
  r: Resolve,
): SloInput["sli"] | undefined {
  const { spec, where } = sli;
  const q = (path: string[], source: MetricSource | undefined, windowed: boolean) =>
    promQuery(source, { file: where.file, path: [...where.path, ...path] }, r, windowed);
  if (spec.thresholdMetric !== undefined) {
    const query = q(["thresholdMetric", "metricSource"], spec.thresholdMetric.metricSource, false);
    if (objective.op === undefined || objective.value === undefined) {
      r.report(where, "expected the objective's op and value for a thresholdMetric SLI, got none");
      return undefined;
    }
    if (query === undefined) return undefined;
    // Occurrences of a threshold: each evaluation of the query is an event,
    // good when `query op value` holds (OpenSLO's objective comparison).
    return {
      kind: "raw",
      errorRatioQuery: `1 - avg_over_time(((${query}) ${OPS[objective.op]} bool ${objective.value})[${WINDOW}:])`,
    };
  }
  const ratio = spec.ratioMetric!;
  const path = ["ratioMetric"];
  if (ratio.raw !== undefined) {
    const raw = q([...path, "raw", "metricSource"], ratio.raw.metricSource, true);
    if (raw === undefined) return undefined;
    return { kind: "raw", errorRatioQuery: ratio.rawType === "failure" ? raw : `1 - (${raw})` };
  }
  const total = q([...path, "total", "metricSource"], ratio.total?.metricSource, true);
  if (ratio.good !== undefined && ratio.bad !== undefined) {
    r.report(
      { file: where.file, path: [...where.path, ...path, "bad"] },
      "expected one of good and bad, got both",
    );
    return undefined;
  }
  const good = ratio.good && q([...path, "good", "metricSource"], ratio.good.metricSource, true);
  const bad = ratio.bad && q([...path, "bad", "metricSource"], ratio.bad.metricSource, true);
  if (total === undefined || (good ?? bad) === undefined) return undefined;
  return good !== undefined
    ? { kind: "events", goodQuery: good, totalQuery: total }
    : { kind: "events", errorQuery: bad!, totalQuery: total };
}

/**
 * The Prometheus query of a metric source (`spec.query`, as OpenSLO's
 * Prometheus examples and Sloth write it). obsforge evaluates an SLI over
 * each alert window, so a ratio's queries need the `{{.window}}` placeholder.
 */
function promQuery(
  source: MetricSource | undefined,
  where: Where,
  r: Resolve,
  windowed: boolean,
): string | undefined {
  if (source === undefined) {
    r.report(where, "expected a total metric, got none");
    return undefined;
  }
  let type = source.type;
  if (type === undefined && source.metricSourceRef !== undefined) {
    const ds = r.lookup<{ type: string }>("DataSource", source.metricSourceRef, {
      ...where,
      path: [...where.path, "metricSourceRef"],
    });
    if (ds === undefined) return undefined;
    type = ds.spec.type;
  }
  if (type === undefined || type.toLowerCase() !== "prometheus") {
    r.report(
      { ...where, path: [...where.path, "type"] },
      `expected a Prometheus metric source (obsforge compiles PromQL), got ${JSON.stringify(type ?? null)}`,
    );
    return undefined;
  }
  const query = source.spec.query;
  if (typeof query !== "string" || query.trim() === "") {
    r.report(
      { ...where, path: [...where.path, "spec", "query"] },
      "expected a PromQL query in spec.query, got none",
    );
    return undefined;
  }
  if (windowed && !query.includes(WINDOW)) {
    r.report(
      { ...where, path: [...where.path, "spec", "query"] },
      `expected a query with ${WINDOW} where the range goes (obsforge evaluates the SLI over each alert window), got one without`,
    );
    return undefined;
  }
  // Checked as written: obsforge wraps a threshold's or a raw ratio's query
  // (`1 - (…)`), and an error in the wrapped query would quote the wrapper.
  const invalid = windowedQueryError(query);
  if (invalid !== undefined) {
    const { message, ...extra } = invalid;
    r.report({ ...where, path: [...where.path, "spec", "query"] }, message, extra);
    return undefined;
  }
  return query.trim();
}

export type { ConditionSpec, Parsed, PolicySpec };
