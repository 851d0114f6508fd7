import { isAbsolute, relative, resolve, sep } from "node:path";
import { CONFIG_FILE } from "../load/config-file.ts";
import { type CliIO, EXIT, signalExitCode } from "./io.ts";
import { shownFolder } from "./commands/outcome.ts";
import { detectTerminal } from "./terminal.ts";

/** Changes closer together than this are one change: an editor's save is several events. */
export const SETTLE_MS = 150;

/** Erase the screen and its scrollback and go home, so a run's errors are the only ones shown. */
const CLEAR_SCREEN = "\x1b[2J\x1b[3J\x1b[H";

/**
 * Whether a change at `path` (relative to a watched folder) is no input:
 * dotfiles and dot-folders (`.git`, vim's `.x.ts.swp`, emacs's `.#x.ts`),
 * `node_modules`, and what editors write beside a file while saving it:
 * backups (`x.ts~`), emacs auto-saves (`#x.ts#`), vim swap files and its
 * write probe (`4913`), JetBrains' safe-write copies (`x.ts___jb_tmp___`).
 */
export function isIgnoredChange(path: string): boolean {
  const segments = path.split(/[\\/]+/).filter((s) => s !== "");
  if (segments.some((s) => s.startsWith(".") || s === "node_modules")) return true;
  const name = segments.at(-1) ?? "";
  return (
    name.endsWith("~") ||
    /^#.*#$/.test(name) ||
    /\.sw[a-p]$/.test(name) ||
    name === "4913" ||
    /___jb_(tmp|old)___$/.test(name)
  );
}

export interface RerunScheduler {
  /** An input changed: run once things settle, or once more after the run in progress. */
  changed: () => void;
  /** Run now, unless a run is in progress (the first run). */
  runNow: () => void;
  /** No more runs; resolves when the one in progress (if any) is over. */
  stop: () => Promise<void>;
}

/**
 * One run at a time. A change starts a run `settleMs` after the last of a
 * burst of changes; changes during a run schedule exactly one more run
 * after it (settled the same way), however many there were.
 */
