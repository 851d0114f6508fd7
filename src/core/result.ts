import type { Problem } from "./problem.ts";

/**
 * Errors as values. Every stage returns a Result; user mistakes are
 * Problems that name the file and the field path. `throw` is kept for bugs.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; diagnostics: Problem[] };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(diagnostics: Problem[]): Result<T> {
  return { ok: false, diagnostics };
}
