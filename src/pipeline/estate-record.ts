import type { Problem } from "../core/problem.ts";
import { createHash } from "node:crypto";
import { lstatSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import type { Artifact } from "../emit/artifact.ts";
import { sha256 } from "../emit/manifest.ts";
import { openStatIndex, type StatIndex } from "../emit/stat-index.ts";
import { codeFingerprint } from "../load/code-fingerprint.ts";
import { CONFIG_FILE } from "../load/config-file.ts";
import { ESTATE_FILE } from "../core/estate-file-name.ts";
import { isYaml, listDefinitionFiles } from "../load/definition-files.ts";
import { type ModuleCache, openModuleCache } from "../load/module-cache.ts";
import type { FileAnalysis } from "../load/module-purity.ts";
import { cacheKey } from "../load/transpile-cache.ts";
import { transformSalt } from "../load/transform-salt.ts";
import { encodeArtifacts, type EntryHead, readArtifacts } from "./build-record.ts";
import { linkedContent } from "./linked-entries.ts";
import type { CacheOptions } from "./incremental.ts";

/**
 * The estate record: what the latest build or `check` of a definitions
 * folder produced as a whole — every artifact's head and the cache entry
 * holding its bytes, the warnings, the number of services — under the
 * estate key: the module keys of every TypeScript definition (each one the
 * content hashes of its import closure), the bytes of every YAML
 * definition, of `obsforge.config.json` and of `estate.json`, the folder, the working
 * directory (messages name files relative to it) and the options that
 * change the output. When the key is the recorded one, `build` and `check`
 * need neither the model, nor the targets, nor the Grafana SDK
 * (src/pipeline/cached-build.ts): a check is a stat of each file of out/.
 *
 * Anything the key cannot see turns it off: a definition that is a
 * symbolic link, a module the purity check refuses, an unreadable file.
 */
export interface EstateRecord {
  format: typeof FORMAT;
  key: string;
  services: number;
  /** The TypeScript definitions (what a build served from the record reports as hits). */
  modules: string[];
  warnings: Problem[];
  artifacts: RecordedArtifact[];
  /** Import analyses by file sha256, so the key costs no parse and no entry per file. */
  analyses: Record<string, FileAnalysis>;
}

export interface RecordedArtifact extends Omit<EntryHead, "length"> {
  /** The cache entry holding its bytes (src/pipeline/build-record.ts's format). */
  entry: string;
}

const FORMAT = 1;

/** The salt of every key of the incremental cache: the running obsforge and the transform. */
export function incrementalSalt(options: CacheOptions): string {
  const fingerprint = codeFingerprint();
  return [
    fingerprint.hash,
    options.version ?? fingerprint.version,
    options.transformSalt ?? transformSalt(),
  ].join("|");
}

export function openIncrementalCache(
  definitionsDir: string,
  options: CacheOptions,
): ModuleCache | undefined {
  return openModuleCache({
    definitionsDir,
    salt: incrementalSalt(options),
    ...(options.dir !== undefined && { dir: options.dir }),
  });
}

/** The stat index of the output folder `out`, kept in the cache under its real path. */
export function statIndexOf(cache: ModuleCache, out: string, now?: () => number): StatIndex {
  let real = out;
  try {
    real = realpathSync(out);
  } catch {}
  const key = cacheKey(["obsforge stat index", real]);
  return openStatIndex(
    real,
    { get: () => cache.get(key), set: (data) => cache.set(key, data) },
    now,
  );
}

/** What else the output depends on: the project options that change it. */
export interface EstateInputs {
  definitionsDir: string;
  cwd: string;
  /** JSON of the options that change the output or the messages. */
  options: string;
}

/** The estate key, or undefined when the estate cannot be judged from its files alone. */
export async function estateKey(
  cache: ModuleCache,
  inputs: EstateInputs,
): Promise<{ key: string; modules: string[] } | undefined> {
  let names: string[];
  try {
    names = await listDefinitionFiles(inputs.definitionsDir);
  } catch {
    return undefined;
  }
  const parts = [inputs.definitionsDir, inputs.cwd, inputs.options];
  const modules: string[] = [];
  for (const name of names) {
    const path = join(inputs.definitionsDir, name);
    try {
      if (lstatSync(path).isSymbolicLink()) return undefined;
    } catch {
      return undefined;
    }
    if (isYaml(name)) {
      const bytes = fileHash(path);
      if (bytes === undefined) return undefined;
      parts.push(`yaml ${name} ${bytes}`);
      continue;
    }
    const key = await cache.keyOf(path);
    if ("refusal" in key) return undefined;
    parts.push(`module ${name} ${key.key}`);
    modules.push(name);
  }
  parts.push(`config ${fileHash(join(inputs.cwd, CONFIG_FILE)) ?? "absent"}`);
  // estate.json is no definition (the listing skips it) but sets deploy targets and versions.
  parts.push(`estate ${fileHash(join(inputs.definitionsDir, ESTATE_FILE)) ?? "absent"}`);
  return { key: cache.derivedKey(["estate", ...parts]), modules };
}

function fileHash(path: string): string | undefined {
  try {
    return createHash("sha256").update(readFileSync(path)).digest("hex");
  } catch {
    return undefined;
  }
}

function recordKey(cache: ModuleCache, definitionsDir: string): string {
  return cache.derivedKey(["estate record", definitionsDir]);
}

export function readEstateRecord(
  cache: ModuleCache,
  definitionsDir: string,
): EstateRecord | undefined {
  const data = cache.get(recordKey(cache, definitionsDir));
  if (data === undefined) return undefined;
  try {
    const record = JSON.parse(data) as EstateRecord;
    if (record.format !== FORMAT || !Array.isArray(record.artifacts)) return undefined;
    if (typeof record.analyses !== "object" || record.analyses === null) return undefined;
    return record;
  } catch {
    return undefined;
  }
}

/** Warm the analyses of a module cache from a record, so keys cost no entry per file. */
export function preloadAnalyses(cache: ModuleCache, analyses: Record<string, FileAnalysis>): void {
  for (const [sha, analysis] of Object.entries(analyses))
    if (Array.isArray(analysis.imports)) cache.analyses.set(sha, analysis);
}

/**
 * Collects, as a build yields them, the artifacts of the estate: those a
 * per-service entry holds by that entry, the others (provisioning, the
 * schema, the manifest, services not cached) into one entry of their own.
 */
export function estateRecorder(entryOf: ReadonlyMap<string, string>) {
  const artifacts: (RecordedArtifact & { content?: string })[] = [];
  return {
    *observe(stream: Iterable<Artifact>): Generator<Artifact> {
      for (const a of stream) {
        const entry = entryOf.get(a.path);
        artifacts.push({
          path: a.path,
          sources: a.sources,
          sha256: a.sha256 ?? sha256(a.content),
          entry: entry ?? "",
          ...(entry === undefined && { content: a.content }),
        });
        yield a;
      }
    },
    /** Store the record under `key`; nothing when its warnings are not plain JSON. */
    save(
      cache: ModuleCache,
      at: {
        definitionsDir: string;
        key: string;
        services: number;
        modules: string[];
        warnings: Problem[];
      },
    ): boolean {
      const warnings = JSON.parse(JSON.stringify(at.warnings)) as Problem[];
      if (!isDeepStrictEqual(warnings, at.warnings)) return false;
      const own = artifacts.filter((a) => a.content !== undefined);
      const ownKey = cache.derivedKey(["estate files", at.key]);
      cache.set(ownKey, encodeArtifacts(own.map((a) => ({ ...a, content: a.content! }))));
      const analyses: Record<string, FileAnalysis> = {};
      for (const [sha, analysis] of cache.analyses) analyses[sha] = analysis;
      const record: EstateRecord = {
        format: FORMAT,
        key: at.key,
        services: at.services,
        modules: at.modules,
        warnings,
        artifacts: artifacts.map(({ content, ...a }) => ({ ...a, entry: a.entry || ownKey })),
        analyses,
      };
      cache.set(recordKey(cache, at.definitionsDir), JSON.stringify(record));
      return true;
    },
  };
}

/**
 * The recorded artifacts, their bytes read from their entries on first
 * use. An entry that is gone or no longer holds the recorded bytes throws
 * `RecordMiss`: the caller then builds without the record.
 */
export function recordedArtifacts(cache: ModuleCache, record: EstateRecord): Artifact[] {
  const entries = new Map<string, Map<string, Artifact>>();
  const contentOf = (a: RecordedArtifact): string => {
    let entry = entries.get(a.entry);
    if (entry === undefined) {
      entry = new Map((readArtifacts(cache, a.entry) ?? []).map((x) => [x.path, x]));
      entries.set(a.entry, entry);
    }
    const found = entry.get(a.path);
    if (found !== undefined && found.sha256 === a.sha256) return found.content;
    // A build that wrote out/ keeps no entry of heads, only each artifact's linked bytes.
    const linked = linkedContent(cache, a);
    if (linked === undefined) throw new RecordMiss(a.path);
    return linked;
  };
  return record.artifacts.map((a) => ({
    path: a.path,
    sources: a.sources,
    sha256: a.sha256,
    get content(): string {
      return contentOf(a);
    },
  }));
}

/** A recorded artifact whose bytes are no longer in the cache. */
export class RecordMiss extends Error {
  constructor(path: string) {
    super(`incremental cache: the bytes of ${path} are gone`);
  }
}
