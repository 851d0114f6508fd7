import { execFileSync } from "node:child_process";

/** git in `cwd` with a fixed author, so commits need no user config; its stdout. */
export function gitIn(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "obsforge-test",
      GIT_AUTHOR_EMAIL: "test@example.com",
      GIT_COMMITTER_NAME: "obsforge-test",
      GIT_COMMITTER_EMAIL: "test@example.com",
    },
  });
}
