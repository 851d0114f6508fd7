import { isAbsolute, join, normalize, relative, sep } from "node:path";
import { portableNameProblem } from "../core/portable-names.ts";

/**
 * Resolve an artifact path inside `root`, refusing anything that would land
 * outside it. Names are validated before anything is compiled
 * (src/pipeline/output-paths.ts); this is the last guard.
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
