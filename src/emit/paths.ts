import type { FieldPath, Problem } from "../core/problem.ts";
import { isAbsolute, join, normalize, relative, sep } from "node:path";

/**
 * Output paths derived from user names, in one place: the compilers use
 * them, and the build checks every one is portable before compiling
 * (src/pipeline/output-paths.ts).
 */
export const ARTIFACT_PATHS = {
  prometheusRules: (service: string) => `prometheus/${service}.rules.yml`,
  lokiRules: (service: string) => `loki/${service}.rules.yml`,
  tests: (service: string) => `tests/${service}.test.yml`,
  dashboard: (folder: string, uid: string) => `grafana/dashboards/${folder}/${uid}.json`,
};

/**
 * Resolve an artifact path inside `root`, refusing anything that would land
 * outside it. Names are validated long before this; this is the last guard.
 */
export function confinedPath(root: string, artifactPath: string): string {
  const target = join(root, normalize(artifactPath));
  const rel = relative(root, target);
  if (
    rel === "" ||
    rel.startsWith(`..${sep}`) ||
    rel === ".." ||
    isAbsolute(rel) ||
    isAbsolute(artifactPath)
  ) {
    throw new Error(`Bug: artifact path ${JSON.stringify(artifactPath)} escapes the output folder`);
  }
  for (const segment of artifactPath.split("/")) {
    const problem = portableNameProblem(segment);
    if (problem !== undefined)
      throw new Error(
        `Bug: artifact path ${JSON.stringify(artifactPath)} is not portable: ${problem}`,
      );
  }
  return target;
}

/**
 * Names Windows reserves for devices, with or without an extension
 * (learn.microsoft.com "Naming files, paths, and namespaces"): `CON`,
 * `nul.json` and `com1.rules.yml` cannot be checked out there.
 */
const WINDOWS_DEVICES = new Set([
  "CON",
  "PRN",
  "AUX",
  "NUL",
  "CONIN$",
  "CONOUT$",
  ...["COM", "LPT"].flatMap((p) =>
    [..."0123456789", "\u00b9", "\u00b2", "\u00b3"].map((d) => `${p}${d}`),
  ),
]);

/** Characters no Windows file name may hold, and the C0 controls. */
const WINDOWS_FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f]/;

/**
 * Why one path segment cannot be a file or folder name on every system an
 * estate is checked out on (Linux, macOS, Windows), or undefined when it can.
 */
export function portableNameProblem(segment: string): string | undefined {
  if (segment === "" || segment === "." || segment === "..") return "an empty or relative name";
  const bad = WINDOWS_FORBIDDEN.exec(segment);
  if (bad !== null) return `${JSON.stringify(bad[0])} is not allowed in Windows file names`;
  if (/[. ]$/.test(segment)) return "Windows drops a trailing dot or space from file names";
  const stem = segment.split(".")[0]!.trimEnd().toUpperCase();
  if (WINDOWS_DEVICES.has(stem))
    return `${JSON.stringify(stem)} is a reserved device name on Windows`;
  if (new TextEncoder().encode(segment).length > 255) return "longer than 255 bytes";
  return undefined;
}

/** The key two paths share when a case-insensitive, normalising file system (macOS, Windows) sees one file. */
export function foldedPath(path: string): string {
  return path.normalize("NFC").toLowerCase();
}

/** A path derived from user names, and where the name came from. */
export interface DerivedPath {
  path: string;
  file: string;
  /** The field of the definition the name came from, for each segment that is derived from one. */
  fields: { segment: number; field: FieldPath }[];
}

/**
 * Every derived output path checked in one place: each segment is a
 * portable file name, and no two paths differ only in case (or Unicode
 * normalisation), which would be one file on macOS and Windows.
 */
export function checkPortablePaths(paths: readonly DerivedPath[]): Problem[] {
  const out: Problem[] = [];
  const seen = new Map<string, DerivedPath>();
  const reportedFields = new Set<string>();
  for (const derived of paths) {
    const segments = derived.path.split("/");
    let reported = false;
    for (const { segment, field } of derived.fields) {
      const problem = portableNameProblem(segments[segment] ?? "");
      if (problem === undefined) continue;
      reported = true;
      // One name may make several paths (<service>.rules.yml, <service>.test.yml): report it once.
      const key = JSON.stringify([derived.file, field]);
      if (reportedFields.has(key)) continue;
      reportedFields.add(key);
      out.push({
        code: "emit/unportable-path",
        severity: "error",
        file: derived.file,
        path: field,
        message: `expected a name that makes a portable file name, got out/${derived.path}: ${problem}`,
      });
    }
    if (reported) continue;
    const key = foldedPath(derived.path);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, derived);
      continue;
    }
    if (first.path === derived.path) continue;
    out.push({
      code: "emit/case-collision",
      severity: "error",
      file: derived.file,
      path: derived.fields.at(-1)?.field ?? [],
      message: `expected an output path that differs from out/${first.path} (from ${first.file}) by more than letter case, got out/${derived.path}: macOS and Windows would see one file`,
    });
  }
  return out;
}
