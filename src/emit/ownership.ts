import { dirname, join, resolve, sep } from "node:path";
import { attempt, errnoText, isErrnoError, OutputFault } from "./fs-errors.ts";
import { MANIFEST_PATH } from "./manifest.ts";
import { nodeFs, type OutputFs } from "./output-fs.ts";

/** A folder the output folder must never be, contain, or (optionally) lie inside. */
export interface ProtectedFolder {
  path: string;
  /** How messages name it: `the definitions folder`, `the working directory`. */
  what: string;
  /** Refuse an output folder inside it too (the definitions folder), not only one containing it. */
  forbidInside?: boolean;
}

export interface OutputTarget {
  /** Real path (symbolic links resolved) of the output folder, existing or not. */
  real: string;
  exists: boolean;
}

/** Why obsforge will not write the folder; always one sentence. */
export type TargetCheck = { ok: true; value: OutputTarget } | { ok: false; refusal: string };

function refuse(refusal: string): TargetCheck {
  return { ok: false, refusal };
}

/** `a` is `b` or one of its ancestors. */
export function containsPath(a: string, b: string): boolean {
  return a === b || b.startsWith(a.endsWith(sep) ? a : `${a}${sep}`);
}

/**
 * Where the output really is, following symbolic links, so that `--out link`
 * to the definitions folder, `--out ..` and `--out /` are judged by what they
 * name on disk, not by how they are spelled.
 */
export async function resolveTarget(
  out: string,
  options: { fs: OutputFs; shown: string },
): Promise<TargetCheck> {
  const { fs, shown } = options;
  let info: Awaited<ReturnType<OutputFs["lstat"]>>;
  try {
    info = await fs.lstat(out);
  } catch (error) {
    if (isErrnoError(error) && error.code === "ENOENT") {
      return { ok: true, value: { real: await realMissing(out, options), exists: false } };
    }
    if (isErrnoError(error)) return refuse(`cannot create ${shown}: ${errnoText(error)}`);
    throw error;
  }
  if (info.isSymbolicLink()) {
    const followed = await fs.stat(out).catch(() => undefined);
    if (followed === undefined)
      return refuse(`refusing to write ${shown}: it is a symbolic link to nothing`);
    if (!followed.isDirectory())
      return refuse(`refusing to write ${shown}: it is a symbolic link to a file, not to a folder`);
  } else if (!info.isDirectory()) {
    return refuse(`refusing to replace ${shown}: it is a file, not a folder`);
  }
  const real = await attempt(`resolve ${shown}`, () => fs.realpath(out));
  return { ok: true, value: { real, exists: true } };
}

/** Real path of a folder that does not exist yet: its nearest existing ancestor, resolved. */
async function realMissing(
  path: string,
  { fs, shown }: { fs: OutputFs; shown: string },
): Promise<string> {
  const rest: string[] = [];
  let at = resolve(path);
  for (;;) {
    try {
      const real = await fs.realpath(at);
      return rest.length === 0 ? real : join(real, ...rest.reverse());
    } catch (error) {
      const parent = dirname(at);
      if (!isErrnoError(error)) throw error;
      if (error.code !== "ENOENT" || parent === at) throw new OutputFault(`create ${shown}`, error);
      rest.push(at.slice(parent.length).replace(/^[/\\]+/, ""));
      at = parent;
    }
  }
}

/** Refuse an output folder that is, contains or lies inside a protected folder. */
export async function checkProtected(
  target: OutputTarget,
  options: {
    fs: OutputFs;
    shown: string;
    protect: readonly ProtectedFolder[];
    show: (path: string) => string;
  },
): Promise<TargetCheck> {
  const { fs } = options;
  for (const folder of options.protect) {
    const real = await fs.realpath(folder.path).catch(() => resolve(folder.path));
    const shown = options.show(real);
    const where = shown === "." ? folder.what : `${folder.what} ${shown.replace(/\/?$/, "/")}`;
    if (target.real === real)
      return refuse(`refusing to use ${options.shown} as the output folder: it is ${where}`);
    if (containsPath(target.real, real))
      return refuse(`refusing to use ${options.shown} as the output folder: it contains ${where}`);
    if (folder.forbidInside === true && containsPath(real, target.real))
      return refuse(`refusing to use ${options.shown} as the output folder: it is inside ${where}`);
  }
  return { ok: true, value: target };
}

/**
 * obsforge replaces only a folder it wrote: absent, empty, or holding the
 * manifest of an earlier build. A folder of hand-written files, or a git
 * repository, is never emptied, whatever `--out` says.
 */
export async function checkOwnership(
  target: OutputTarget,
  options: { fs: OutputFs; shown: string },
): Promise<TargetCheck> {
  const { fs, shown } = options;
  if (!target.exists) return { ok: true, value: target };
  const names = await attempt(`read ${shown}`, () => fs.readdir(target.real));
  if (names.length === 0) return { ok: true, value: target };
  if (names.includes(".git"))
    return refuse(
      `refusing to replace ${shown}: it is a git repository (it holds .git); choose a folder of its own, such as out/`,
    );
  if (await isManifest(fs, join(target.real, MANIFEST_PATH))) return { ok: true, value: target };
  return refuse(
    `refusing to replace ${shown}: it holds files obsforge did not write (no ${MANIFEST_PATH} from an earlier build); empty it or choose another --out`,
  );
}

/** The manifest obsforge writes: `{ artifacts: [{ path, sha256, sources }] }`, as a plain file. */
async function isManifest(fs: OutputFs, path: string): Promise<boolean> {
  try {
    if (!(await fs.lstat(path)).isFile()) return false;
    const doc = JSON.parse(await fs.readFile(path, "utf8")) as { artifacts?: unknown };
    return (
      Array.isArray(doc.artifacts) &&
      doc.artifacts.every(
        (e: { path?: unknown; sha256?: unknown }) =>
          typeof e === "object" &&
          e !== null &&
          typeof e.path === "string" &&
          typeof e.sha256 === "string" &&
          /^[0-9a-f]{64}$/.test(e.sha256),
      )
    );
  } catch {
    // Unreadable or not JSON: not a manifest obsforge wrote.
    return false;
  }
}

/** The nearest folder at or above `start` holding `.git` (a folder, or a file in worktrees). */
export async function repositoryRoot(
  start: string,
  fs: OutputFs = nodeFs,
): Promise<string | undefined> {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const found = await fs.lstat(join(dir, ".git")).then(
      () => true,
      () => false,
    );
    if (found) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
