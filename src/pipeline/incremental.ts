import { isDeepStrictEqual } from "node:util";
import { type Artifact, artifactOf } from "../emit/artifact.ts";
import { sha256 } from "../emit/manifest.ts";
import type { ModuleCache } from "../load/module-cache.ts";
import { type Estate, type RawDefinition, type Sourced, sourcesOf } from "../model/estate.ts";
import type { Service } from "../model/service.ts";
import type { KubernetesSettings } from "../model/estate-settings.ts";
import {
  dashboardFile,
  type PlannedDashboard,
  planDashboards,
  provisioningFiles,
} from "../targets/grafana/compile.ts";
import type { GrafanaSettings } from "../targets/grafana/settings.ts";
import { dashboardInput } from "../targets/grafana/dashboard-input.ts";
import { serviceSchemaFile } from "../targets/json-schema.ts";
import { alertmanagerFiles } from "../targets/alertmanager/compile.ts";
import { ARTIFACT_PATHS } from "../targets/shared/artifact-paths.ts";
import type { CompileOptions } from "./compile.ts";
import { estateGrafanaSettings, rulerFiles, serviceFiles } from "./compile.ts";
import type { RulersSettings } from "../model/rulers.ts";
import { compareStrings } from "../core/order.ts";
import type { StatIndex } from "../emit/stat-index.ts";
import { cacheKey } from "../load/transpile-cache.ts";
import { pruneCache } from "../load/cache-prune.ts";
import {
  type ArtifactsRecord,
  type BuildRecord,
  emptyRecord,
  encodeArtifacts,
  encodeRecord,
  headsOf,
  lazyArtifacts,
  readArtifacts,
  readRecord,
  recordKeys,
} from "./build-record.ts";
import { openIncrementalCache, preloadAnalyses, statIndexOf } from "./estate-record.ts";
import { type DeferredEntries, deferredEntries, linkedEntry } from "./linked-entries.ts";
import type { CompilePool } from "./parallel-compile.ts";

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
 * and the Grafana and Kubernetes settings. The lint config is not in any key: it only sets
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
  /**
   * Size the cache folder is pruned to after a build that stored entries
   * (src/load/cache-prune.ts); default `OBSFORGE_CACHE_MAX_MB` MiB, else 1024 MiB.
   */
  maxBytes?: number;
  /** Only for tests: the clock the stat index of out/ takes a run's start from. */
  now?: () => number;
  /**
   * Internal: the module cache this same build opened to try the estate
   * record (src/pipeline/cached-build.ts), so the files it hashed are not
   * read and hashed again.
   */
  opened?: ModuleCache;
  /**
   * Internal: the estate key that same attempt took with `opened` before
   * anything was loaded (null: the estate has none), so the full path does
   * not list and hash the definitions again for it.
   */
  estateKey?: { key: string; modules: string[] } | null;
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
  /** Services whose dashboards were built this build (the others came from the cache). */
  dashboards: string[];
  /** Artifacts of no definition in particular compiled this build (`schema`, the editors' schema). */
  shared: string[];
  /** Files of out/ read to compare them, because the stat index could not vouch for them. */
  outRead: string[];
  /** Cache entries pruned after this build. */
  pruned: number;
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
  /**
   * Every artifact of the estate, as emitEstate yields them, from the cache
   * where it can; what must be compiled comes from `pool`'s workers when it
   * can. `into`: the folder the build writes them to; the entries of what is
   * compiled then link to its files (src/pipeline/linked-entries.ts), made by
   * `finish`, so only after a successful write.
   */
  emit: (
    estate: Estate,
    options: CompileOptions,
    into?: { out: string },
    pool?: CompilePool,
  ) => Generator<Artifact>;
  /** The stat index of the output folder `out` (src/emit/stat-index.ts). */
  statIndex: (out: string) => StatIndex;
  /** After a build or check that succeeded: save the record and the index, prune. */
  finish: (index: StatIndex | undefined) => void;
  /** The module cache (the estate record is kept in it too). */
  cache: ModuleCache;
  /** The entry holding each artifact's bytes, as far as emitted. */
  entryOf: ReadonlyMap<string, string>;
}