export function rerunScheduler(
  run: () => Promise<void>,
  options: { settleMs: number },
): RerunScheduler {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let pending = false;
  let stopped = false;
  const start = () => {
    timer = undefined;
    if (stopped) return;
    running = run().finally(() => {
      running = undefined;
      if (pending && !stopped) {
        pending = false;
        arm();
      }
    });
  };
  const arm = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(start, options.settleMs);
  };
  return {
    changed() {
      if (stopped) return;
      if (running !== undefined) pending = true;
      else arm();
    },
    runNow() {
      if (stopped || running !== undefined) return;
      if (timer !== undefined) clearTimeout(timer);
      start();
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

export interface WatchOptions {
  /** `build`, `lint`: for messages. */
  command: string;
  /** Folders, watched with everything under them, and single files (the config file). */
  paths: readonly string[];
  /** Whether a change at this absolute path is no input (see isIgnoredChange, projectWatch). */
  ignored?: (path: string) => boolean;
  /** What the status line says is watched: `definitions/`. */
  shown: string;
  quiet?: boolean;
  settleMs?: number;
}

/**
 * Run `once`, then again on every change to the watched paths, until the
 * process is asked to stop (SIGINT, SIGTERM): the exit code is then the
 * signal's (130 for SIGINT), after a build in progress has cleaned up.
 * A failing run keeps the watch going; its errors stay on screen until the
 * next run, which clears the screen first when stdout is a terminal.
 *
 * chokidar watches, not `fs.watch(dir, { recursive: true })`: on Linux,
 * Node 20's recursive watch follows each file by its inode and goes silent
 * for a file an editor saved by renaming a new copy over it (`sed -i`, vim,
 * JetBrains' safe write), which chokidar follows. A path that does not
 * exist yet is watched for its creation, so a run that failed because the
 * definitions folder is missing runs again once it is there.
 */
export async function watchRuns(
  once: () => Promise<number>,
  options: WatchOptions,
  io: CliIO,
): Promise<number> {
  const env = io.terminal?.env ?? {};
  const stdout = detectTerminal(io.terminal?.stdout ?? {}, env);
  const stderr = detectTerminal(io.terminal?.stderr ?? {}, env);
  /** A bug in a run (user mistakes are its diagnostics): rethrown, as bin.ts reports bugs. */
  let crashed: { error: unknown } | undefined;
  /** The watch itself failed: one line, exit 1. */
  let lost: Error | undefined;
  let finish: (() => void) | undefined;
  const finished = new Promise<void>((done) => {
    finish = done;
  });
  const onAbort = () => finish?.();
  const scheduler = rerunScheduler(
    async () => {
      if (stdout.tty) io.stdout(CLEAR_SCREEN);
      // During a run the watch does not hold the signal: a command with
      // something to clean up (a build writing out/) listens itself and
      // returns once clean; with no one listening, the process exits at once
      // (src/cli/io.ts), rather than after a long lint.
      io.signal?.removeEventListener("abort", onAbort);
      try {
        await once();
      } catch (error) {
        crashed = { error };
        finish?.();
        return;
      }
      if (io.signal?.aborted === true) {
        finish?.();
        return;
      }
      io.signal?.addEventListener("abort", onAbort, { once: true });
      if (options.quiet === true) return;
      const at = stderr.tty ? `[${new Date().toLocaleTimeString()}] ` : "";
      io.stderr(
        `${at}obsforge ${options.command}: watching ${options.shown} for changes (Ctrl-C to stop)\n`,
      );
    },
    { settleMs: options.settleMs ?? SETTLE_MS },
  );
  const { watch } = await import("chokidar");
  const watcher = watch([...options.paths], {
    ignoreInitial: true,
    ...(options.ignored !== undefined && { ignored: options.ignored }),
  });
  watcher.on("all", () => scheduler.changed());
  watcher.on("error", (error) => {
    lost = error instanceof Error ? error : new Error(String(error));
    finish?.();
  });
  io.signal?.addEventListener("abort", onAbort, { once: true });
  // The first run once the watch is in place, so an edit during it is not missed.
  watcher.once("ready", () => scheduler.runNow());
  if (io.signal?.aborted === true) finish?.();
  await finished;
  io.signal?.removeEventListener("abort", onAbort);
  await watcher.close();
  await scheduler.stop();
  if (crashed !== undefined) throw crashed.error;
  if (lost !== undefined) {
    io.stderr(`obsforge ${options.command}: watching stopped: ${lost.message}\n`);
    return EXIT.failure;
  }
  const reason = io.signal?.reason;
  return signalExitCode(typeof reason === "string" ? reason : "SIGINT");
}

/**
 * What `build --watch` and `lint --watch` watch: the definitions folder
 * with everything under it (shared modules, tests, estate.json) but what
 * isIgnoredChange leaves out, and the config file. Changes in the output
 * folder are the run's own, even when it sits inside the definitions.
 */
export function projectWatch(
  command: string,
  flags: { definitions: string; out?: string; config?: string },
  options: { cwd: string; quiet?: boolean },
): WatchOptions {
  const definitions = resolve(options.cwd, flags.definitions);
  const out = resolve(options.cwd, flags.out ?? "out");
  const config = resolve(options.cwd, flags.config ?? CONFIG_FILE);
  return {
    command,
    paths: [definitions, config],
    ignored: (path) => {
      const at = resolve(options.cwd, path);
      if (at === config) return false;
      if (within(out, at)) return true;
      return within(definitions, at) && isIgnoredChange(relative(definitions, at));
    },
    shown: shownFolder(flags.definitions),
    ...(options.quiet !== undefined && { quiet: options.quiet }),
  };
}

/** Whether `path` is `folder` or inside it. */
function within(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}
