import { isDeepStrictEqual } from "node:util";
import { type Artifact, artifactOf } from "../emit/artifact.ts";
import { sha256 } from "../emit/manifest.ts";
import { codeFingerprint } from "../load/code-fingerprint.ts";
import { transformSalt } from "../load/definitions.ts";
import { type ModuleCache, openModuleCache } from "../load/module-cache.ts";
import { type Estate, type RawDefinition, type Sourced, sourcesOf } from "../model/estate.ts";
import type { Service } from "../model/service.ts";
import {
  dashboardFile,
  type PlannedDashboard,
  planDashboards,
  provisioningFiles,
} from "../targets/grafana/compile.ts";
import { type GrafanaSettings, grafanaSettings } from "../targets/grafana/settings.ts";
import { serviceSchemaFile } from "../targets/json-schema.ts";
import { alertmanagerFiles } from "../targets/alertmanager/compile.ts";
import { ARTIFACT_PATHS } from "../targets/shared/artifact-paths.ts";
import type { CompileOptions } from "./compile.ts";
import { serviceFiles } from "./compile.ts";
import { compareStrings } from "../core/order.ts";

/**
 * Incremental builds. A definition module whose bytes, and the bytes of
 * every file it imports, are those of an earlier build gets, from the
 * module cache (src/load/module-cache.ts), the service that build validated
 * and the artifacts it compiled, and is neither run, validated nor
 * compiled again. What spans the estate (cross-definition checks, the
 * provisioning files, the manifest, the comparison with out/) runs on every
 * build, on every service, so the output is the bytes an uncached build
 * writes.
 *
 * Cached: the validated service of a module (JSON that reads back equal to
 * it, checked before it is stored), its rule, Loki and test files, and its
 * dashboards (their bytes and sha256). Keys: the running obsforge
 * (src/load/code-fingerprint.ts), the transform's salt, the module and its
 * closure's content hashes; artifacts also the files they name as sources
 * and the Grafana settings. The lint config is not in any key: it only sets
 * the levels of the LogQL checks, which run on every build.
 */
export interface CacheOptions {
  /** `false`: no module cache (modules are still transpiled through the transpile cache). */
  modules?: boolean;
  /** Folder of the cache; default `$XDG_CACHE_HOME/obsforge/incremental` or `~/.cache/obsforge/incremental`. */
  dir?: string;
  /** Only for tests: another obsforge version in every key. */
  version?: string;
  /** Only for tests: another transform salt (src/load/definitions.ts) in every key. */
  transformSalt?: string;
}

/** What the cache did in one build (tests read it; the CLI does not print it). */
export interface CacheStats {
  /** Modules whose validated service came from the cache. */
  hits: string[];
  /** Modules loaded, validated and stored this build. */
  stored: string[];
  /** Modules not cached, and why (first refused file of the closure). */
  refused: { source: string; file: string; reason: string }[];
  /** Services whose artifacts were compiled this build (the others came from the cache). */
  compiled: string[];
}

export interface Incremental {
  stats: CacheStats;
  /** The loader's hook (LoadOptions.cached). */
  cached: (
    path: string,
    where: { file: string; name: string },
  ) => Promise<RawDefinition | undefined>;
  /** Services taken from the cache, for buildEstate. */
  validated: Map<RawDefinition, Service>;
  /** Store the services validated this build. */
  remember: (estate: Estate) => void;
  /** Every artifact of the estate, as emitEstate yields them, from the cache where it can. */
  emit: (estate: Estate, options: CompileOptions) => Generator<Artifact>;
}

/** Open the cache for one build; undefined when there is no private folder for it. */
export async function openIncremental(
  definitionsDir: string,
  options: CacheOptions = {},
): Promise<Incremental | undefined> {
  const fingerprint = codeFingerprint();
  const salt = [
    fingerprint.hash,
    options.version ?? fingerprint.version,
    options.transformSalt ?? transformSalt(),
  ];
  const cache = openModuleCache({
    definitionsDir,
    salt: salt.join("|"),
    ...(options.dir !== undefined && { dir: options.dir }),
  });
  if (cache === undefined) return undefined;
  const stats: CacheStats = { hits: [], stored: [], refused: [], compiled: [] };
  const keys = new Map<string, string>();
  const fresh = new Set<string>();
  const validated = new Map<RawDefinition, Service>();
  return {
    stats,
    validated,
    async cached(path, { file, name }) {
      const key = await cache.keyOf(path);
      if ("refusal" in key) {
        stats.refused.push({ source: name, file: key.file, reason: key.refusal });
        return undefined;
      }
      keys.set(name, key.key);
      const service = readService(cache, key.key);
      if (service === undefined) {
        fresh.add(name);
        return undefined;
      }
      const def: RawDefinition = { file, source: name, exported: service };
      validated.set(def, service);
      stats.hits.push(name);
      return def;
    },
    remember(estate) {
      for (const s of estate.services) {
        const key = keys.get(s.source);
        if (key === undefined || !fresh.has(s.source) || s.sources !== undefined) continue;
        const json = JSON.stringify(s.value);
        // Only what reads back as the very same value: no undefined fields, NaN, -0 or prototypes lost.
        if (!isDeepStrictEqual(JSON.parse(json), s.value)) {
          stats.refused.push({ source: s.source, file: s.source, reason: "its model is not JSON" });
          keys.delete(s.source);
          continue;
        }
        cache.set(key, json);
        stats.stored.push(s.source);
      }
    },
    emit: (estate, compileOptions) =>
      emitCached(estate, { cache, keys, stats, grafana: grafanaSettings(compileOptions.grafana) }),
  };
}

