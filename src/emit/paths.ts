import { isAbsolute, join, normalize, relative, sep } from "node:path";

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
  return target;
}
