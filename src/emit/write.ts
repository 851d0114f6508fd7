import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { randomBytes } from "node:crypto";
import { basename, dirname, join, relative, resolve } from "node:path";
import type { Artifact } from "./artifact.ts";
import { attempt, errnoText, fault, isErrnoError, OutputFault } from "./fs-errors.ts";
import { type Journal, readJournal, writeJournal } from "./journal.ts";
import { outputLayout, type OutputLayout } from "./layout.ts";
import { acquireLock } from "./lock.ts";
import { holdsBytes, MANIFEST_PATH, sha256 } from "./manifest.ts";
import { nodeFs, type OutputFs } from "./output-fs.ts";
import {
  checkOwnership,
  checkProtected,
  type OutputTarget,
  type ProtectedFolder,
  resolveTarget,
  type TargetCheck,
} from "./ownership.ts";
import { confinedPath } from "./paths.ts";
import type { StatIndex } from "./stat-index.ts";
import { ancestorFolders, entriesToRemove, listTree, type TreeEntry } from "./tree.ts";

export interface WriteOptions {
  /** Only for tests: pause at a step or raise a fault. Default node:fs/promises. */
  fs?: OutputFs;
  /**
   * Aborting it (the CLI does on SIGINT/SIGTERM) stops the build at the next
   * step, removes what it staged and leaves out/ as it was.
   */
  signal?: AbortSignal;
  /** Folders the output folder must not be or contain (the definitions, the repository). */
  protect?: readonly ProtectedFolder[];
  /** Base for the paths named in messages; default the process's cwd. */
  cwd?: string;
  /**
   * The stat index of out/ (src/emit/stat-index.ts): an old file it vouches
   * for is not read to learn whether it changed. The caller saves it after a
   * successful build.
   */
  index?: StatIndex;
}

export interface Written {
  /** Files out/ holds now, the manifest included. */
  count: number;
  /**
   * Problems after the new tree was in place (a leftover that could not be
   * removed, an interrupted build finished first): they do not fail the build.
   */
  warnings: Problem[];
}

/** Problem codes of output failures; the CLI prints their message as one line. */
export const OUTPUT_CODES = {
  refused: "emit/refused",
  locked: "emit/locked",
  fault: "emit/fs",
  interrupted: "emit/interrupted",
  warning: "emit/warning",
} as const;

/**
 * Replace the output folder with exactly `artifacts`.
 *
 * out/ stays a plain folder of plain files (git commits it, rule loaders
 * read it), so there is no single rename that swaps a whole tree
 * (renameat2(RENAME_EXCHANGE) is not reachable from Node; see
 * docs/adr/0006-atomic-output.md). Instead:
 *
 * 1. stage: the whole tree is written into a sibling staging folder;
 * 2. prepare: files whose bytes did not change are left alone; each old
 *    file the new tree replaces is hard-linked into a sibling backup folder,
 *    then a journal naming both is written atomically;
 * 3. commit: each staged file is renamed over its old version (one atomic
 *    rename per file, the manifest last), so out/ never disappears and no file
 *    is ever half-written; a fault or a signal here moves everything back;
 * 4. clean: files the new build no longer writes are removed, then the journal.
 *
 * A build killed before step 3 leaves out/ untouched; killed during step 3 or
 * 4, the journal is there and the next build (or `recoverOutput`) finishes
 * the move first. `check` reports such an unfinished build as stale.
 */
export async function writeOutput(
  outDir: string,
  artifacts: Iterable<Artifact>,
  options: WriteOptions = {},
): Promise<Result<Written>> {
  const ctx = context(outDir, options);
  try {
    return await locked(ctx, async ({ target, layout, warnings }) => {
      const tag = newTag();
      const tree = target.exists
        ? await attempt(`read ${ctx.shownOut}`, () => listTree(ctx.fs, target.real))
        : [];
      const staged = await stage(
        ctx,
        { staging: layout.staging(tag), out: target.real, tree },
        artifacts,
      );
      const files = staged.files;
      const committed = await commit(ctx, { target, layout, tag, ...staged, tree });
      return ok({ count: files.length, warnings: [...warnings, ...committed] });
    });
  } catch (error) {
    return asFailure(error, `; ${ctx.shownOut} left unchanged`);
  }
}