function readService(cache: ModuleCache, key: string): Service | undefined {
  const data = cache.get(key);
  if (data === undefined) return undefined;
  try {
    return JSON.parse(data) as Service;
  } catch {
    return undefined;
  }
}

interface EmitState {
  cache: ModuleCache;
  keys: ReadonlyMap<string, string>;
  stats: CacheStats;
  grafana: GrafanaSettings;
}

/** The cache key of one service's artifacts of a kind, when its module has a key. */
function artifactKey(
  state: EmitState,
  sourced: Sourced<Service>,
  kind: string,
): string | undefined {
  if (sourced.sources !== undefined) return undefined;
  const key = state.keys.get(sourced.source);
  if (key === undefined) return undefined;
  return state.cache.derivedKey([
    kind,
    key,
    JSON.stringify(sourcesOf(sourced)),
    JSON.stringify(state.grafana),
  ]);
}

/** The same artifacts, in the same order, as `emitEstate` (src/pipeline/compile.ts). */
function* emitCached(estate: Estate, state: EmitState): Generator<Artifact> {
  for (const sourced of estate.services) {
    const key = artifactKey(state, sourced, "files");
    const hit = key === undefined ? undefined : readArtifacts(state.cache, key);
    if (hit !== undefined) {
      yield* hit;
      continue;
    }
    state.stats.compiled.push(sourced.source);
    const files = serviceFiles(sourced, state.grafana).map(hashed);
    if (key !== undefined) state.cache.set(key, encodeArtifacts(files));
    yield* files;
  }
  yield* emitDashboards(estate, state);
  yield hashed(serviceSchemaFile());
  // Routing reads every service's alerts, so it is compiled on every build, like the provisioning.
  for (const file of alertmanagerFiles(estate)) yield hashed(file);
}

function hashed(file: Parameters<typeof artifactOf>[0]): Artifact {
  const artifact = artifactOf(file);
  return { ...artifact, sha256: sha256(artifact.content) };
}

/**
 * Dashboards sorted by path, as compileGrafana yields them, then the
 * provisioning files. A service's dashboards are one cache entry, read when
 * its first dashboard is due and dropped after its last.
 */
function* emitDashboards(estate: Estate, state: EmitState): Generator<Artifact> {
  const planned = planDashboards(estate)
    .map((p) => ({ planned: p, path: ARTIFACT_PATHS.dashboard(p.folder, p.uid) }))
    .sort((a, b) => compareStrings(a.path, b.path));
  if (planned.length === 0) return;
  const bySource = new Map(estate.services.map((s) => [s.source, s]));
  const left = new Map<string, number>();
  for (const { planned: p } of planned) left.set(p.source, (left.get(p.source) ?? 0) + 1);
  const open = new Map<string, Map<string, Artifact>>();
  for (const { planned: p, path } of planned) {
    const sourced = bySource.get(p.source);
    const key = sourced === undefined ? undefined : artifactKey(state, sourced, "dashboards");
    if (key === undefined) {
      yield hashed(dashboardFile(p, path, state.grafana));
      continue;
    }
    let entry = open.get(p.source);
    if (entry === undefined) {
      entry = serviceDashboards(state, { key, source: p.source, planned });
      open.set(p.source, entry);
    }
    yield entry.get(path)!;
    const remaining = left.get(p.source)! - 1;
    left.set(p.source, remaining);
    if (remaining === 0) open.delete(p.source);
  }
  for (const file of provisioningFiles(estate, planned, state.grafana)) yield hashed(file);
}

/** One service's dashboards by path: from the cache, or built now and stored. */
function serviceDashboards(
  state: EmitState,
  at: {
    key: string;
    source: string;
    planned: readonly { planned: PlannedDashboard; path: string }[];
  },
): Map<string, Artifact> {
  const own = at.planned.filter((d) => d.planned.source === at.source);
  const hit = readArtifacts(state.cache, at.key);
  if (hit !== undefined && own.every((d) => hit.some((a) => a.path === d.path)))
    return new Map(hit.map((a) => [a.path, a]));
  const built = own.map((d) => hashed(dashboardFile(d.planned, d.path, state.grafana)));
  state.cache.set(at.key, encodeArtifacts(built));
  return new Map(built.map((a) => [a.path, a]));
}

interface EntryHead {
  path: string;
  sources: string[];
  sha256: string;
  length: number;
}

/**
 * An entry of artifacts: one JSON line naming each artifact and its length,
 * then their contents one after the other (no escaping, so reading 60 MB of
 * cached YAML costs a copy, not a JSON parse).
 */
function encodeArtifacts(artifacts: readonly Artifact[]): string {
  const head: EntryHead[] = artifacts.map((a) => ({
    path: a.path,
    sources: a.sources,
    sha256: a.sha256 ?? sha256(a.content),
    length: a.content.length,
  }));
  return `${JSON.stringify(head)}\n${artifacts.map((a) => a.content).join("")}`;
}

function readArtifacts(cache: ModuleCache, key: string): Artifact[] | undefined {
  const data = cache.get(key);
  if (data === undefined) return undefined;
  const newline = data.indexOf("\n");
  let head: EntryHead[];
  try {
    head = JSON.parse(data.slice(0, newline)) as EntryHead[];
  } catch {
    return undefined;
  }
  let at = newline + 1;
  const artifacts: Artifact[] = [];
  for (const h of head) {
    artifacts.push({
      path: h.path,
      sources: h.sources,
      sha256: h.sha256,
      content: data.slice(at, at + h.length),
    });
    at += h.length;
  }
  // A short entry (a disk that filled up under the rename) is no entry.
  return at === data.length ? artifacts : undefined;
}
