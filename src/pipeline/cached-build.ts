import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { resolve } from "node:path";
import type { Artifact } from "../emit/artifact.ts";
import { compareOutput, type Staleness } from "../emit/compare.ts";
import type { OutputFs } from "../emit/output-fs.ts";
import { type ProtectedFolder, repositoryRoot } from "../emit/ownership.ts";
import { writeOutput } from "../emit/write.ts";
import type { ModuleCache } from "../load/module-cache.ts";
import {
  type EstateInputs,
  estateKey,
  type EstateRecord,
  openIncrementalCache,
  preloadAnalyses,
  RecordMiss,
  readEstateRecord,
  recordedArtifacts,
  statIndexOf,
} from "./estate-record.ts";
import type { CacheOptions, CacheStats } from "./incremental.ts";

/**
 * `build` and `check` of an estate whose every input is the one the estate
 * record (src/pipeline/estate-record.ts) was made from: no module is run
 * and nothing is validated or compiled; the record's artifacts are compared
 * with out/ through the stat index, and a build writes only what differs
 * (its bytes read from the cache). This module imports no part of the
 * model, the targets or the Grafana SDK, so a warm `check` starts in the
 * time it takes to stat out/. Anything else (no record, another key, bytes
 * gone from the cache) returns undefined and the caller takes the full path
 * (src/pipeline/project.ts), which writes the record for next time.
 */
export interface CachedProjectOptions {
  definitions?: string;
  out?: string;
  cwd?: string;
  cache?: false | CacheOptions;
  onCache?: (stats: CacheStats) => void;
  /** What else must match the record: see `estateOptions`. */
  grafana?: unknown;
  checkTemplates?: boolean;
  logqlWarnings?: boolean;
  lintConfig?: unknown;
  signal?: AbortSignal;
  fs?: OutputFs;
}

/** The options that change a build's output or messages, as part of the estate key. */
export function estateOptions(options: CachedProjectOptions): string {
  return JSON.stringify({
    grafana: options.grafana ?? null,
    templates: options.checkTemplates !== false,
    logql: options.logqlWarnings !== false,
    lintConfig: options.lintConfig ?? null,
  });
}

export function estateInputs(options: CachedProjectOptions): EstateInputs {
  const cwd = options.cwd ?? process.cwd();
  return {
    definitionsDir: resolve(cwd, options.definitions ?? "definitions"),
    cwd,
    options: estateOptions(options),
  };
}

interface Hit {
  cache: ModuleCache;
  record: EstateRecord;
  stats: CacheStats;
  inputs: EstateInputs;
}

/**
 * The record does not fit: take the full path, with `cache` (the options
 * for it, the module cache already opened and its file hashes kept).
 */
export interface Miss {
  miss: true;
  cache: false | CacheOptions;
}

async function recordHit(options: CachedProjectOptions): Promise<Hit | Miss> {
  const cacheOptions = options.cache ?? {};
  const miss = (opened?: ModuleCache, key?: Awaited<ReturnType<typeof estateKey>>): Miss => ({
    miss: true,
    cache:
      cacheOptions === false
        ? false
        : { ...cacheOptions, ...(opened && { opened, estateKey: key ?? null }) },
  });
  // A test filesystem, or the cache turned off: the full path, always.
  if (options.fs !== undefined || cacheOptions === false || cacheOptions.modules === false)
    return miss();
  const inputs = estateInputs(options);
  const cache = openIncrementalCache(inputs.definitionsDir, cacheOptions);
  if (cache === undefined) return miss();
  const record = readEstateRecord(cache, inputs.definitionsDir);
  if (record !== undefined) preloadAnalyses(cache, record.analyses);
  const key = await estateKey(cache, inputs);
  if (record === undefined || key === undefined || key.key !== record.key) return miss(cache, key);
  const stats: CacheStats = {
    hits: [...record.modules],
    stored: [],
    refused: [],
    compiled: [],
    dashboards: [],
    shared: [],
    outRead: [],
    pruned: 0,
  };
  options.onCache?.(stats);
  return { cache, record, stats, inputs };
}

export type CheckOutcome =
  | { ok: true; value: Staleness; warnings: Problem[] }
  | { ok: false; diagnostics: Problem[] };

/** `check` from the estate record, or a miss (take the full path). */
export async function cachedCheck(options: CachedProjectOptions): Promise<CheckOutcome | Miss> {
  const hit = await recordHit(options);
  if ("miss" in hit) return hit;
  const out = resolve(hit.inputs.cwd, options.out ?? "out");
  const index = statIndexOf(hit.cache, out, nowOf(options));
  hit.stats.outRead = index.read;
  // Judged by sha256 alone: no artifact's bytes are read.
  const compared = await compareOutput(out, recordedArtifacts(hit.cache, hit.record), {
    cwd: hit.inputs.cwd,
    index,
  });
  if (!compared.ok) return compared;
  index.save();
  return { ok: true, value: compared.value, warnings: hit.record.warnings };
}

export interface CachedBuilt {
  /** Services of the estate. */
  services: number;
  warnings: Problem[];
  artifactCount: number;
}

/** `build` from the estate record, or a miss (take the full path). */
export async function cachedBuild(
  options: CachedProjectOptions,
): Promise<Result<CachedBuilt> | Miss> {
  const hit = await recordHit(options);
  if ("miss" in hit) return hit;
  const { cwd, definitionsDir } = hit.inputs;
  const out = resolve(cwd, options.out ?? "out");
  const index = statIndexOf(hit.cache, out, nowOf(options));
  hit.stats.outRead = index.read;
  const artifacts: Artifact[] = recordedArtifacts(hit.cache, hit.record);
  let written: Awaited<ReturnType<typeof writeOutput>>;
  try {
    written = await writeOutput(out, artifacts, {
      cwd,
      protect: await protectedFolders(cwd, definitionsDir),
      index,
      ...(options.signal !== undefined && { signal: options.signal }),
    });
  } catch (error) {
    // The bytes of a file to write are gone from the cache: nothing was written.
    if (error instanceof RecordMiss)
      return { miss: true, cache: { ...options.cache, opened: hit.cache } };
    throw error;
  }
  if (!written.ok) return written;
  index.save();
  return {
    ok: true,
    value: {
      services: hit.record.services,
      warnings: [...hit.record.warnings, ...written.value.warnings],
      artifactCount: written.value.count,
    },
  };
}

function nowOf(options: CachedProjectOptions): (() => number) | undefined {
  return options.cache === false ? undefined : options.cache?.now;
}

/**
 * What `--out` must never be or contain: the definitions (nor lie inside
 * them), the working directory, and the git repositories holding either, so
 * that `--out .`, `--out ..` or an unset `--out "$DIR"` cannot replace them.
 */
export async function protectedFolders(
  cwd: string,
  definitions: string,
): Promise<ProtectedFolder[]> {
  const folders: ProtectedFolder[] = [{ path: cwd, what: "the working directory" }];
  for (const start of [cwd, definitions]) {
    const root = await repositoryRoot(start);
    if (root !== undefined) folders.push({ path: root, what: "the repository root" });
  }
  folders.push({ path: definitions, what: "the definitions folder", forbidInside: true });
  return folders;
}