/** Open the cache for one build; undefined when there is no private folder for it. */
export async function openIncremental(
  definitionsDir: string,
  options: CacheOptions = {},
): Promise<Incremental | undefined> {
  const cache = options.opened ?? openIncrementalCache(definitionsDir, options);
  if (cache === undefined) return undefined;
  const stats: CacheStats = {
    hits: [],
    stored: [],
    refused: [],
    compiled: [],
    dashboards: [],
    shared: [],
    outRead: [],
    pruned: 0,
  };
  const recordKey = cache.derivedKey(["build record", definitionsDir]);
  const read = readRecord(cache, recordKey);
  const { record } = read;
  preloadAnalyses(cache, record.analyses);
  const entryOf = new Map<string, string>();
  const next = emptyRecord();
  const keys = new Map<string, string>();
  const fresh = new Set<string>();
  const validated = new Map<RawDefinition, Service>();
  let deferred: DeferredEntries | undefined;
  return {
    stats,
    validated,
    cache,
    entryOf,
    async cached(path, { file, name }) {
      const key = await cache.keyOf(path);
      if ("refusal" in key) {
        stats.refused.push({ source: name, file: key.file, reason: key.refusal });
        return undefined;
      }
      keys.set(name, key.key);
      const recorded = record.modules[name];
      const service = recorded?.key === key.key ? recorded.service : readService(cache, key.key);
      if (service === undefined) {
        fresh.add(name);
        return undefined;
      }
      next.modules[name] = { key: key.key, service };
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
        const back = JSON.parse(json) as Service;
        // Only what reads back as the very same value: no undefined fields, NaN, -0 or prototypes lost.
        if (!isDeepStrictEqual(back, s.value)) {
          stats.refused.push({ source: s.source, file: s.source, reason: "its model is not JSON" });
          keys.delete(s.source);
          continue;
        }
        // The read-back copy, not the model: the record must not share what later stages hold.
        // The record is where it is kept; it gets an entry of its own once the record drops it.
        next.modules[s.source] = { key, service: back };
        stats.stored.push(s.source);
      }
    },
    emit: (estate, compileOptions, into, pool) => {
      deferred = into === undefined ? undefined : deferredEntries(into.out);
      return emitCached(estate, {
        pool,
        cache,
        keys,
        stats,
        record,
        next,
        entryOf,
        grafana: estateGrafanaSettings(estate, compileOptions.grafana),
        kubernetes: estate.settings?.kubernetes,
        rulers: compileOptions.rulers,
        deferred,
      });
    },
    statIndex(out) {
      const index = statIndexOf(cache, out, options.now);
      stats.outRead = index.read;
      return index;
    },
    finish(index) {
      const wrote = stats.stored.length + stats.compiled.length + stats.dashboards.length > 0;
      deferred?.write(cache);
      index?.save();
      for (const [sha, analysis] of cache.analyses) next.analyses[sha] = analysis;
      // Only modules of this estate, with their keys of this build.
      for (const name of Object.keys(next.modules)) if (!keys.has(name)) delete next.modules[name];
      spillDropped(cache, record, next);
      cache.set(recordKey, encodeRecord(next, read));
      if (!wrote) return;
      // The folder is scanned once an eighth of the bound has been written since
      // the last scan, so it stays under 9/8 of it without a scan per build.
      const stampKey = cacheKey(["obsforge prune stamp"]);
      const since = (Number(cache.get(stampKey)) || 0) + cache.written();
      const maxBytes = maxBytesOf(options);
      if (since <= maxBytes / 8) {
        cache.set(stampKey, String(since));
        return;
      }
      const keep = new Set([...cache.used, ...recordKeys(next)]);
      stats.pruned = pruneCache(cache.dir, { keep, maxBytes });
      cache.set(stampKey, "0");
    },
  };
}

/** The size the cache is pruned to: the option, else OBSFORGE_CACHE_MAX_MB, else 1 GiB. */
function maxBytesOf(options: CacheOptions): number {
  if (options.maxBytes !== undefined) return options.maxBytes;
  const mb = Number(process.env.OBSFORGE_CACHE_MAX_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : 1024) * 1024 * 1024;
}