/**
 * Finish or discard what a killed build left beside out/ (what every build
 * does first). Returns whether an unfinished commit was completed.
 */
export async function recoverOutput(
  outDir: string,
  options: Omit<WriteOptions, "signal"> = {},
): Promise<Result<{ finished: boolean; warnings: Problem[] }>> {
  const ctx = context(outDir, options);
  try {
    return await locked(ctx, async ({ warnings, finished }) => ok({ finished, warnings }));
  } catch (error) {
    return asFailure(error, "");
  }
}

interface Context {
  fs: OutputFs;
  out: string;
  /** `out/`, as the user would type it. */
  shownOut: string;
  show: (path: string) => string;
  /** `out/prometheus/x.yml` for an artifact path. */
  showFile: (path: string) => string;
  signal: AbortSignal | undefined;
  protect: readonly ProtectedFolder[];
  index: StatIndex | undefined;
}

function context(outDir: string, options: WriteOptions): Context {
  const cwd = options.cwd ?? process.cwd();
  const out = resolve(cwd, outDir);
  const show = (path: string) => showPath(cwd, path);
  const shownDir = show(out);
  return {
    fs: options.fs ?? nodeFs,
    out,
    shownOut: shownDir.endsWith("/") ? shownDir : `${shownDir}/`,
    show,
    showFile: (path) => `${shownDir.replace(/\/$/, "")}/${path}`,
    signal: options.signal,
    protect: options.protect ?? [],
    index: options.index,
  };
}

/** Relative to the working directory, as the user typed it; absolute when it lies outside. */
export function showPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  if (rel === "") return ".";
  return rel === ".." || rel.startsWith("../") || rel.startsWith("..\\") ? path : rel;
}

/** Raised only inside this module to unwind a refused or interrupted build; never escapes it. */
class Stop extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

function diagnostic(code: string, message: string): Problem {
  return { code, severity: "error", message, file: "", path: [] };
}

function warning(message: string): Problem {
  return { code: OUTPUT_CODES.warning, severity: "warning", message, file: "", path: [] };
}

function asFailure<T>(error: unknown, suffix: string): Result<T> {
  if (error instanceof Stop)
    return { ok: false, diagnostics: [diagnostic(error.code, error.message)] };
  if (error instanceof OutputFault)
    return {
      ok: false,
      diagnostics: [diagnostic(OUTPUT_CODES.fault, `${error.message}${suffix}`)],
    };
  throw error;
}

function unwrap(check: TargetCheck): OutputTarget {
  if (!check.ok) throw new Stop(OUTPUT_CODES.refused, check.refusal);
  return check.value;
}

function newTag(): string {
  return `${process.pid}-${randomBytes(4).toString("hex")}`;
}

/**
 * Judge the target, take the lock, finish what a killed build left, judge
 * again (the folder may have changed while unlocked), then run `body`.
 */
