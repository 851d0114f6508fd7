import type { Problem } from "../core/problem.ts";
import { ARTIFACT_PATHS, checkPortablePaths, type DerivedPath } from "../emit/paths.ts";
import type { Estate } from "../model/estate.ts";
import { planDashboards } from "../targets/grafana/compile.ts";

/**
 * Every output path a user's names make, with the field each name came
 * from. Service names make three (whether or not the service has what
 * each needs, so a name is judged the same way as the estate grows).
 */
export function derivedOutputPaths(estate: Estate): DerivedPath[] {
  const out: DerivedPath[] = [];
  for (const { file, value: service } of estate.services) {
    for (const make of [
      ARTIFACT_PATHS.prometheusRules,
      ARTIFACT_PATHS.lokiRules,
      ARTIFACT_PATHS.tests,
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
