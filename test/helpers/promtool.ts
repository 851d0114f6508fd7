import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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

/** `promtool check rules` on a rule file written from `yamlText` (promtool 2.42 cannot read stdin). */
export function checkRulesText(yamlText: string): ToolRun {
  const dir = mkdtempSync(join(tmpdir(), "obsforge-promtool-"));
  try {
    writeFileSync(join(dir, "rules.yml"), yamlText);
    return promtool(["check", "rules", "rules.yml"], { cwd: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
