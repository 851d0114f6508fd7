import type { FieldPath } from "../core/problem.ts";

/**
 * Where a field of the obsforge model an imported spec became is written in
 * the spec: one table per format (src/load/sloth.ts, openslo-v1.ts and
 * pyrra.ts do the conversions, and each row here mirrors one of their
 * assignments). `slos[0].sli.totalQuery` is `slos[0].sli.events.total_query`
 * in a Sloth file and `spec.indicator` in a Pyrra one. A field may be
 * written in several places (a Sloth team is a `team` label, else an
 * `owner` label, else the service): candidates come in the order the
 * converter reads them, and the locator takes the first the file holds.
 * Problems name the field as the file spells it (the locator's `writtenPath`).
 */

export type SpecFormat = "sloth" | "sloth-k8s" | "openslo-v1alpha" | "openslo-v1" | "pyrra";

export function specFieldPaths(format: SpecFormat, path: FieldPath): FieldPath[] {
  switch (format) {
    case "sloth":
      return slothPaths(path, { base: [], snake: true });
    case "sloth-k8s":
      return slothPaths(path, { base: ["spec"], snake: false });
    case "openslo-v1alpha":
      return openSloV1AlphaPaths(path);
    case "openslo-v1":
      return openSloV1Paths(path);
    case "pyrra":
      return pyrraPaths(path);
  }
}

/** The SLO's section and the rest of a model path under `slos[i]`, when it is one. */
function sloField(path: FieldPath): { index: number; field: string; rest: FieldPath } | undefined {
  const [head, index, field, ...rest] = path;
  if (head !== "slos" || typeof index !== "number") return undefined;
  return { index, field: field === undefined ? "" : String(field), rest };
}

function slothPaths(path: FieldPath, o: { base: FieldPath; snake: boolean }): FieldPath[] {
  const { base, snake } = o;
  const [head, ...tail] = path;
  if (head === "name") return [[...base, "service"]];
  if (head === "team")
    return [
      [...base, "labels", "team"],
      [...base, "labels", "owner"],
      [...base, "service"],
    ];
  if (head === "labels") return [[...base, ...path]];
  if (head === "kubernetes" && !snake) return [["metadata", ...tail]];
  const slo = sloField(path);
  if (slo === undefined) return [];
  const at: FieldPath = [...base, "slos", slo.index];
  if (slo.field === "sli") {
    const [query, ...more] = slo.rest;
    const events = (k: string) => [[...at, "sli", "events", k, ...more]];
    if (query === "errorQuery") return events(snake ? "error_query" : "errorQuery");
    if (query === "totalQuery") return events(snake ? "total_query" : "totalQuery");
    if (query === "errorRatioQuery")
      return snake
        ? [
            [...at, "sli", "raw", "error_ratio_query", ...more],
            [...at, "sli", "raw", "errorRatioQuery", ...more],
          ]
        : [[...at, "sli", "raw", "errorRatioQuery", ...more]];
    return [[...at, "sli"]];
  }
  if (slo.field === "alerting") {
    const [level, field, ...more] = slo.rest;
    if (level !== "page" && level !== "ticket") return [[...at, ...path.slice(2)]];
    const written: FieldPath = [...at, "alerting", snake ? `${level}_alert` : `${level}Alert`];
    // The level's severity is Sloth's `severity` label, on the level or on the whole alerting block.
    if (field === "severity")
      return [
        [...written, "labels", "severity"],
        [...at, "alerting", "labels", "severity"],
      ];
    return [field === undefined ? written : [...written, field, ...more]];
  }
  // Sloth specs cannot choose a period (obsforge uses Sloth's default): the SLO is the place.
  if (slo.field === "period") return [at];
  return [[...at, ...path.slice(2)]];
}

function openSloV1AlphaPaths(path: FieldPath): FieldPath[] {
  const [head] = path;
  if (head === "name" || head === "team") return [["spec", "service"]];
  const slo = sloField(path);
  if (slo === undefined) return [];
  const objective: FieldPath = ["spec", "objectives", slo.index];
  const field = [slo.field, ...slo.rest].join(".");
  if (field === "objective") return [[...objective, "target"]];
  if (field === "sli.goodQuery") return [[...objective, "ratioMetrics", "good", "query"]];
  if (field === "sli.totalQuery") return [[...objective, "ratioMetrics", "total", "query"]];
  if (field === "name") return [["metadata", "name"]];
  if (field === "description") return [["spec", "description"]];
  if (field === "period") return [["spec", "timeWindows", 0, "count"], ["spec"]];
  return [objective];
}