async function locked<T>(
  ctx: Context,
  body: (state: {
    target: OutputTarget;
    layout: OutputLayout;
    /** What recovery reported. */
    warnings: Problem[];
    /** Whether recovery finished an interrupted commit. */
    finished: boolean;
  }) => Promise<Result<T>>,
): Promise<Result<T>> {
  const { fs } = ctx;
  const first = unwrap(await resolveTarget(ctx.out, { fs, shown: ctx.shownOut }));
  unwrap(
    await checkProtected(first, { fs, shown: ctx.shownOut, protect: ctx.protect, show: ctx.show }),
  );
  let layout = outputLayout(first.real);
  // An unfinished build may have left out/ without its manifest yet: recovery judges it.
  if ((await readJournal(layout, { fs, shown: ctx.show(layout.journal) })) === undefined)
    unwrap(await checkOwnership(first, { fs, shown: ctx.shownOut }));
  await attempt(`create ${ctx.show(layout.parent)}`, () =>
    fs.mkdir(layout.parent, { recursive: true }),
  );
  const lock = await acquireLock(layout.lock, { fs, shown: ctx.show(layout.lock) });
  if (!lock.ok)
    throw new Stop(
      OUTPUT_CODES.locked,
      `${ctx.shownOut} is being written by another obsforge build (${lock.holder} holds ${ctx.show(layout.lock)}); wait for it, or delete that file if no build is running`,
    );
  // While staging exists this listener marks the build as one that must clean
  // up before exiting: the CLI's signal handler exits at once when there is none.
  const cleanupPending = () => {};
  ctx.signal?.addEventListener("abort", cleanupPending);
  try {
    const recovered = await recover(ctx, layout);
    const target = unwrap(await resolveTarget(ctx.out, { fs, shown: ctx.shownOut }));
    layout = outputLayout(target.real);
    unwrap(await checkOwnership(target, { fs, shown: ctx.shownOut }));
    const result = await body({ target, layout, ...recovered });
    const released = await release(lock.release);
    if (result.ok && released !== undefined) {
      (result.value as { warnings?: Problem[] }).warnings?.push(released);
    }
    return result;
  } catch (error) {
    await release(lock.release);
    throw error;
  } finally {
    ctx.signal?.removeEventListener("abort", cleanupPending);
  }
}

/** Releasing the lock is the last step: a failure there is a warning, never a failed build. */
async function release(step: () => Promise<void>): Promise<Problem | undefined> {
  try {
    await step();
    return undefined;
  } catch (error) {
    if (!(error instanceof OutputFault)) throw error;
    return warning(`${couldNot(error)}; delete it before the next build`);
  }
}

/** `cannot remove x: …` as the second half of a sentence: `could not remove x: …`. */
function couldNot(error: OutputFault): string {
  return error.message.replace(/^cannot /, "could not ");
}

/**
 * Artifacts whose read of out/ and write into staging may be under way at
 * once while the build compiles the next: enough to hide the file system's
 * round trips (a cold 10,000-SLO build waited on them for 1.5 s of its main
 * thread), few enough that the bytes held stay a few MB.
 */
const IN_FLIGHT = 8;

/** A staged file: its path in out/ and the sha256 of its bytes. */
interface Staged {
  path: string;
  sha256: string;
}

/**
 * Write every artifact whose bytes out/ does not already hold into
 * `staging`; on any failure nothing of it remains. Files out/ holds
 * byte for byte are not staged (a rebuild after one edit writes one
 * service's files, not the estate's) and stay as they are (mtime kept,
 * nothing to undo).
 */
