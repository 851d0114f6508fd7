import { stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { MANIFEST_PATH } from "../emit/manifest.ts";
import type { EstateSnapshot } from "./estate-diff.ts";
import { git, isWorktreeFailure, type WorktreeOptions, withWorktree } from "./git-worktree.ts";
import { snapshotOutput, snapshotProject } from "./snapshot.ts";

export interface BaseOptions extends WorktreeOptions {
  /** The working directory: where `--base` and `--definitions` are relative to. */
  cwd: string;
  /** The definitions folder as given (`definitions`), found at the same place in the base. */
  definitions: string;
}

/** Problems with `--base` itself (not a folder nor a revision, not a repository): one line each. */
export const BASE_CODE = "diff/base";

/**
 * What the base builds or holds. `base` is a folder when one exists by that
 * name: an output folder (it has manifest.json) is read as it is, a project
 * folder (it has the definitions folder) is built; otherwise it is a git
 * revision, checked out into a temporary worktree and built there by this
 * obsforge. A base whose definitions folder does not exist (the commit
 * before obsforge was adopted) is an empty estate.
 */
export async function snapshotBase(
  base: string,
  options: BaseOptions,
): Promise<Result<EstateSnapshot>> {
  const dir = resolve(options.cwd, base);
  if (await isFolder(dir)) return snapshotFolder(base, dir, options);
  const top = await git(options.cwd, ["rev-parse", "--show-toplevel"]);
  if (top === undefined)
    return failure(
      `--base "${base}" is not a folder, and ${options.cwd} is not in a git repository`,
    );
  const commit = base.startsWith("-")
    ? undefined
    : await git(options.cwd, ["rev-parse", "--verify", "--quiet", `${base}^{commit}`]);
  if (commit === undefined || commit === "")
    return failure(`--base "${base}" is neither a folder nor a git revision of ${top}`);
  const definitions = resolve(options.cwd, options.definitions);
  const inRepo = relative(top, definitions);
  if (inRepo.startsWith("..") || isAbsolute(inRepo))
    return failure(
      `--definitions ${options.definitions} is outside the git repository ${top}, so no revision holds it`,
    );
  const prefix = relative(top, options.cwd);
  const done = await withWorktree(
    { top, commit },
    async ({ root }): Promise<Result<EstateSnapshot>> => {
      const there = join(root, inRepo);
      if (!(await isFolder(there))) return { ok: true, value: { files: new Map(), slos: [] } };
      return snapshotProject({ definitions: there, cwd: join(root, prefix), cache: false });
    },
    options,
  );
  return isWorktreeFailure(done)
    ? failure(
        `--base "${base}": cannot check it out into a temporary worktree: ${done.worktreeFailed}`,
      )
    : done;
}

async function snapshotFolder(
  base: string,
  dir: string,
  options: BaseOptions,
): Promise<Result<EstateSnapshot>> {
  if (await exists(join(dir, MANIFEST_PATH))) return snapshotOutput(dir, base.replace(/\/+$/, ""));
  const definitions = join(dir, options.definitions);
  if (!isAbsolute(options.definitions) && (await isFolder(definitions)))
    return snapshotProject({ definitions, cwd: dir, cache: false });
  return failure(
    `--base ${base}: expected an output folder (with ${MANIFEST_PATH}) or a project folder (with ${options.definitions}/), got neither`,
  );
}

async function isFolder(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function failure(message: string): Result<never> {
  const d: Problem = { code: BASE_CODE, severity: "error", message, file: "", path: [] };
  return { ok: false, diagnostics: [d] };
}
