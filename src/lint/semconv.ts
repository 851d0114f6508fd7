import { editDistance } from "../core/edit-distance.ts";
import { sanitizeName } from "./metric-names.ts";

/**
 * OpenTelemetry semantic-convention metric names, from the
 * @opentelemetry/semantic-conventions package (stable and incubating
 * `METRIC_*` constants). Loaded on demand: the module is large and only the
 * otel and strict profiles need it.
 */
export interface SemconvIndex {
  /** Every semconv metric name, e.g. `http.server.request.duration`. */
  names: ReadonlySet<string>;
  /** Sanitised Prometheus stem (`http_server_request_duration`) → semconv name. */
  byStem: ReadonlyMap<string, string>;
  /** First `_` token of the stem (`http`) → stems in that namespace, sorted. */
  byNamespace: ReadonlyMap<string, readonly string[]>;
}

let loaded: Promise<SemconvIndex> | undefined;

export function loadSemconv(): Promise<SemconvIndex> {
  loaded ??= (async () => {
    const [stable, incubating] = await Promise.all([
      import("@opentelemetry/semantic-conventions"),
      import("@opentelemetry/semantic-conventions/incubating"),
    ]);
    const names = new Set<string>();
    for (const mod of [stable, incubating] as Record<string, unknown>[]) {
      for (const [key, value] of Object.entries(mod)) {
        if (key.startsWith("METRIC_") && typeof value === "string") names.add(value);
      }
    }
    return indexSemconv(names);
  })();
  return loaded;
}

export function indexSemconv(names: ReadonlySet<string>): SemconvIndex {
  const byStem = new Map<string, string>();
  const byNamespace = new Map<string, string[]>();
  for (const name of [...names].sort()) {
    const stem = semconvStem(name);
    if (!byStem.has(stem)) byStem.set(stem, name);
    const ns = stem.split("_")[0] ?? stem;
    const list = byNamespace.get(ns) ?? [];
    list.push(stem);
    byNamespace.set(ns, list);
  }
  return { names, byStem, byNamespace };
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
