/**
 * Filesystem faults are not bugs: a full disk or a read-only mount is the
 * user's environment, so it is reported as one sentence naming the path
 * the user knows (`out/prometheus/x.rules.yml`, not a staging folder).
 */

/** What each errno means to someone running a build, in the words `strerror` uses. */
const ERRNO_TEXT: Record<string, string> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "it is a folder",
  ENOENT: "no such file or folder",
  EEXIST: "it already exists",
  ENOTEMPTY: "the folder is not empty",
  EXDEV: "it is on another filesystem than its parent folder (is out/ a mount point?)",
  EBUSY: "it is busy (a mount point?)",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
  ENAMETOOLONG: "the file name is too long",
  ELOOP: "too many levels of symbolic links",
  EIO: "input/output error",
  EFBIG: "the file is too large",
  EINVAL: "invalid argument",
};

export function isErrnoError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";
}

/** `no space left on device (ENOSPC)`; unknown codes keep their own message. */
export function errnoText(error: unknown): string {
  if (!isErrnoError(error)) return String(error);
  const code = error.code!;
  const text = ERRNO_TEXT[code];
  if (text !== undefined) return `${text} (${code})`;
  // Node's messages read `EFOO: text, syscall 'path'`: keep the text, drop the internal path.
  const own = error.message.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*$/s, "");
  return `${own} (${code})`;
}

/** A filesystem fault while doing `what` (`write out/x.yml`): `cannot write out/x.yml: …`. */
export class OutputFault extends Error {
  override readonly cause: unknown;
  constructor(what: string, cause: unknown) {
    super(`cannot ${what}: ${errnoText(cause)}`);
    this.cause = cause;
  }
}

/**
 * Run one filesystem step; an errno error becomes an OutputFault naming the
 * user-facing path in `what`. Anything else (a bug) passes through untouched.
 * Faults are thrown only inside src/emit and returned as diagnostics from it.
 */
export async function attempt<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    return fault(what, error);
  }
}

/** Rethrow `error` as an OutputFault when it is a filesystem fault; bugs pass through. */
export function fault(what: string, error: unknown): never {
  if (isErrnoError(error)) throw new OutputFault(what, error);
  throw error;
}
