import type { Diagnostic, Result } from "../diagnostics.ts";
import { LINT_LEVELS, type LintConfig } from "../lint/config.ts";
import { loadLintConfig } from "../load/lint-config.ts";

/** Load the lint config and check its check ids against the registry. */
export async function loadConfig(options: {
  cwd?: string;
  config?: string;
}): Promise<Result<LintConfig>> {
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
  if (unknown.length === 0) return loaded;
  const file = options.config ?? "obsforge.config.json";
  const diagnostics: Diagnostic[] = unknown.map((id) => ({
    code: "config/unknown-rule",
    severity: "error",
    file,
    path: ["lint", "rules", id],
    message: `expected a lint rule id (see docs/rules) set to ${LINT_LEVELS.map((l) => JSON.stringify(l)).join(" | ")}, got unknown rule ${JSON.stringify(id)}`,
  }));
  return { ok: false, diagnostics };
}
