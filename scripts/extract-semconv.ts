// `npm run semconv`: extract the metrics of the OpenTelemetry semantic-conventions registry (its
// model YAML, ../shared/corpora/semconv) into src/lint/semconv-registry.json: per metric name its
// instrument, unit, stability and attributes (with requirement levels), plus the registry version.
// The npm package @opentelemetry/semantic-conventions has the names only; the lint needs types,
// units and attributes. test/lint/semconv-registry.test.ts fails when the committed file is stale.
import { readdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type {
  SemconvInstrument,
  SemconvMetric,
  SemconvRegistry,
  SemconvRequirement,
} from "../src/lint/semconv-registry.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const SEMCONV_CORPUS = resolve(ROOT, "../shared/corpora/semconv");
export const REGISTRY_FILE = join(ROOT, "src/lint/semconv-registry.json");

interface RawAttribute {
  id?: string;
  ref?: string;
  ref_group?: string;
  requirement_level?: unknown;
}

interface RawGroup {
  id: string;
  /** v2 files (`file_format: definition/2`) name metrics with `name`. */
  name?: string;
  type: string;
  metric_name?: string;
  instrument?: string;
  unit?: string;
  stability?: string;
  extends?: string;
  attributes?: RawAttribute[];
  deprecated?: { reason?: string; renamed_to?: string };
}

const INSTRUMENTS: ReadonlySet<string> = new Set([
  "counter",
  "updowncounter",
  "gauge",
  "histogram",
]);
const REQUIREMENTS: ReadonlySet<string> = new Set([
  "required",
  "conditionally_required",
  "recommended",
  "opt_in",
]);

/** The extracted registry as the committed file holds it (one metric per line, keys sorted). */
export function extractSemconv(corpus: string = SEMCONV_CORPUS): string {
  const registry = readRegistry(corpus);
  const lines = Object.keys(registry.metrics)
    .sort(compare)
    .map((name) => `    ${JSON.stringify(name)}: ${JSON.stringify(registry.metrics[name])}`);
  return `{\n  "version": ${JSON.stringify(registry.version)},\n  "resourceAttributes": ${JSON.stringify(registry.resourceAttributes)},\n  "metrics": {\n${lines.join(",\n")}\n  }\n}\n`;
}

export function readRegistry(corpus: string): SemconvRegistry {
  const groups = new Map<string, RawGroup>();
  const refinements: RawRefinement[] = [];
  const modelDir = join(corpus, "model");
  for (const file of yamlFiles(modelDir)) {
    const doc = parse(readFileSync(join(modelDir, file), "utf8")) as RawFile | null;
    for (const group of fileGroups(doc ?? {})) {
      if (groups.has(group.id)) throw new Error(`${file}: group ${group.id} defined twice`);
      groups.set(group.id, group);
    }
    refinements.push(...(doc?.metric_refinements ?? []));
  }
  const metrics: Record<string, SemconvMetric> = {};
  for (const group of [...groups.values()].sort((a, b) => compare(a.id, b.id))) {
    if (group.type !== "metric" || group.metric_name === undefined) continue;
    const name = group.metric_name;
    if (metrics[name] !== undefined) throw new Error(`metric ${name} defined twice`);
    const instrument = group.instrument ?? "";
    if (!INSTRUMENTS.has(instrument))
      throw new Error(`${group.id}: unknown instrument ${JSON.stringify(instrument)}`);
    const attributes = resolveAttributes(group, groups, new Set());
    const sorted: Record<string, SemconvRequirement> = {};
    for (const key of Object.keys(attributes).sort(compare)) sorted[key] = attributes[key]!;
    metrics[name] = {
      instrument: instrument as SemconvInstrument,
      unit: String(group.unit ?? ""),
      stability: group.stability ?? "development",
      attributes: sorted,
      ...(group.deprecated !== undefined && {
        deprecated: group.deprecated.renamed_to ?? group.deprecated.reason ?? "deprecated",
      }),
    };
  }
  // A refinement narrows a metric for one kind of thing (hw.status of a fan, of a disk): its
  // attributes are valid on the refined metric too, so they join its set.
  for (const refinement of refinements) {
    const metric = metrics[refinement.ref];
    if (metric === undefined)
      throw new Error(`${refinement.id}: refines unknown metric ${refinement.ref}`);
    const extra = resolveAttributes(
      { id: refinement.id, type: "metric_refinement", attributes: refinement.attributes ?? [] },
      groups,
      new Set(),
    );
    const merged: Record<string, SemconvRequirement> = { ...extra, ...metric.attributes };
    const sorted: Record<string, SemconvRequirement> = {};
    for (const key of Object.keys(merged).sort(compare)) sorted[key] = merged[key]!;
    metrics[refinement.ref] = { ...metric, attributes: sorted };
  }
  // Entities (service, host, k8s.pod…) describe the resource; an OTLP receiver may promote
  // their attributes to labels of every metric (Prometheus `promote_resource_attributes`).
  const resource = new Set<string>();
  for (const group of groups.values()) {
    if (group.type !== "entity") continue;
    for (const name of Object.keys(resolveAttributes(group, groups, new Set()))) resource.add(name);
  }
  return {
    version: sourceVersion(corpus),
    resourceAttributes: [...resource].sort(compare),
    metrics,
  };
}

interface RawRefinement {
  id: string;
  ref: string;
  attributes?: RawAttribute[];
}

/** A model file in either format: v1 `groups`, or v2 `attribute_groups` and `metrics`. */
interface RawFile {
  groups?: RawGroup[];
  attribute_groups?: RawGroup[];
  metrics?: RawGroup[];
  metric_refinements?: RawRefinement[];
}

function fileGroups(doc: RawFile): RawGroup[] {
  return [
    ...(doc.groups ?? []),
    ...(doc.attribute_groups ?? []).map((g) => ({ ...g, type: "attribute_group" })),
    ...(doc.metrics ?? []).map((m) => ({
      ...m,
      id: `metric.${m.name}`,
      type: "metric",
      metric_name: m.name,
    })),
  ];
}

/**
 * A group's attributes with their requirement level: what it `extends`
 * first (recursively), then its own refs and `ref_group`s, the nearer
 * definition winning, as the semconv generator (weaver) resolves them.
 */
function resolveAttributes(
  group: RawGroup,
  groups: ReadonlyMap<string, RawGroup>,
  seen: Set<string>,
): Record<string, SemconvRequirement> {
  if (seen.has(group.id)) throw new Error(`${group.id}: extends itself`);
  seen.add(group.id);
  const out: Record<string, SemconvRequirement> = {};
  if (group.extends !== undefined)
    Object.assign(out, resolveAttributes(find(group.extends), groups, seen));
  for (const attr of group.attributes ?? []) {
    if (attr.ref_group !== undefined) {
      Object.assign(out, resolveAttributes(find(attr.ref_group), groups, new Set(seen)));
      continue;
    }
    const id = attr.ref ?? attr.id;
    if (id === undefined) throw new Error(`${group.id}: attribute without ref or id`);
    out[id] = requirement(attr.requirement_level, `${group.id}: ${id}`);
  }
  return out;

  function find(id: string): RawGroup {
    const found = groups.get(id);
    if (found === undefined) throw new Error(`${group.id}: unknown group ${id}`);
    return found;
  }
}

/** `required`, or `{ conditionally_required: "why" }` → its key; unset means recommended (the spec's default). */
function requirement(level: unknown, where: string): SemconvRequirement {
  const key =
    level === undefined
      ? "recommended"
      : typeof level === "string"
        ? level
        : Object.keys(level as object)[0];
  if (key === undefined || !REQUIREMENTS.has(key))
    throw new Error(`${where}: unknown requirement level ${JSON.stringify(level)}`);
  return key as SemconvRequirement;
}

/** The registry tag SOURCES.md records for the copy (`v1.44.0` → `1.44.0`). */
function sourceVersion(corpus: string): string {
  const sources = readFileSync(join(corpus, "SOURCES.md"), "utf8");
  const tag = /at tag\s+`v(\d+\.\d+\.\d+)`/.exec(sources);
  if (tag === null) throw new Error(`${join(corpus, "SOURCES.md")}: no "at tag \`vX.Y.Z\`"`);
  return tag[1]!;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".yaml"))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort(compare);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await writeFile(REGISTRY_FILE, extractSemconv(process.argv[2] ?? SEMCONV_CORPUS));
  console.log(`wrote ${relative(process.cwd(), REGISTRY_FILE)}`);
}
