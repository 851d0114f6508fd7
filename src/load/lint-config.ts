import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { readFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { CONFIG_FILE, DEFAULT_LINT_CONFIG, type LintConfig } from "../lint/config.ts";

/**
 * Read the `lint` settings from `obsforge.config.json` in the working
 * directory, or from an explicit path. A missing default file means
 * defaults; a missing explicit file is an error.
 */
export async function loadLintConfig(options: {
  cwd: string;
  path?: string;
}): Promise<Result<LintConfig>> {
  const path = resolve(options.cwd, options.path ?? CONFIG_FILE);
  const file = relative(options.cwd, path) || path;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (options.path === undefined && (error as NodeJS.ErrnoException).code === "ENOENT") {
      return { ok: true, value: DEFAULT_LINT_CONFIG };
    }
    return fail(file, `expected a readable config file, got ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(file, `expected JSON, got ${(error as Error).message}`);
  }
  // Loaded only now: zod is not needed (nor paid for) when there is no config file.
  const [{ configFileSchema }, { issuesToDiagnostics }] = await Promise.all([
    import("../lint/config-schema.ts"),
    import("../model/issues.ts"),
  ]);
  const parsed = configFileSchema.safeParse(json, { reportInput: true });
  if (!parsed.success)
    return { ok: false, diagnostics: issuesToDiagnostics(parsed.error.issues, file) };
  return { ok: true, value: parsed.data.lint };
}

function fail(file: string, message: string): Result<never> {
  const d: Problem = { code: "config/invalid", severity: "error", file, path: [], message };
  return { ok: false, diagnostics: [d] };
}