async function stage(
  ctx: Context,
  at: { staging: string; out: string; tree: readonly TreeEntry[] },
  artifacts: Iterable<Artifact>,
): Promise<{ files: Staged[]; unchanged: Set<string> }> {
  const { fs } = ctx;
  const { staging } = at;
  await attempt(`create ${ctx.show(staging)}`, () => fs.mkdir(staging));
  const oldFiles = new Set(at.tree.filter((e) => e.kind === "file").map((e) => e.path));
  const files: Staged[] = [];
  const unchanged = new Set<string>();
  const folders = new Map<string, Promise<void>>();
  // Each artifact's read of out/ and write to staging run while the next one
  // is compiled (artifacts may be compiled lazily, here, as they are pulled),
  // up to IN_FLIGHT at once; they are awaited in order, so the first failure
  // reported is the one a write-after-write loop would have met.
  const pending: Promise<void>[] = [];
  const stageOne = async (artifact: Artifact, path: string, rel: string, shown: string) => {
    if (oldFiles.has(rel) && (await holdsAlready(ctx, { out: at.out, rel, shown }, artifact))) {
      unchanged.add(rel);
      return;
    }
    const folder = dirname(path);
    let made = folders.get(folder);
    if (made === undefined) {
      made = attempt(`write ${shown}`, () => fs.mkdir(folder, { recursive: true })).then(
        () => undefined,
      );
      folders.set(folder, made);
    }
    await made;
    await attempt(`write ${shown}`, () =>
      fs.writeFile(path, artifact.bytes ?? artifact.content, { flag: "wx" }),
    );
  };
  try {
    // A failure anywhere (compiling or writing) happens before out/ is touched.
    for (const artifact of artifacts) {
      throwIfAborted(ctx);
      const path = confinedPath(staging, artifact.path);
      // confinedPath admits only plain relative segments: the path is already POSIX-relative.
      const rel = artifact.path;
      const shown = ctx.showFile(rel);
      const hash = artifact.sha256 ?? sha256(artifact.content);
      files.push({ path: rel, sha256: hash });
      const step = stageOne(artifact, path, rel, shown);
      // Never an unhandled rejection: every step is awaited below or in the catch.
      step.catch(() => undefined);
      pending.push(step);
      // Awaited while still listed: if it failed, the catch finds it first.
      if (pending.length >= IN_FLIGHT) {
        await pending[0];
        pending.shift();
      }
    }
    while (pending.length > 0) {
      await pending[0];
      pending.shift();
    }
    throwIfAborted(ctx);
  } catch (error) {
    // No write may land after the staging folder is removed; an earlier
    // artifact's failure is the one to report.
    const settled = await Promise.allSettled(pending);
    const earlier = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
    await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw earlier === undefined ? error : earlier.reason;
  }
  return { files, unchanged };
}

/**
 * Whether out/<rel> holds the artifact's bytes already: from the stat index
 * when it vouches for the file (its content is then not even asked for, so
 * an artifact served lazily from the cache is never read), else by reading
 * the file, stat'ed first so the index can vouch for it next time.
 */
async function holdsAlready(
  ctx: Context,
  at: { out: string; rel: string; shown: string },
  artifact: Artifact,
): Promise<boolean> {
  const hash = () => artifact.sha256 ?? sha256(artifact.content);
  const look = ctx.index?.look(at.rel);
  if (look?.sha256 !== undefined) return look.sha256 === hash();
  const bytes = await attempt(`read ${at.shown}`, () => ctx.fs.readFile(join(at.out, at.rel)));
  if (!holdsBytes(bytes, artifact)) return false;
  if (look !== undefined) ctx.index?.confirm(at.rel, look, hash());
  return true;
}

function throwIfAborted(ctx: Context): void {
  if (ctx.signal?.aborted !== true) return;
  const reason = ctx.signal.reason;
  const name = typeof reason === "string" ? reason : "a signal";
  throw new Stop(
    OUTPUT_CODES.interrupted,
    `interrupted by ${name}; ${ctx.shownOut} left unchanged`,
  );
}

/** How to get an entry that is in the way out of out/: moved to the backup, or removed. */
type Obstacle = (rel: string) => Promise<void>;

/**
 * Move one staged file to its place in out/. Every folder on its way must be
 * a real folder: a symbolic link there would send the file outside out/.
 */
async function place(
  ctx: Context,
  at: {
    out: string;
    staging: string;
    rel: string;
    hooks: { obstacle: Obstacle; madeFolder: (rel: string) => void };
  },
): Promise<void> {
  const { fs } = ctx;
  const { hooks } = at;
  const shown = ctx.showFile(at.rel);
  const parts = at.rel.split("/");
  for (let i = 1; i < parts.length; i++) {
    const folder = parts.slice(0, i).join("/");
    const kind = await kindOf(join(at.out, folder), { fs, shown });
    if (kind === "folder") continue;
    if (kind !== undefined) await hooks.obstacle(folder);
    await attempt(`replace ${shown}`, () => fs.mkdir(join(at.out, folder)));
    hooks.madeFolder(folder);
  }
  // A folder, link or socket where the file goes is moved out of the way (and
  // back on undo); an old file is simply replaced by the rename.
  const current = await kindOf(join(at.out, at.rel), { fs, shown });
  if (current !== undefined && current !== "file") await hooks.obstacle(at.rel);
  await attempt(`replace ${shown}`, () =>
    fs.rename(join(at.staging, at.rel), join(at.out, at.rel)),
  );
}

