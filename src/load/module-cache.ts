import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { compareStrings } from "../core/order.ts";
import { moduleOutline, type Node } from "./module-check.ts";
import { analyseSource, type FileAnalysis } from "./module-purity.ts";
import {
  cacheKey,
  defaultCacheDir,
  openPrivateCache,
  type TranspileCache,
} from "./transpile-cache.ts";

/**
 * The incremental cache of definition modules: data, never code. An entry
 * is keyed by `salt` (the running obsforge's fingerprint and the
 * transform's salt, see src/pipeline/incremental.ts) and the content hashes
 * of the module and of every file in its static import closure, so editing a
 * helper under lib/ changes the key of every module that imports it, and of
 * no other. It lives in `$XDG_CACHE_HOME/obsforge/incremental` (or
 * `~/.cache/…`) under the same checks as the transpile cache
 * (src/load/transpile-cache.ts): a folder that is not private to this user
 * is not used, and neither is an entry anyone else could write.
 *
 * Which files may be cached at all is decided by src/load/module-purity.ts;
 * a module whose closure holds a refused file gets no key and loads as
 * without a cache.
 */
export interface ModuleCache {
  /** The folder entries live in. */
  dir: string;
  /** The key of a definition module, or why it is not cached. */
  keyOf: (path: string) => Promise<ModuleKey>;
  get: (key: string) => string | undefined;
  set: (key: string, data: string | Buffer) => void;
  /** An entry holding only a file's bytes, unverified (see TranspileCache.getBytes). */
  getBytes: (key: string) => Buffer | undefined;
  /** Make a file the entry `key`: hard link, else copy (see TranspileCache.link). */
  link: (key: string, from: string) => boolean;
  /** A key for other data derived from a module's entry (its compiled artifacts). */
  derivedKey: (parts: readonly string[]) => string;
  /** The import analyses of this build, by file sha256 (preloaded from a record, or parsed). */
  analyses: Map<string, FileAnalysis>;
  /**
   * The module checks' outline (src/load/module-check.ts, `moduleOutline`)
   * of a TypeScript text this build analysed with a parse (not from a stored
   * analysis), so the transform does not parse the same text again; keyed by
   * the whole text, so a file edited since is parsed afresh.
   */
  outlineOf: (text: string) => readonly Node[] | undefined;
  /** Keys read or written this build. */
  used: Set<string>;
  /** Characters written into entries this build (what pruning counts towards its bound). */
  written: () => number;
}

export type ModuleKey = { key: string } | { refusal: string; file: string };

const DATA = {
  extension: ".data",
  header: (key: string) => `obsforge incremental cache ${key}\n`,
};

/** Bumped when the key or the analysis changes meaning, so older entries are not read. */
const FORMAT = "1";

/**
 * Open the cache for one build of the definitions folder `definitionsDir`
 * (file hashes and analyses are remembered for the build, so a helper
 * imported by every module is read once). Undefined when there is no
 * private folder to keep it in.
 */
export function openModuleCache(options: {
  definitionsDir: string;
  salt: string;
  dir?: string;
}): ModuleCache | undefined {
  const store = openPrivateCache(options.dir ?? defaultCacheDir(process.env, "incremental"), DATA);
  if (store === undefined) return undefined;
  const salt = `${FORMAT}|${options.salt}`;
  const files = new Map<string, FileState>();
  const analyses = new Map<string, FileAnalysis>();
  const used = new Set<string>();
  const outlines = new Map<string, readonly Node[]>();
  let written = 0;
  const state = { root: options.definitionsDir, salt, store, files, analyses, used, outlines };
  // Per build, like the file hashes it is made of: a module's key is asked for more than once.
  const keys = new Map<string, Promise<ModuleKey>>();
  return {
    dir: store.dir,
    keyOf: (path) => {
      let key = keys.get(path);
      if (key === undefined) {
        key = keyOf(state, path);
        keys.set(path, key);
      }
      return key;
    },
    get: (key) => {
      used.add(key);
      return store.get(key);
    },
    set: (key, data) => {
      used.add(key);
      written += data.length;
      store.set(key, data);
    },
    getBytes: (key) => {
      used.add(key);
      return store.getBytes(key);
    },
    link: (key, from) => {
      used.add(key);
      return store.link(key, from);
    },
    derivedKey: (parts) => cacheKey([salt, ...parts]),
    analyses,
    outlineOf: (text) => outlines.get(text),
    used,
    written: () => written,
  };
}

interface State {
  root: string;
  salt: string;
  store: TranspileCache;
  files: Map<string, FileState>;
  analyses: Map<string, FileAnalysis>;
  used: Set<string>;
  /** By file text: held no longer than the texts in `files`, a small fraction of their size. */
  outlines: Map<string, readonly Node[]>;
}

type FileState = { sha256: string; text: string } | { error: string };

function readState(state: State, path: string): FileState {
  let known = state.files.get(path);
  if (known === undefined) {
    try {
      const bytes = readFileSync(path);
      known = {
        sha256: createHash("sha256").update(bytes).digest("hex"),
        text: bytes.toString("utf8"),
      };
    } catch (error) {
      known = { error: (error as NodeJS.ErrnoException).code ?? "unreadable" };
    }
    state.files.set(path, known);
  }
  return known;
}

/**
 * The analysis of a file's bytes: from this build's memo, which the build
 * and estate records fill with every analysis of the build that wrote them
 * (preloadAnalyses), else from a parse. Analyses are not entries of their
 * own: a file each was a cold build's 500–600 extra file creations, and the
 * record a build writes holds them all. A build that fails writes no record,
 * so after it only the files changed since the last good build are parsed
 * again.
 */
async function analysisOf(state: State, file: { sha256: string; text: string }, path: string) {
  const memo = state.analyses.get(file.sha256);
  if (memo !== undefined) return memo;
  const analysis = await analyseSource(file.text, path, {
    onTransformTree: (body) => state.outlines.set(file.text, moduleOutline(body)),
  });
  state.analyses.set(file.sha256, analysis);
  return analysis;
}

async function keyOf(state: State, path: string): Promise<ModuleKey> {
  const closure = new Map<string, string>();
  const queue = [resolve(path)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (closure.has(file)) continue;
    const shown = relative(state.root, file) || file;
    const read = readState(state, file);
    if ("error" in read) return { refusal: `it cannot be read (${read.error})`, file: shown };
    closure.set(file, read.sha256);
    if (file.endsWith(".json")) continue;
    const analysis = await analysisOf(state, read, file);
    if (analysis.refusal !== undefined) return { refusal: analysis.refusal, file: shown };
    for (const specifier of analysis.imports) {
      const target = resolve(dirname(file), specifier.split("/").join(sep));
      if (!isFile(target))
        return { refusal: `its import ${JSON.stringify(specifier)} is not a file`, file: shown };
      queue.push(target);
    }
  }
  const entries = [...closure].map(([file, sha]) => `${relative(state.root, file)}\0${sha}`);
  return {
    key: cacheKey([
      state.salt,
      "module",
      relative(state.root, resolve(path)),
      ...entries.sort(compareStrings),
    ]),
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
