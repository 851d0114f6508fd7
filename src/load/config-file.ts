import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { failureSpan, jsonFailure, type ParseFailure } from "./yaml.ts";
import { readFile } from "node:fs/promises";
import { relative, resolve } from "node:path";

/** The project's settings file, read from the working directory unless a path is given. */
export const CONFIG_FILE = "obsforge.config.json";

/** The settings file's JSON, before any section of it is validated. */
export interface ConfigFile {
  /** As the user would type it (relative to the working directory). */
  file: string;
  json: unknown;
}

/**
 * Read `obsforge.config.json` in the working directory, or an explicit
 * path, as JSON (so loading it runs no code). A missing default file is no
 * file (`undefined`: defaults apply); a missing explicit file is an error.
 * Each section is validated by its owner (the `lint` section by
 * src/lint/config-schema.ts): load reads, it does not know the settings.
 */
export async function readConfigFile(options: {
  cwd: string;
  path?: string;
}): Promise<Result<ConfigFile | undefined>> {
  const path = resolve(options.cwd, options.path ?? CONFIG_FILE);
  const file = relative(options.cwd, path) || path;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (options.path === undefined && (error as NodeJS.ErrnoException).code === "ENOENT") {
      return { ok: true, value: undefined };
    }
    return fail(file, `expected a readable config file, got ${(error as Error).message}`);
  }
  try {
    return { ok: true, value: { file, json: JSON.parse(text) } };
  } catch (error) {
    const failure = jsonFailure(text, error);
    return fail(file, `expected JSON, got ${failure.message}`, failure);
  }
}

function fail(file: string, message: string, parse?: ParseFailure): Result<never> {
  const d: Problem = {
    code: "config/invalid",
    severity: "error",
    file,
    path: [],
    message,
    ...(parse !== undefined && failureSpan(parse)),
  };
  return { ok: false, diagnostics: [d] };
}
