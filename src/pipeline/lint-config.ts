import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { DEFAULT_LINT_CONFIG, LINT_LEVELS, type LintConfig } from "../lint/config.ts";
import { CONFIG_FILE, readConfigFile } from "../load/config-file.ts";

/**
 * Read the `lint` settings from `obsforge.config.json` in the working
 * directory, or from an explicit path. A missing default file means
 * defaults; a missing explicit file is an error.
 */
async function loadLintConfig(options: {
  cwd: string;
  path?: string;
}): Promise<Result<LintConfig>> {
  const read = await readConfigFile(options);
  if (!read.ok) return read;
  if (read.value === undefined) return { ok: true, value: DEFAULT_LINT_CONFIG };
  // Loaded only now: zod is not needed (nor paid for) when there is no config file.
  const { parseLintConfig } = await import("../lint/config-schema.ts");
  return parseLintConfig(read.value.json, read.value.file);
}

/** Load the lint config and check its check ids against the registry. */
export async function loadConfig(options: {
  cwd?: string;
  config?: string;
}): Promise<Result<LintConfig>> {
  const loaded = await readConfig(options);
  if (loaded.ok) return loaded;
  const { placeProblems } = await import("../load/positions.ts");
  return {
    ok: false,
    diagnostics: await placeProblems(loaded.diagnostics, { cwd: options.cwd ?? process.cwd() }),
  };
}

async function readConfig(options: { cwd?: string; config?: string }): Promise<Result<LintConfig>> {
  const cwd = options.cwd ?? process.cwd();
  const loaded = await loadLintConfig({
    cwd,
    ...(options.config !== undefined && { path: options.config }),
  });
  if (!loaded.ok) return loaded;
  const ids = Object.keys(loaded.value.rules);
  if (ids.length === 0) return loaded;
  // The registry (every check module) loads only when there are ids to check.
  const { knownCheckIds } = await import("../lint/registry.ts");
  const known = knownCheckIds();
  const unknown = ids.filter((id) => !known.has(id)).sort();
  const file = options.config ?? CONFIG_FILE;
  if (unknown.length === 0) {
    const bad = await checkOptionErrors(loaded.value, file);
    return bad.length === 0 ? loaded : { ok: false, diagnostics: bad };
  }
  const diagnostics: Problem[] = unknown.map((id) => ({
    code: "config/unknown-rule",
    severity: "error",
    file,
    path: ["lint", "rules", id],
    message: `expected a lint rule id (see docs/rules) set to ${LINT_LEVELS.map((l) => JSON.stringify(l)).join(" | ")}, got unknown rule ${JSON.stringify(id)}`,
  }));
  return { ok: false, diagnostics };
}

/**
 * Options written as `"id": [level, { ... }]`, checked against the check's
 * schema (`RuleCheck.options`); a check without settings takes none.
 */
async function checkOptionErrors(config: LintConfig, file: string): Promise<Problem[]> {
  const [{ findCheck }, { issuesToDiagnostics }] = await Promise.all([
    import("../lint/registry.ts"),
    import("../model/issues.ts"),
  ]);
  const out: Problem[] = [];
  for (const id of Object.keys(config.rules).sort()) {
    const setting = config.rules[id];
    if (!Array.isArray(setting)) continue;
    const check = findCheck(id);
    const path = ["lint", "rules", id, 1];
    if (check?.target !== "rule" || check.options === undefined) {
      out.push({
        code: "config/invalid-options",
        severity: "error",
        file,
        path,
        message: `expected a level alone for ${id}, which has no options, got [level, options]`,
      });
      continue;
    }
    const parsed = check.options.schema.safeParse(setting[1]);
    if (!parsed.success)
      for (const d of issuesToDiagnostics(parsed.error.issues, file))
        out.push({ ...d, code: "config/invalid-options", path: [...path, ...d.path] });
  }
  return out;
}
