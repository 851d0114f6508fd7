import type { FieldPath, Problem } from "../core/problem.ts";
import { foldedPath, portableNameProblem } from "../core/portable-names.ts";
import type { Estate } from "../model/estate.ts";
import { ARTIFACT_PATHS } from "../targets/shared/artifact-paths.ts";
import { planDashboards } from "../targets/grafana/compile.ts";

/** A path derived from user names, and where the name came from. */
export interface DerivedPath {
  path: string;
  file: string;
  /** The field of the definition the name came from, for each segment that is derived from one. */
  fields: { segment: number; field: FieldPath }[];
}

/**
 * Every output path a user's names make, with the field each name came
 * from. Service names make six (whether or not the service has what
 * each needs, so a name is judged the same way as the estate grows).
 */
export function derivedOutputPaths(estate: Estate): DerivedPath[] {
  const out: DerivedPath[] = [];
  for (const { file, value: service } of estate.services) {
    for (const make of [
      ARTIFACT_PATHS.prometheusRules,
      ARTIFACT_PATHS.lokiRules,
      ARTIFACT_PATHS.tests,
      ARTIFACT_PATHS.prometheusRule,
      ARTIFACT_PATHS.lokiAlertingRule,
      ARTIFACT_PATHS.lokiRecordingRule,
    ]) {
      out.push({ path: make(service.name), file, fields: [{ segment: 1, field: ["name"] }] });
    }
  }
  for (const d of planDashboards(estate)) {
    out.push({
      path: ARTIFACT_PATHS.dashboard(d.folder, d.uid),
      file: d.file,
      fields: [
        { segment: 2, field: d.folderPath },
        { segment: 3, field: d.path },
      ],
    });
  }
  return out;
}

/** Output paths that could not be checked out on macOS or Windows, as errors at the names that make them. */
export function checkOutputPaths(estate: Estate): Problem[] {
  return checkPortablePaths(derivedOutputPaths(estate));
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
