import { editDistance } from "../core/edit-distance.ts";
import type { FamilyType, MetricFamily } from "../exposition/family.ts";
import { sanitizeName, UNIT_WORDS } from "./metric-names.ts";
import {
  loadSemconvRegistry,
  type SemconvInstrument,
  type SemconvMetric,
} from "./semconv-registry.ts";

/**
 * OpenTelemetry semantic-convention metrics, from the registry's model YAML
 * (semconv-registry.json, see semconv-registry.ts), indexed for the naming
 * checks. Loaded on demand: only the otel and strict profiles need it.
 */
export interface SemconvIndex {
  /** The registry release the data came from, e.g. `1.44.0`; "" for the empty index. */
  version: string;
  /** Every semconv metric name, e.g. `http.server.request.duration`. */
  names: ReadonlySet<string>;
  /** Resource attributes as labels (`service_name`, `k8s_pod_name`): allowed on every metric. */
  resourceLabels: ReadonlySet<string>;
  /** Name → instrument, unit, stability and attributes. */
  metrics: ReadonlyMap<string, SemconvMetric>;
  /** Sanitised Prometheus stem (`http_server_request_duration`) → semconv name. */
  byStem: ReadonlyMap<string, string>;
  /** First `_` token of the stem (`http`) → stems in that namespace, sorted. */
  byNamespace: ReadonlyMap<string, readonly string[]>;
}

let loaded: Promise<SemconvIndex> | undefined;

export function loadSemconv(): Promise<SemconvIndex> {
  loaded ??= loadSemconvRegistry().then((registry) =>
    indexSemconv(new Map(Object.entries(registry.metrics)), {
      version: registry.version,
      resourceAttributes: registry.resourceAttributes,
    }),
  );
  return loaded;
}

export function indexSemconv(
  metrics: ReadonlyMap<string, SemconvMetric>,
  options: { version?: string; resourceAttributes?: readonly string[] } = {},
): SemconvIndex {
  const byStem = new Map<string, string>();
  const byNamespace = new Map<string, string[]>();
  const names = [...metrics.keys()].sort();
  for (const name of names) {
    const stem = semconvStem(name);
    if (!byStem.has(stem)) byStem.set(stem, name);
    const ns = stem.split("_")[0] ?? stem;
    const list = byNamespace.get(ns) ?? [];
    list.push(stem);
    byNamespace.set(ns, list);
  }
  return {
    version: options.version ?? "",
    names: new Set(names),
    resourceLabels: new Set((options.resourceAttributes ?? []).map(attributeLabel)),
    metrics,
    byStem,
    byNamespace,
  };
}

/** The label an attribute becomes (OTLP→Prometheus): `http.request.method` → `http_request_method`. */
export function attributeLabel(attribute: string): string {
  return sanitizeName(attribute);
}

/** `http.server.request.duration` → `http_server_request_duration`. */
export function semconvStem(name: string): string {
  return sanitizeName(name);
}

/** The closest stem in the same namespace within `maxDistance` edits, if any. */
export function nearestStem(
  index: SemconvIndex,
  stem: string,
  maxDistance: number,
): string | undefined {
  const ns = stem.split("_")[0] ?? stem;
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const candidate of index.byNamespace.get(ns) ?? []) {
    if (Math.abs(candidate.length - stem.length) > maxDistance) continue;
    const d = editDistance(candidate, stem, maxDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** A metric family's semantic convention: by its `otelName`, else by its Prometheus stem. */
export interface Convention {
  /** The OTel name, e.g. `http.server.request.duration`. */
  name: string;
  metric: SemconvMetric;
}

export function conventionFor(index: SemconvIndex, family: MetricFamily): Convention | undefined {
  const name = family.otelName ?? index.byStem.get(prometheusStem(family.name));
  const metric = name === undefined ? undefined : index.metrics.get(name);
  return name === undefined || metric === undefined ? undefined : { name, metric };
}

/**
 * The Prometheus type an OTel instrument is exported as (OTLP→Prometheus,
 * opentelemetry-specification compatibility/prometheus_and_openmetrics.md):
 * a monotonic sum is a counter, a non-monotonic sum (UpDownCounter) and a
 * gauge are gauges, an explicit or exponential histogram a histogram.
 */
export const PROMETHEUS_TYPE: Readonly<Record<SemconvInstrument, FamilyType>> = {
  counter: "counter",
  updowncounter: "gauge",
  gauge: "gauge",
  histogram: "histogram",
};

/** The name without the suffixes the exporter adds: `_total`, `_ratio`, unit words and `per_<unit>`. */
export function prometheusStem(name: string): string {
  return splitSuffixes(name).stem;
}

/** The unit words at the end of a Prometheus name (`seconds`, `bytes_per_second`), "" when none. */
export function unitSuffix(name: string): string {
  return splitSuffixes(name).unit.join("_");
}

function splitSuffixes(name: string): { stem: string; unit: string[] } {
  const tokens = name.split("_");
  const unit: string[] = [];
  for (;;) {
    const last = tokens.at(-1);
    if (last === undefined) break;
    if (last === "total" || last === "ratio") tokens.pop();
    else if (UNIT_WORDS.has(last)) unit.unshift(tokens.pop()!);
    else if (tokens.at(-2) === "per") unit.unshift(...tokens.splice(-2));
    else break;
  }
  return { stem: tokens.join("_"), unit };
}
