/**
 * The semantic-conventions registry as the lint uses it: each convention
 * metric's instrument, unit, stability and attributes, extracted from the
 * registry's model YAML by scripts/extract-semconv.ts into
 * semconv-registry.json (committed with the registry version it came from).
 * Loaded on demand: only the otel and strict profiles need it.
 */

/** The registry's instruments (OTel API kinds, not Prometheus types). */
export type SemconvInstrument = "counter" | "updowncounter" | "gauge" | "histogram";

/** How strongly a convention asks for an attribute (the spec's requirement levels). */
export type SemconvRequirement = "required" | "conditionally_required" | "recommended" | "opt_in";

export interface SemconvMetric {
  instrument: SemconvInstrument;
  /** UCUM, as the convention writes it: `s`, `By`, `{request}`, `1`. */
  unit: string;
  /** `stable`, `release_candidate`, `development` (the registry's values). */
  stability: string;
  /** Attribute name (`http.request.method`) → requirement level. */
  attributes: Readonly<Record<string, SemconvRequirement>>;
  /** Deprecated conventions: the name it was renamed to, or the reason. */
  deprecated?: string;
}

export interface SemconvRegistry {
  /** The semantic-conventions release, e.g. `1.44.0`. */
  version: string;
  /** Attributes of the registry's entities (`service.name`, `k8s.pod.name`): resource attributes. */
  resourceAttributes: readonly string[];
  /** By OTel metric name (`http.server.request.duration`). */
  metrics: Readonly<Record<string, SemconvMetric>>;
}

let loaded: Promise<SemconvRegistry> | undefined;

export function loadSemconvRegistry(): Promise<SemconvRegistry> {
  loaded ??= import("./semconv-registry.json", { with: { type: "json" } }).then(
    (mod) => mod.default as SemconvRegistry,
  );
  return loaded;
}
