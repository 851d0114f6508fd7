import { readFile, realpath } from "node:fs/promises";
import { isAbsolute, join, normalize, relative } from "node:path";
import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { MANIFEST_PATH } from "../emit/manifest.ts";
import type { CacheOptions } from "../pipeline/incremental.ts";
import { compileProject } from "../pipeline/project.ts";
import { explainSlo } from "../slo/explain.ts";
import { resolveTiers } from "../slo/tiers.ts";
import type { EstateSnapshot } from "./estate-diff.ts";

/**
 * Build a project in memory, as `obsforge build` would write it (same
 * compiler, same bytes, nothing written), and explain its SLOs.
 */
export async function snapshotProject(options: {
  definitions: string;
  cwd: string;
  cache: false | CacheOptions;
}): Promise<Result<EstateSnapshot>> {
  const compiled = await compileProject({
    definitions: options.definitions,
    cwd: options.cwd,
    cache: options.cache,
    logqlWarnings: false,
  });
  if (!compiled.ok) return compiled;
  const files = new Map<string, string>();
  for (const a of compiled.value.artifacts)
    if (a.path !== MANIFEST_PATH) files.set(a.path, a.content);
  const slos = compiled.value.estate.services.flatMap(({ value: service }) =>
    service.slos.map((slo) => ({
      explained: explainSlo(service, slo),
      tiers: resolveTiers(slo).map((t) => ({
        id: t.id,
        factor: t.factor,
        longWindowSeconds: t.longWindowSeconds,
        forSeconds: t.forSeconds,
      })),
    })),
  );
  return { ok: true, value: { files, slos } };
}

/**
 * What an output folder holds: the files its manifest.json lists (what
 * obsforge wrote there, nothing else), read as text. No SLO model.
 */
export async function snapshotOutput(dir: string, shown: string): Promise<Result<EstateSnapshot>> {
  let listed: string[];
  try {
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST_PATH), "utf8")) as {
      artifacts?: Array<{ path?: unknown }>;
    };
    listed = (manifest.artifacts ?? []).map((a) => String(a.path));
  } catch (error) {
    return failure(
      `${shown}/${MANIFEST_PATH}: expected the manifest obsforge build writes: ${reason(error)}`,
    );
  }
  const files = new Map<string, string>();
  const top = await realpath(dir);
  for (const path of listed) {
    // The manifest is data: a path that leaves the folder is refused, not followed.
    if (isAbsolute(path) || normalize(path).startsWith("..") || path.includes("\\"))
      return failure(
        `${shown}/${MANIFEST_PATH}: artifacts: expected paths inside the folder, got "${path}"`,
      );
    // A link that leads out of the folder (an artifact, a pull request's out/)
    // would print whatever it points at into the diff: obsforge writes plain files.
    const real = await realpath(join(dir, path)).catch(() => undefined);
    const inside = real === undefined ? "" : relative(top, real);
    if (real !== undefined && (inside.startsWith("..") || isAbsolute(inside)))
      return failure(
        `${shown}/${path}: listed in ${MANIFEST_PATH}: expected a file inside the folder, got a link to ${real}`,
      );
    try {
      files.set(path, await readFile(join(dir, path), "utf8"));
    } catch (error) {
      return failure(
        `${shown}/${path}: listed in ${MANIFEST_PATH} but cannot be read: ${reason(error)}`,
      );
    }
  }
  return { ok: true, value: { files } };
}

function reason(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return e.code ?? e.message ?? String(error);
}

function failure(message: string): Result<never> {
  const d: Problem = { code: "diff/base", severity: "error", message, file: "", path: [] };
  return { ok: false, diagnostics: [d] };
}
