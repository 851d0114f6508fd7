import { isAscii } from "node:buffer";
import type { Artifact } from "../emit/artifact.ts";
import type { ModuleCache } from "../load/module-cache.ts";
import type { FileAnalysis } from "../load/module-purity.ts";
import type { Service } from "../model/service.ts";
import { bytesKey, linkedContent } from "./linked-entries.ts";

/**
 * The build record: one cache entry per definitions folder, rewritten by
 * every build and `check`, holding what the latest one learnt — each
 * module's key and validated service, the heads (path, sources, sha256,
 * length) of its cached artifacts, and the import analyses of the files it
 * read. A warm build reads this one entry instead of one per module, and
 * needs an artifact's bytes only when out/ does not already hold them
 * (src/emit/stat-index.ts decides that without reading out/): its content
 * is then read from the artifact entry, on first use.
 *
 * Like every entry it is data (JSON), under the private cache's checks; a
 * record that does not parse is no record. It never vouches for more than
 * the per-module entries would: a module is taken from it only when its
 * key (the closure's content hashes) is the one recorded.
 */
export interface BuildRecord {
  format: typeof FORMAT;
  modules: Record<string, ModuleRecord>;
  /** Artifacts of no definition in particular (the editors' schema), by name. */
  shared: Record<string, ArtifactsRecord>;
  /** Import analyses by the sha256 of the file's bytes. */
  analyses: Record<string, FileAnalysis>;
}

export interface ModuleRecord {
  /** The module's key (src/load/module-cache.ts). */
  key: string;
  service: Service;
  /** sha256 of the JSON of what its dashboards are built from (src/targets/grafana/dashboard-input.ts). */
  dashboardInput?: string;
  files?: ArtifactsRecord;
  dashboards?: ArtifactsRecord;
}

/** One cache entry of artifacts: its key, and what it holds without the bytes. */
export interface ArtifactsRecord {
  key: string;
  heads: EntryHead[];
}

export interface EntryHead {
  path: string;
  sources: string[];
  sha256: string;
  length: number;
}

/**
 * 2: one JSON line for the rest, then one line per module (`[name, record]`),
 * so a build that changed one module writes the others' lines as it read them.
 */
const FORMAT = 2;

export function emptyRecord(): BuildRecord {
  return { format: FORMAT, modules: {}, shared: {}, analyses: {} };
}

/** A record as read: the record, and each module's line as it was stored. */
export interface ReadRecord {
  record: BuildRecord;
  lines: ReadonlyMap<string, string>;
}

/** The record of the latest build of this folder, or an empty one. */
export function readRecord(cache: ModuleCache, key: string): ReadRecord {
  const none = { record: emptyRecord(), lines: new Map<string, string>() };
  const data = cache.get(key);
  if (data === undefined) return none;
  try {
    const [head, ...moduleLines] = data.split("\n");
    const record = JSON.parse(head!) as BuildRecord;
    if (record.format !== FORMAT) return none;
    if (typeof record.analyses !== "object" || record.analyses === null) return none;
    if (typeof record.shared !== "object" || record.shared === null) return none;
    // Without a prototype: a module named `__proto__` is a key like any other.
    record.modules = Object.create(null) as BuildRecord["modules"];
    const lines = new Map<string, string>();
    for (const line of moduleLines) {
      const [name, module] = JSON.parse(line) as [string, ModuleRecord];
      if (typeof name !== "string" || typeof module?.key !== "string") return none;
      record.modules[name] = module;
      lines.set(name, line);
    }
    return { record, lines };
  } catch {
    return none;
  }
}

/**
 * The record as stored: a module whose record is the one read (same key,
 * the very service and heads objects read from its line) keeps its line;
 * only the others are serialised. JSON escapes line breaks inside strings,
 * so every line is one JSON value.
 */
export function encodeRecord(next: BuildRecord, previous: ReadRecord): string {
  const { modules, ...rest } = next;
  const lines = [JSON.stringify(rest)];
  for (const [name, module] of Object.entries(modules)) {
    const before = previous.record.modules[name];
    const line = previous.lines.get(name);
    lines.push(
      line !== undefined && before !== undefined && sameRecord(module, before)
        ? line
        : JSON.stringify([name, module]),
    );
  }
  return lines.join("\n");
}

function sameRecord(a: ModuleRecord, b: ModuleRecord): boolean {
  const same = (x?: ArtifactsRecord, y?: ArtifactsRecord) =>
    x === y || (x !== undefined && y !== undefined && x.key === y.key && x.heads === y.heads);
  return (
    a.key === b.key &&
    a.service === b.service &&
    a.dashboardInput === b.dashboardInput &&
    same(a.files, b.files) &&
    same(a.dashboards, b.dashboards)
  );
}