async function kindOf(
  path: string,
  { fs, shown }: { fs: OutputFs; shown: string },
): Promise<"file" | "folder" | "other" | undefined> {
  try {
    const info = await fs.lstat(path);
    return info.isDirectory() ? "folder" : info.isFile() ? "file" : "other";
  } catch (error) {
    if (isErrnoError(error) && error.code === "ENOENT") return undefined;
    return fault(`replace ${shown}`, error);
  }
}

async function exists(fs: OutputFs, path: string): Promise<boolean> {
  try {
    await fs.lstat(path);
    return true;
  } catch (error) {
    if (isErrnoError(error) && error.code === "ENOENT") return false;
    throw error;
  }
}

/** Remove every entry of out/ that is not one of `files` (links and empty folders included). */
async function prune(
  ctx: Context,
  { out, files }: { out: string; files: ReadonlySet<string> },
): Promise<void> {
  const tree = await attempt(`read ${ctx.shownOut}`, () => listTree(ctx.fs, out));
  for (const entry of entriesToRemove(tree, files)) {
    await attempt(`remove ${ctx.showFile(entry.path)}`, () =>
      ctx.fs.rm(join(out, entry.path), { recursive: true, force: true }),
    );
  }
}

/** Hard link when the filesystem can; a copy otherwise (same bytes, more space). */
async function preserve(fs: OutputFs, { from, to }: { from: string; to: string }): Promise<void> {
  try {
    await fs.link(from, to);
  } catch (error) {
    if (
      !isErrnoError(error) ||
      !["EPERM", "ENOTSUP", "EOPNOTSUPP", "EMLINK", "EXDEV"].includes(error.code!)
    )
      throw error;
    await fs.copyFile(from, to);
  }
}

