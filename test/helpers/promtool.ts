import { spawnSync } from "node:child_process";

export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run the real promtool (Debian's prometheus package, installed by .ci/install-engines.sh). */
export function promtool(
  args: readonly string[],
  options: { input?: string; cwd?: string } = {},
): ToolRun {
  const r = spawnSync("promtool", args, {
    encoding: "utf8",
    input: options.input,
    cwd: options.cwd,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
