import { execFile } from "node:child_process";
import { mkdtemp, rm, symlink, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Run git in `cwd`; its trimmed stdout, or undefined when it fails. */
export async function git(cwd: string, args: readonly string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run("git", [...args], { cwd, maxBuffer: 16 * 1024 * 1024 });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

export interface Checkout {
  /** The top of the temporary worktree. */
  root: string;
  /** The commit checked out. */
  commit: string;
}

/**
 * Check out `ref` into a temporary `git worktree add --detach` outside the
 * repository, call `use`, and remove the worktree afterwards whatever
 * happened (a build error, an exception). The repository's own working tree,
 * index and branches are untouched. The checkout shares the repository's
 * node_modules through a link, so definitions that import packages load as
 * they do in the working tree; the link goes before the worktree does, so
 * removing the worktree never reaches into node_modules.
 */
export async function withWorktree<T>(
  repo: { top: string; commit: string },
  use: (checkout: Checkout) => Promise<T>,
): Promise<T> {
  const scratch = await mkdtemp(join(tmpdir(), "obsforge-diff-"));
  const root = join(scratch, "base");
  const link = join(root, "node_modules");
  let added = false;
  let linked = false;
  try {
    if (
      (await git(repo.top, ["worktree", "add", "--detach", "--quiet", root, repo.commit])) ===
      undefined
    )
      throw new Error(`git worktree add failed for ${repo.commit}`);
    added = true;
    if ((await exists(join(repo.top, "node_modules"))) && !(await exists(link))) {
      await symlink(join(repo.top, "node_modules"), link, "dir");
      linked = true;
    }
    return await use({ root, commit: repo.commit });
  } finally {
    // fs.rm removes a link itself, never what it points at.
    if (linked) await rm(link, { force: true });
    if (added) await git(repo.top, ["worktree", "remove", "--force", root]);
    await rm(scratch, { recursive: true, force: true });
    if (added) await git(repo.top, ["worktree", "prune"]);
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