async function commit(
  ctx: Context,
  run: {
    target: OutputTarget;
    layout: OutputLayout;
    tag: string;
    files: Staged[];
    /** Files out/ already holds byte for byte (not staged). */
    unchanged: ReadonlySet<string>;
    /** out/ as it was before staging. */
    tree: readonly TreeEntry[];
  },
): Promise<Problem[]> {
  const { fs } = ctx;
  const { layout, tag } = run;
  const out = run.target.real;
  const staging = layout.staging(tag);
  const backup = layout.backup(tag);
  const shownJournal = ctx.show(layout.journal);
  const discard = async () => {
    for (const leftover of [staging, backup])
      await fs.rm(leftover, { recursive: true, force: true }).catch(() => undefined);
  };
  const paths = run.files.map((f) => f.path);
  const order = paths.filter((f) => f !== MANIFEST_PATH);
  // The manifest moves last: until the end, out/manifest.json describes the old tree.
  if (paths.includes(MANIFEST_PATH)) order.push(MANIFEST_PATH);
  // Files whose bytes did not change stay as they are (see stage): a build
  // with nothing new changes nothing in out/.
  const { unchanged, tree } = run;
  let previous: string[] = [];
  try {
    const nestedGit = tree.find((e) => e.path.split("/").includes(".git"));
    if (nestedGit !== undefined)
      throw new Stop(
        OUTPUT_CODES.refused,
        `refusing to replace ${ctx.shownOut}: it holds a git repository (${ctx.showFile(nestedGit.path)})`,
      );
    previous = tree.map((e) => e.path);
    const oldFiles = new Set(tree.filter((e) => e.kind === "file").map((e) => e.path));
    await attempt(`create ${ctx.show(backup)}`, () =>
      fs.mkdir(join(backup, "files"), { recursive: true }),
    );
    for (const rel of order) {
      if (!oldFiles.has(rel) || unchanged.has(rel)) continue;
      const to = join(backup, "files", rel);
      await attempt(`back up ${ctx.showFile(rel)}`, async () => {
        await fs.mkdir(dirname(to), { recursive: true });
        await preserve(fs, { from: join(out, rel), to });
      });
    }
    throwIfAborted(ctx);
    const journal: Journal = {
      version: 1,
      staging: basename(staging),
      backup: basename(backup),
      files: order,
      previous,
    };
    await writeJournal(journal, { fs, layout, tag, shown: shownJournal });
  } catch (error) {
    await fs.rm(layout.journalTemp(tag), { force: true }).catch(() => undefined);
    await discard();
    throw error;
  }

  // From here until the journal is gone, a killed build is finished by the next one.
  const undo: (() => Promise<void>)[] = [];
  try {
    if (!run.target.exists) {
      await attempt(`create ${ctx.shownOut}`, () => fs.mkdir(out));
      undo.push(() => fs.rmdir(out));
    }
    let asides = 0;
    const hooks = {
      obstacle: async (rel: string) => {
        const aside = join(backup, "aside", String(asides++));
        await attempt(`replace ${ctx.showFile(rel)}`, async () => {
          await fs.mkdir(dirname(aside), { recursive: true });
          await fs.rename(join(out, rel), aside);
        });
        undo.push(() => fs.rename(aside, join(out, rel)));
      },
      madeFolder: (rel: string) => undo.push(() => fs.rmdir(join(out, rel))),
    };
    for (const rel of order) {
      throwIfAborted(ctx);
      if (unchanged.has(rel)) continue;
      await place(ctx, { out, staging, rel, hooks });
      const saved = join(backup, "files", rel);
      // Undo moves the new file back to staging first, so that a kill during
      // the undo still leaves a journal the next build can finish.
      undo.push(async () => {
        await fs.rename(join(out, rel), join(staging, rel));
        if (await exists(fs, saved)) await fs.rename(saved, join(out, rel));
      });
    }
  } catch (error) {
    try {
      for (const step of undo.reverse()) await step();
      await fs.unlink(layout.journal);
    } catch (undoError) {
      const first =
        error instanceof OutputFault || error instanceof Stop ? error.message : String(error);
      throw new Stop(
        OUTPUT_CODES.fault,
        `${first}; ${ctx.shownOut} is partly replaced and could not be restored (${errnoText(undoError)}): run the build again to finish it`,
      );
    }
    await discard();
    throw error;
  }

  // Every new file is in place: what follows cannot fail the build.
  const warnings: Problem[] = [];
  try {
    await prune(ctx, { out, files: new Set(order) });
    await attempt(`remove ${shownJournal}`, () => fs.unlink(layout.journal));
  } catch (error) {
    if (!(error instanceof OutputFault)) throw error;
    warnings.push(
      warning(
        `${ctx.shownOut} holds the new build, but ${couldNot(error)}; \`obsforge check\` reports it and the next build retries`,
      ),
    );
  }
  for (const leftover of [staging, backup]) {
    try {
      await attempt(`remove ${ctx.show(leftover)}`, () =>
        fs.rm(leftover, { recursive: true, force: true }),
      );
    } catch (error) {
      if (!(error instanceof OutputFault)) throw error;
      warnings.push(
        warning(
          `${ctx.shownOut} holds the new build, but ${couldNot(error)}; the next build removes it`,
        ),
      );
    }
  }
  return warnings;
}

/**
 * Under the lock: finish a commit a killed build left (its journal is
 * there), then remove every staging, backup and temp folder of obsforge's
 * beside out/. Staged trees without a journal were never committed: removing
 * them leaves out/ as it was.
 */
