import { isAbsolute, join } from "node:path";
import { portableNameProblem } from "../core/portable-names.ts";

/**
 * Resolve an artifact path inside `root`, refusing anything that would land
 * outside it. Names are validated before anything is compiled
 * (src/pipeline/output-paths.ts); this is the last guard.
 */
export function confinedPath(root: string, artifactPath: string): string {
  // A relative path of plain segments (no "", "." or "..", on either separator)
  // cannot leave `root`: checked on the segments, without resolving paths
  // (path.relative resolves against the cwd, per artifact, per build).
  const segments = artifactPath.split(/[\\/]/);
  if (isAbsolute(artifactPath) || segments.some((s) => s === "" || s === "." || s === "..")) {
    throw new Error(`Bug: artifact path ${JSON.stringify(artifactPath)} escapes the output folder`);
  }
  for (const segment of segments) {
    const problem = portableNameProblem(segment);
    if (problem !== undefined)
      throw new Error(
        `Bug: artifact path ${JSON.stringify(artifactPath)} is not portable: ${problem}`,
      );
  }
  return join(root, artifactPath);
}
