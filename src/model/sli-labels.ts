import { type FieldPath, type Problem, valueSpanOf } from "../core/problem.ts";
import { parsePromQL } from "../promql/parse.ts";
import { describeUnknownLabel, unknownSelectorLabels } from "../promql/selector-labels.ts";
import { closestName } from "../core/suggest.ts";
import type { Sourced } from "./estate.ts";
import { renderForParsing } from "../core/window.ts";
import { familySeries, type Metric } from "./metric.ts";
import type { Service } from "./service.ts";

/**
 * Labels every series may carry whatever its catalogue entry says: the two
 * Prometheus's scrape attaches (`job`, `instance`). `__name__` always passes.
 */
export const ALWAYS_ALLOWED_LABELS = ["instance", "job"] as const;

/**
 * Label names of every catalogued series of the estate (a histogram's
 * `_bucket` with `le`, …), merged over services that catalogue the same
 * name, plus `extra` (target labels) and the labels always allowed.
 */
export function catalogueLabelSets(
  catalogues: readonly (readonly Metric[])[],
  extra: readonly string[] = [],
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const metrics of catalogues) {
    for (const family of metrics) {
      for (const series of familySeries(family)) {
        let set = out.get(series.name);
        if (set === undefined) {
          set = new Set([...ALWAYS_ALLOWED_LABELS, ...extra]);
          out.set(series.name, set);
        }
        for (const label of series.labels) set.add(label);
      }
    }
  }
  return out;
}

/**
 * SLI queries may only select labels the catalogue lists for a catalogued
 * metric: a typo (`http_status_code` for `http_response_status_code`) gives
 * an SLI that matches nothing, so an SLO that reads 100% and never pages.
 * A build error, since the SLO rules are generated from it. Checked across
 * the estate: an SLI may read a metric another service catalogues.
 */
export function checkSliLabels(services: readonly Sourced<Service>[]): Problem[] {
  const labels = catalogueLabelSets(services.map((s) => s.value.metrics));
  if (labels.size === 0) return [];
  const out: Problem[] = [];
  for (const { file, value: service } of services) {
    service.slos.forEach((slo, i) => {
      const at = (field: string): FieldPath => ["slos", i, "sli", field];
      const sli = slo.sli;
      switch (sli.kind) {
        case "events":
          for (const field of ["errorQuery", "goodQuery", "totalQuery"] as const) {
            const query = sli[field];
            if (query !== undefined) out.push(...checkQuery(query, labels, file, at(field)));
          }
          break;
        case "raw":
          out.push(...checkQuery(sli.errorRatioQuery, labels, file, at("errorRatioQuery")));
          break;
        case "latency":
        case "availability": {
          const series = sli.kind === "latency" ? `${sli.metric}_count` : sli.metric;
          const known = labels.get(series);
          if (known === undefined) break;
          for (const label of Object.keys(sli.matchers)) {
            if (label === "__name__" || known.has(label)) continue;
            const suggestion = closestName(label, known);
            out.push({
              code: "model/catalogue-label",
              severity: "error",
              file,
              path: [...at("matchers"), label],
              message: `expected a label the catalogue lists for ${sli.metric} (${[...known].sort().join(", ")}), got ${describeUnknownLabel({ label, ...(suggestion !== undefined && { suggestion }) })}`,
            });
          }
          break;
        }
        case "logs":
          break;
      }
    });
  }
  return out;
}

function checkQuery(
  query: string,
  labels: ReadonlyMap<string, ReadonlySet<string>>,
  file: string,
  path: FieldPath,
): Problem[] {
  if (!mayNameCatalogued(query, labels)) return [];
  // Checked as the rules will hold it, positions mapped back to the query as written.
  const { rendered, originalOffset } = renderForParsing(query);
  const { tree, errors } = parsePromQL(rendered);
  // A query that does not parse has its own error already.
  if (errors.length > 0) return [];
  return unknownSelectorLabels(rendered, tree, (name) => labels.get(name)).map((u) => {
    const from = originalOffset(u.from);
    return {
      code: "model/catalogue-label",
      severity: "error",
      file,
      path,
      message: `expected a label the catalogue lists for ${u.metric} (${u.known.join(", ")}), got ${describeUnknownLabel(u)}`,
      valueSpan: valueSpanOf(query, from, originalOffset(u.to)),
    };
  });
}

/**
 * Whether a selector of the query can name a catalogued series: only then
 * is it worth parsing (most SLIs of a large estate select series no
 * catalogue lists). Catalogued names match [a-zA-Z_:][a-zA-Z0-9_:]*, so a
 * selector naming one has it as a whole word of the text, bare or quoted;
 * only an escape in a quoted name can hide it, so a backslash means parse.
 */
function mayNameCatalogued(query: string, labels: ReadonlyMap<string, unknown>): boolean {
  if (query.includes("\\")) return true;
  for (const [word] of query.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g))
    if (labels.has(word)) return true;
  return false;
}