/** Every cache key a record refers to (what pruning must keep). */
export function recordKeys(record: BuildRecord): string[] {
  const keys: string[] = [];
  for (const m of Object.values(record.modules)) {
    keys.push(m.key);
    for (const entry of [m.files, m.dashboards]) {
      if (entry === undefined) continue;
      keys.push(entry.key);
      // The bytes of a linked entry (src/pipeline/linked-entries.ts), where it is one.
      for (const h of entry.heads) keys.push(bytesKey(h.sha256));
    }
  }
  for (const shared of Object.values(record.shared)) keys.push(shared.key);
  return keys;
}

export function headsOf(artifacts: readonly Artifact[]): EntryHead[] {
  return artifacts.map((a) => ({
    path: a.path,
    sources: a.sources,
    sha256: a.sha256!,
    length: textLength(a),
  }));
}

/**
 * The artifact's length in UTF-16 units (what an entry's reader slices by),
 * without decoding bytes a worker compiled when they are ASCII, as generated
 * rule files and dashboards nearly always are: decoding 480 MB only to count
 * it took 0.6 s of a cold 10,000-SLO build's main thread.
 */
function textLength(a: Artifact): number {
  return a.bytes !== undefined && isAscii(a.bytes) ? a.bytes.length : a.content.length;
}

/**
 * An entry of artifacts: one JSON line of their heads, then their contents
 * one after the other (no escaping, so reading 60 MB of cached YAML costs a
 * copy, not a JSON parse).
 */
export function encodeArtifacts(artifacts: readonly Artifact[]): string | Buffer {
  // Their bytes already encoded (a compiled service): joined as bytes, the same entry.
  if (artifacts.length > 0 && artifacts.every((a) => a.bytes !== undefined))
    return Buffer.concat([
      Buffer.from(`${JSON.stringify(headsOf(artifacts))}\n`),
      ...artifacts.map((a) => a.bytes!),
    ]);
  return `${JSON.stringify(headsOf(artifacts))}\n${artifacts.map((a) => a.content).join("")}`;
}

export function readArtifacts(cache: ModuleCache, key: string): Artifact[] | undefined {
  const data = cache.get(key);
  if (data === undefined) return undefined;
  const newline = data.indexOf("\n");
  let head: EntryHead[] | { linked: EntryHead[] };
  try {
    head = JSON.parse(data.slice(0, newline)) as EntryHead[] | { linked: EntryHead[] };
  } catch {
    return undefined;
  }
  if (head === null || typeof head !== "object") return undefined;
  if (!Array.isArray(head)) return linkedArtifacts(cache, head.linked);
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

/** A linked entry's artifacts, when every one's bytes are still the recorded ones. */
export function linkedArtifacts(
  cache: ModuleCache,
  heads: readonly EntryHead[],
): Artifact[] | undefined {
  if (!Array.isArray(heads)) return undefined;
  const artifacts: Artifact[] = [];
  for (const h of heads) {
    const content = linkedContent(cache, h);
    if (content === undefined) return undefined;
    artifacts.push({ path: h.path, sources: h.sources, sha256: h.sha256, content });
  }
  return artifacts;
}

/**
 * The artifacts a record's heads describe, whose content is read from the
 * entry when first asked for. An entry that is gone (pruned) or does not
 * hold exactly these heads is not used: `rebuild` compiles the same files
 * again (the key fixes their bytes) and stores them.
 */
export function lazyArtifacts(
  cache: ModuleCache,
  record: ArtifactsRecord,
  rebuild: () => Artifact[],
): Artifact[] {
  let contents: Map<string, string> | undefined;
  const load = (): Map<string, string> => {
    // A build that wrote out/ left no entry under the key, only the linked bytes of each head.
    const stored = readArtifacts(cache, record.key) ?? linkedArtifacts(cache, record.heads);
    const same =
      stored !== undefined &&
      stored.length === record.heads.length &&
      stored.every(
        (a, i) => a.path === record.heads[i]!.path && a.sha256 === record.heads[i]!.sha256,
      );
    let artifacts = stored;
    if (!same) {
      artifacts = rebuild();
      // The key fixes the bytes; anything else is a bug, never a wrong manifest.
      const drift = record.heads.find((h) => !artifacts!.some((a) => a.sha256 === h.sha256));
      if (drift !== undefined)
        throw new Error(`incremental cache: ${drift.path} compiled to other bytes than recorded`);
      cache.set(record.key, encodeArtifacts(artifacts));
    }
    return new Map(artifacts!.map((a) => [a.path, a.content]));
  };
  return record.heads.map((h) => ({
    path: h.path,
    sources: h.sources,
    sha256: h.sha256,
    get content(): string {
      contents ??= load();
      const content = contents.get(h.path);
      if (content === undefined) throw new Error(`build record: ${h.path} is not in its entry`);
      return content;
    },
  }));
}
