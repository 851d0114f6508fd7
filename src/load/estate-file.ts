import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { failureSpan, jsonFailure, type ParseFailure } from "./yaml.ts";
import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import {
  ESTATE_FILE,
  type EstateSettings,
  estateSettingsSchema,
} from "../model/estate-settings.ts";
import { issuesToDiagnostics } from "../model/issues.ts";

/**
 * Read `estate.json` from the definitions folder: the estate's deploy
 * targets and engine versions. It lives with the definitions, not in the
 * working directory, because it describes what they deploy to. JSON, so
 * reading it runs no code; no file means defaults (`undefined`).
 */
export async function readEstateSettings(
  definitions: string,
  options: { cwd: string },
): Promise<Result<EstateSettings | undefined>> {
  const path = join(definitions, ESTATE_FILE);
  const file = relative(options.cwd, path) || path;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { ok: true, value: undefined };
    return fail(file, `expected a readable estate settings file, got ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const failure = jsonFailure(text, error);
    return fail(file, `expected JSON, got ${failure.message}`, failure);
  }
  const parsed = estateSettingsSchema.safeParse(json, { reportInput: true });
  if (!parsed.success)
    return { ok: false, diagnostics: issuesToDiagnostics(parsed.error.issues, file) };
  return { ok: true, value: parsed.data };
}

function fail(file: string, message: string, parse?: ParseFailure): Result<never> {
  const d: Problem = {
    code: "estate/invalid-settings",
    severity: "error",
    file,
    path: [],
    message,
    ...(parse !== undefined && failureSpan(parse)),
  };
  return { ok: false, diagnostics: [d] };
}
