import { editDistance } from "../core/edit-distance.ts";
import { sanitizeName } from "./metric-names.ts";
import { loadSemconvRegistry, type SemconvMetric } from "./semconv-registry.ts";

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
    indexSemconv(new Map(Object.entries(registry.metrics)), registry.version),
  );
  return loaded;
}

export function indexSemconv(
  metrics: ReadonlyMap<string, SemconvMetric>,
  version = "",
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
  return { version, names: new Set(names), metrics, byStem, byNamespace };
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
