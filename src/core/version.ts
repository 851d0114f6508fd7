/**
 * Engine versions as an estate declares them (`"2.42"`, `"3.0.1"`): major,
 * minor and an optional patch, compared numerically (2.9 < 2.42, which a
 * string comparison gets wrong).
 */
export interface Version {
  major: number;
  minor: number;
  patch: number;
}

export const VERSION_RE = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?$/;

/** `undefined` for anything that is not `MAJOR.MINOR[.PATCH]`. */
export function parseVersion(text: string): Version | undefined {
  const m = VERSION_RE.exec(text);
  if (m === null) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

/** Negative when `a` is older than `b`, 0 when equal, positive when newer. */
export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** `2.42` for 2.42.0, `2.42.1` otherwise: how release notes name versions. */
export function formatVersion(v: Version): string {
  return v.patch === 0 ? `${v.major}.${v.minor}` : `${v.major}.${v.minor}.${v.patch}`;
}