function openSloV1Paths(path: FieldPath): FieldPath[] {
  const [head] = path;
  // An SLO names its service; a Service object is named by its metadata.
  if (head === "name")
    return [
      ["spec", "service"],
      ["metadata", "name"],
    ];
  if (head === "team")
    return [
      ["metadata", "labels", "team"],
      ["spec", "service"],
    ];
  if (head === "labels") return [["metadata", ...path]];
  const slo = sloField(path);
  if (slo === undefined) return [];
  const objective: FieldPath = ["spec", "objectives", slo.index];
  switch (slo.field) {
    case "name":
      return [["metadata", "name"]];
    case "description":
      return [
        ["spec", "description"],
        [...objective, "displayName"],
      ];
    case "objective":
      return [
        [...objective, "targetPercent"],
        [...objective, "target"],
      ];
    case "period":
      return [["spec", "timeWindow", 0, "duration"]];
    case "labels":
      return [["metadata", ...path.slice(2)]];
    case "sli":
      return [
        ...openSloV1QueryPaths(slo.rest).flatMap((q) => [
          ["spec", "indicator", "spec", ...q],
          [...objective, "indicator", "spec", ...q],
          // In the SLI object an `indicatorRef` names (its problems are moved there: model/spec-origin.ts).
          ["spec", ...q],
        ]),
        // An SLI referenced by name is written elsewhere: the reference is the place in this file.
        ["spec", "indicator"],
        ["spec", "indicatorRef"],
        [...objective, "indicator"],
        [...objective, "indicatorRef"],
      ];
    case "alerting":
      return [["spec", "alertPolicies"]];
    default:
      return [objective];
  }
}

/** Where an OpenSLO v1 indicator's spec writes the query a model SLI field holds (openslo-v1.ts `convertSli`). */
function openSloV1QueryPaths(rest: FieldPath): FieldPath[] {
  const [field, ...more] = rest;
  const source = (...at: string[]): FieldPath => [...at, "metricSource", "spec", "query", ...more];
  if (field === "goodQuery") return [source("ratioMetric", "good")];
  if (field === "totalQuery") return [source("ratioMetric", "total")];
  if (field === "errorQuery") return [source("ratioMetric", "bad")];
  // obsforge wraps a raw ratio or a threshold's query (`1 - (…)`): its offsets are not the file's.
  if (field === "errorRatioQuery")
    return [
      ["ratioMetric", "raw", "metricSource"],
      ["thresholdMetric", "metricSource"],
    ];
  return [];
}

function pyrraPaths(path: FieldPath): FieldPath[] {
  const [head] = path;
  // The service is the total selector's `service` matcher, else the namespace, else the name.
  if (head === "name" || head === "team")
    return [
      ["metadata", "namespace"],
      ["metadata", "name"],
      ["spec", "indicator"],
    ];
  const slo = sloField(path);
  if (slo === undefined) return [];
  switch (slo.field) {
    case "name":
      return [["metadata", "name"]];
    case "description":
      return [["spec", "description"]];
    case "objective":
      return [["spec", "target"]];
    case "period":
      return [["spec", "window"]];
    case "sli":
      return [["spec", "indicator"]];
    case "labels":
      return [
        ["metadata", "labels", ...slo.rest],
        ["spec", "indicator"],
      ];
    case "alerting":
      return pyrraAlertingPaths(slo.rest);
    default:
      return [["spec"]];
  }
}

/** obsforge's levels are Pyrra's severities: page is fastBurn, ticket slowBurn, noData absent. */
function pyrraAlertingPaths(rest: FieldPath): FieldPath[] {
  const alerting: FieldPath = ["spec", "alerting"];
  const [level, field] = rest;
  if (level === "name") return [[...alerting, "name"], alerting];
  const severity = { page: "fastBurn", ticket: "slowBurn", noData: "absent" }[String(level)];
  if (severity === undefined) return [alerting];
  if (field === "severity") return [[...alerting, "severities", severity], alerting];
  return [alerting];
}
