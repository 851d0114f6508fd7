import { execFile, execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, rm, stat, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Run git in `cwd`: its trimmed stdout, or the first line of why it failed. */
export async function gitOutput(
  cwd: string,
  args: readonly string[],
): Promise<{ ok: true; stdout: string } | { ok: false; reason: string }> {
  try {
    const { stdout } = await run("git", [...args], { cwd, maxBuffer: 16 * 1024 * 1024 });
    return { ok: true, stdout: stdout.trim() };
  } catch (error) {
    const e = error as { stderr?: string; code?: string; message?: string };
    const reason = (e.stderr ?? "").trim().split("\n")[0] || e.code || e.message || "git failed";
    return { ok: false, reason };
  }
}

/** Run git in `cwd`; its trimmed stdout, or undefined when it fails. */
export async function git(cwd: string, args: readonly string[]): Promise<string | undefined> {
  const r = await gitOutput(cwd, args);
  return r.ok ? r.stdout : undefined;
}

export interface Checkout {
  /** The top of the temporary worktree. */
  root: string;
  /** The commit checked out. */
  commit: string;
}

export interface WorktreeOptions {
  /**
   * Aborted on SIGINT/SIGTERM: the worktree is removed at once, git running
   * synchronously in the handler, so nothing is left behind even if a second
   * signal ends the process; the caller then exits with the signal's status.
   */
  signal?: AbortSignal;
}

/** `git worktree add` refused: a one-line reason for the user, not a bug. */
export interface WorktreeFailure {
  worktreeFailed: string;
}

/**
 * Check out `commit` into a temporary `git worktree add --detach` outside
 * the repository, call `use`, and remove the worktree afterwards whatever
 * happened (a build error, an exception, a signal). The repository's own
 * working tree, index and branches are untouched. The checkout shares the
 * repository's node_modules through a link, so definitions that import
 * packages load as they do in the working tree; the link goes before the
 * worktree does, so removing the worktree never reaches into node_modules.
 */
export async function withWorktree<T>(
  repo: { top: string; commit: string },
  use: (checkout: Checkout) => Promise<T>,
  options: WorktreeOptions = {},
): Promise<T | WorktreeFailure> {
  const scratch = await mkdtemp(join(tmpdir(), "obsforge-diff-"));
  const root = join(scratch, "base");
  const link = join(root, "node_modules");
  const state = { added: false, linked: false, removed: false };
  const removeNow = () => {
    if (state.removed) return;
    state.removed = true;
    // fs.rm removes a link itself, never what it points at.
    if (state.linked) rmSync(link, { force: true });
    if (state.added) quietly(repo.top, ["worktree", "remove", "--force", root]);
    rmSync(scratch, { recursive: true, force: true });
    if (state.added) quietly(repo.top, ["worktree", "prune"]);
  };
  const onAbort = () => removeNow();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const added = await gitOutput(repo.top, [
      "worktree",
      "add",
      "--detach",
      "--quiet",
      root,
      repo.commit,
    ]);
    if (!added.ok) return { worktreeFailed: added.reason };
    state.added = true;
    if ((await exists(join(repo.top, "node_modules"))) && !(await exists(link))) {
      await symlink(join(repo.top, "node_modules"), link, "dir");
      state.linked = true;
    }
    try {
      return await use({ root, commit: repo.commit });
    } catch (error) {
      // Its files were removed under it by the signal: what it ran into then is no bug.
      if (options.signal?.aborted === true) return { worktreeFailed: "interrupted" };
      throw error;
    }
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    if (!state.removed) {
      state.removed = true;
      if (state.linked) await rm(link, { force: true });
      if (state.added) await git(repo.top, ["worktree", "remove", "--force", root]);
      await rm(scratch, { recursive: true, force: true });
      if (state.added) await git(repo.top, ["worktree", "prune"]);
    }
  }
}

export function isWorktreeFailure(v: unknown): v is WorktreeFailure {
  return typeof v === "object" && v !== null && "worktreeFailed" in v;
}

function quietly(cwd: string, args: readonly string[]): void {
  try {
    execFileSync("git", [...args], { cwd, stdio: "ignore" });
  } catch {
    // Best effort while the process is being stopped; `git worktree prune` tidies later.
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