/**
 * A validated service lives in the build record, not in an entry of its own
 * (nor do the heads of its artifacts: src/pipeline/linked-entries.ts):
 * a cold build made a cache file per module for it, which this machine's
 * file system creates at 0.2–0.4 ms each on the main thread, while the
 * record this build writes holds them all. Only when the record drops a
 * service (its module changed, or left the estate) is it written as an
 * entry under its key, so a module changed back (a branch switched back, an
 * edit undone) is still served from the cache (readService).
 */
function spillDropped(cache: ModuleCache, record: BuildRecord, next: BuildRecord): void {
  for (const [name, before] of Object.entries(record.modules)) {
    const after = next.modules[name];
    if (after?.key !== before.key) cache.set(before.key, JSON.stringify(before.service));
    // Its artifacts' heads likewise (linked-entries.ts), unless an entry holds them already.
    for (const kind of ["files", "dashboards"] as const) {
      const was = before[kind];
      if (was !== undefined && after?.[kind]?.key !== was.key && cache.get(was.key) === undefined)
        cache.set(was.key, linkedEntry(was.heads));
    }
  }
  for (const [name, was] of Object.entries(record.shared))
    if (next.shared[name]?.key !== was.key && cache.get(was.key) === undefined)
      cache.set(was.key, linkedEntry(was.heads));
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
  /** The latest build's record, and the one this build writes. */
  record: BuildRecord;
  next: BuildRecord;
  /** The entry holding each artifact's bytes (for the estate record). */
  entryOf: Map<string, string>;
  grafana: GrafanaSettings;
  kubernetes: KubernetesSettings | undefined;
  rulers: RulersSettings | undefined;
  /** Set when the build writes out/: entries of what is compiled are made after the write. */
  deferred: DeferredEntries | undefined;
  /** Workers compiling what the cache does not hold (src/pipeline/parallel-compile.ts). */
  pool: CompilePool | undefined;
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
    JSON.stringify(state.kubernetes ?? null),
  ]);
}

/**
 * The cache key of a service's dashboards: like `artifactKey`, but from the
 * sha256 of what they are built from (src/targets/grafana/dashboard-input.ts:
 * the service without its rules) instead of the module's key, so a module
 * edit that changes only rules keeps its dashboards' entry. The hash is
 * taken once per module key and kept in the build record; the module key
 * still gates the entry (a module with none, one whose service is not plain
 * JSON, is compiled every build, as before).
 */
function dashboardsKey(state: EmitState, sourced: Sourced<Service>): string | undefined {
  if (sourced.sources !== undefined) return undefined;
  const key = state.keys.get(sourced.source);
  if (key === undefined) return undefined;
  const recorded = state.record.modules[sourced.source];
  const input =
    recorded?.key === key && typeof recorded.dashboardInput === "string"
      ? recorded.dashboardInput
      : sha256(JSON.stringify(dashboardInput(sourced.value)));
  const module = state.next.modules[sourced.source];
  if (module !== undefined) module.dashboardInput = input;
  return state.cache.derivedKey([
    "dashboards",
    input,
    JSON.stringify(sourcesOf(sourced)),
    JSON.stringify(state.grafana),
    JSON.stringify(state.kubernetes ?? null),
  ]);
}

/** The same artifacts, in the same order, as `emitEstate` (src/pipeline/compile.ts). */
function* emitCached(estate: Estate, state: EmitState): Generator<Artifact> {
  for (const sourced of estate.services) {
    const key = artifactKey(state, sourced, "files");
    const compile = () =>
      state.pool?.files(sourced.source) ??
      serviceFiles(sourced, state.grafana, { kubernetes: state.kubernetes }).map(hashed);
    if (key === undefined) {
      state.stats.compiled.push(sourced.source);
      yield* compile();
      continue;
    }
    const artifacts = cachedOrCompiled(
      state,
      { key, source: sourced.source, kind: "files" },
      () => {
        state.stats.compiled.push(sourced.source);
        return compile();
      },
    );
    yield* artifacts;
  }
  yield* emitDashboards(estate, state);
  for (const file of rulerFiles(estate, state.rulers, state.grafana)) yield hashed(file);
  // The editors' schema depends on no definition: one entry per obsforge (the salt is in every key).
  yield* cachedOrCompiled(
    state,
    { key: state.cache.derivedKey(["service schema"]), shared: "schema" },
    () => {
      state.stats.shared.push("schema");
      return [hashed(serviceSchemaFile())];
    },
  );
  // Routing reads every service's alerts, so it is compiled on every build, like the provisioning.
  for (const file of alertmanagerFiles(estate)) yield hashed(file);
}

