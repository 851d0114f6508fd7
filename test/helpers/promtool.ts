import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { dump, load } from "js-yaml";

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

export interface GroupRun extends ToolRun {
  name: string;
}

/**
 * `promtool test rules` on each test group of `file` whose name contains
 * `part`, each in its own copy beside the file (so relative rule_files stay
 * right), one promtool per core: promtool runs a file's groups one after another.
 */
export async function promtoolEachGroup(file: string, part: string): Promise<GroupRun[]> {
  const doc = load(await readFile(file, "utf8")) as { tests: { name: string }[] };
  const groups = doc.tests.filter((t) => t.name.includes(part));
  const copies = await Promise.all(
    groups.map(async (group, i) => {
      const copy = file.replace(/\.test\.yml$/, `.group-${i}.test.yml`);
      await writeFile(copy, dump({ ...doc, tests: [group] }));
      return { name: group.name, copy };
    }),
  );
  const runs: GroupRun[] = new Array(copies.length);
  let next = 0;
  const lane = async () => {
    while (next < copies.length) {
      const i = next++;
      const { name, copy } = copies[i]!;
      runs[i] = { name, ...(await promtoolAsync(["test", "rules", copy])) };
    }
  };
  await Promise.all(Array.from({ length: Math.max(2, availableParallelism()) }, lane));
  return runs;
}

function promtoolAsync(args: readonly string[]): Promise<ToolRun> {
  return new Promise((resolve, reject) =>
    execFile("promtool", args, { encoding: "utf8" }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== "number") reject(error);
      else resolve({ status: error === null ? 0 : (error.code as number), stdout, stderr });
    }),
  );
}