async function recover(
  ctx: Context,
  layout: OutputLayout,
): Promise<{ finished: boolean; warnings: Problem[] }> {
  const { fs } = ctx;
  const warnings: Problem[] = [];
  const shownJournal = ctx.show(layout.journal);
  const journal = await readJournal(layout, { fs, shown: shownJournal });
  let finished = false;
  if (journal === "invalid")
    throw new Stop(
      OUTPUT_CODES.refused,
      `refusing to write ${ctx.shownOut}: ${shownJournal} is not a journal obsforge wrote; delete it and build again`,
    );
  const names = await attempt(`read ${ctx.show(layout.parent)}`, () => fs.readdir(layout.parent));
  if (journal !== undefined) {
    if (await canFinish(ctx, { layout, journal })) {
      await finish(ctx, { layout, journal });
      finished = true;
      warnings.push(
        warning(`finished the interrupted build recorded in ${shownJournal} before this one`),
      );
    } else {
      warnings.push(
        warning(
          `discarded the interrupted build recorded in ${shownJournal}: ${ctx.shownOut} changed since`,
        ),
      );
    }
    await attempt(`remove ${shownJournal}`, () => fs.unlink(layout.journal));
  } else if (!(await exists(fs, layout.out))) {
    // The writer before 0.2 renamed out/ aside before moving the new tree
    // in; killed between the two renames it left no out/ but its old copy.
    const legacy = names.filter(layout.isLegacyOld).sort();
    if (legacy.length === 1) {
      await attempt(`restore ${ctx.shownOut}`, () =>
        fs.rename(join(layout.parent, legacy[0]!), layout.out),
      );
    }
  }
  // Without out/, a legacy old copy is the only copy: never removed then.
  const keepLegacy = !(await exists(fs, layout.out));
  for (const name of names) {
    if (!layout.isLeftover(name) || (keepLegacy && layout.isLegacyOld(name))) continue;
    const path = join(layout.parent, name);
    await attempt(`remove ${ctx.show(path)}`, () => fs.rm(path, { recursive: true, force: true }));
  }
  return { finished, warnings };
}

/**
 * The journal can be finished only if out/ still holds nothing but the old
 * tree and the part of the new one already moved, and every new file is
 * either moved or still staged: otherwise someone changed out/ since, and
 * obsforge does not prune what it cannot account for.
 */
async function canFinish(
  ctx: Context,
  { layout, journal }: { layout: OutputLayout; journal: Journal },
): Promise<boolean> {
  const { fs } = ctx;
  const staging = join(layout.parent, journal.staging);
  const known = new Set([...journal.previous, ...journal.files, ...ancestorFolders(journal.files)]);
  if (await exists(fs, layout.out)) {
    const tree = await attempt(`read ${ctx.shownOut}`, () => listTree(fs, layout.out));
    if (tree.some((e) => !known.has(e.path))) return false;
  }
  for (const rel of journal.files) {
    if (!(await exists(fs, join(staging, rel))) && !(await exists(fs, join(layout.out, rel))))
      return false;
  }
  return true;
}

async function finish(
  ctx: Context,
  { layout, journal }: { layout: OutputLayout; journal: Journal },
): Promise<void> {
  const { fs } = ctx;
  const staging = join(layout.parent, journal.staging);
  await attempt(`create ${ctx.shownOut}`, () => fs.mkdir(layout.out, { recursive: true }));
  const hooks = {
    // Finishing, not undoable: what is in the way is not part of the new tree.
    obstacle: (rel: string) =>
      attempt(`replace ${ctx.showFile(rel)}`, () =>
        fs.rm(join(layout.out, rel), { recursive: true }),
      ),
    madeFolder: () => {},
  };
  for (const rel of journal.files) {
    if (await exists(fs, join(staging, rel)))
      await place(ctx, { out: layout.out, staging, rel, hooks });
  }
  await prune(ctx, { out: layout.out, files: new Set(journal.files) });
}
