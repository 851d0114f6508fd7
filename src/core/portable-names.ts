/**
 * What makes a file name portable, in one leaf module: targets fold dashboard
 * uids with it (src/targets/grafana/check.ts), the build checks every output
 * path a user's names make (src/pipeline/output-paths.ts), and the writer
 * guards each path it writes (src/emit/paths.ts). Imports nothing of the
 * project.
 */

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

const UTF8 = new TextEncoder();

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
  // A UTF-16 code unit is at most 3 bytes of UTF-8: only a name over 85 units can pass 255 bytes.
  if (segment.length > 85 && UTF8.encode(segment).length > 255) return "longer than 255 bytes";
  return undefined;
}

/** The key two paths share when a case-insensitive, normalising file system (macOS, Windows) sees one file. */
export function foldedPath(path: string): string {
  return path.normalize("NFC").toLowerCase();
}