function hashed(file: Parameters<typeof artifactOf>[0]): Artifact {
  const artifact = artifactOf(file);
  const bytes = Buffer.from(artifact.content, "utf8");
  return { ...artifact, bytes, sha256: sha256(bytes) };
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
  const bySourcePlanned = new Map<string, (typeof planned)[number][]>();
  for (const d of planned) {
    left.set(d.planned.source, (left.get(d.planned.source) ?? 0) + 1);
    const own = bySourcePlanned.get(d.planned.source);
    if (own === undefined) bySourcePlanned.set(d.planned.source, [d]);
    else own.push(d);
  }
  const open = new Map<string, Map<string, Artifact>>();
  const uncached = new Set<string>();
  for (const { planned: p, path } of planned) {
    const sourced = bySource.get(p.source);
    const key = sourced === undefined ? undefined : dashboardsKey(state, sourced);
    if (key === undefined) {
      if (!uncached.has(p.source)) state.stats.dashboards.push(p.source);
      uncached.add(p.source);
      yield hashed(dashboardFile(p, path, state.grafana));
      continue;
    }
    let entry = open.get(p.source);
    if (entry === undefined) {
      const own = bySourcePlanned.get(p.source)!;
      entry = serviceDashboards(state, { key, source: p.source, own });
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
    /** This service's dashboards, in path order. */
    own: readonly { planned: PlannedDashboard; path: string }[];
  },
): Map<string, Artifact> {
  const { own } = at;
  const build = () => {
    state.stats.dashboards.push(at.source);
    return (
      state.pool?.dashboards(
        at.source,
        own.map((d) => d.path),
      ) ?? own.map((d) => hashed(dashboardFile(d.planned, d.path, state.grafana)))
    );
  };
  const covers = (paths: readonly string[]) =>
    paths.length === own.length && own.every((d) => paths.includes(d.path));
  const artifacts = cachedOrCompiled(
    state,
    { key: at.key, source: at.source, kind: "dashboards", covers },
    build,
  );
  return new Map(artifacts.map((a) => [a.path, a]));
}

/**
 * A service's artifacts of one kind: described by the latest build's record
 * (content read on first use), else from their entry, else compiled and
 * stored. Whichever it is, this build's record describes them.
 */
function cachedOrCompiled(
  state: EmitState,
  at: {
    key: string;
    covers?: (paths: readonly string[]) => boolean;
  } & ({ source: string; kind: "files" | "dashboards" } | { shared: string }),
  compile: () => Artifact[],
): Artifact[] {
  const covers = at.covers ?? (() => true);
  const recorded: ArtifactsRecord | undefined =
    "shared" in at ? state.record.shared[at.shared] : state.record.modules[at.source]?.[at.kind];
  let artifacts: Artifact[] | undefined;
  let heads = recorded?.heads;
  if (recorded?.key === at.key && covers(recorded.heads.map((h) => h.path))) {
    artifacts = lazyArtifacts(state.cache, recorded, compile);
  } else {
    const hit = readArtifacts(state.cache, at.key);
    if (hit !== undefined && covers(hit.map((a) => a.path))) artifacts = hit;
    else {
      artifacts = compile();
      if (state.deferred !== undefined) state.deferred.defer(at.key, headsOf(artifacts));
      else state.cache.set(at.key, encodeArtifacts(artifacts));
    }
    heads = headsOf(artifacts);
  }
  if ("shared" in at) state.next.shared[at.shared] = { key: at.key, heads: heads! };
  else {
    const module = state.next.modules[at.source];
    if (module !== undefined) module[at.kind] = { key: at.key, heads: heads! };
  }
  for (const a of artifacts) state.entryOf.set(a.path, at.key);
  return artifacts;
}
