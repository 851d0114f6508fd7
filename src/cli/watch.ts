import { type FSWatcher, watch } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
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

/** A folder to watch: all of it (`recursive`), or only the file named `only` in it. */
export interface WatchTarget {
  folder: string;
  recursive: boolean;
  only?: string;
}

export interface WatchOptions {
  /** `build`, `lint`: for messages. */
  command: string;
  targets: readonly WatchTarget[];
  /** Absolute folders whose changes are the run's own output (out/ inside definitions/). */
  outputs?: readonly string[];
  /** What the status line says is watched: `definitions/`. */
  shown: string;
  quiet?: boolean;
  settleMs?: number;
}

/**
 * Run `once`, then again on every change to the targets, until the process
 * is asked to stop (SIGINT, SIGTERM): then the run in progress finishes its
 * own cleanup and the exit code is the signal's (130 for SIGINT). A failing
 * run keeps the watch going; its errors stay on screen until the next run,
 * which clears the screen first when stdout is a terminal.
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
  /** The watch itself failed (a watched folder removed): one line, exit 1. */
  let lost: Error | undefined;
  let finish: (() => void) | undefined;
  const finished = new Promise<void>((done) => {
    finish = done;
  });
  const scheduler = rerunScheduler(
    async () => {
      if (stdout.tty) io.stdout(CLEAR_SCREEN);
      try {
        await once();
      } catch (error) {
        crashed = { error };
        finish?.();
        return;
      }
      if (io.signal?.aborted === true || options.quiet === true) return;
      const at = stderr.tty ? `[${new Date().toLocaleTimeString()}] ` : "";
      io.stderr(
        `${at}obsforge ${options.command}: watching ${options.shown} for changes (Ctrl-C to stop)\n`,
      );
    },
    { settleMs: options.settleMs ?? SETTLE_MS },
  );
  const watchers: FSWatcher[] = [];
  const closeAll = () => {
    for (const w of watchers) w.close();
  };
  const outputs = (options.outputs ?? []).map((o) => resolve(o));
  for (const target of options.targets) {
    try {
      const watcher = watch(target.folder, { recursive: target.recursive }, (_, name) => {
        if (isInput(target, name === null ? null : String(name), outputs)) scheduler.changed();
      });
      watcher.on("error", (error) => {
        lost = error;
        finish?.();
      });
      watchers.push(watcher);
    } catch (error) {
      closeAll();
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === "ENOENT" ? "it does not exist" : (error as Error).message;
      io.stderr(
        `obsforge ${options.command}: cannot watch ${shownFolder(relative(io.cwd, target.folder) || ".")}: ${why}\n`,
      );
      return EXIT.failure;
    }
  }
  const onAbort = () => finish?.();
  io.signal?.addEventListener("abort", onAbort, { once: true });
  if (io.signal?.aborted === true) finish?.();
  else scheduler.runNow();
  await finished;
  io.signal?.removeEventListener("abort", onAbort);
  closeAll();
  await scheduler.stop();
  if (crashed !== undefined) throw crashed.error;
  if (lost !== undefined) {
    io.stderr(`obsforge ${options.command}: watching stopped: ${lost.message}\n`);
    return EXIT.failure;
  }
  const reason = io.signal?.reason;
  return signalExitCode(typeof reason === "string" ? reason : "SIGINT");
}

function isInput(target: WatchTarget, name: string | null, outputs: readonly string[]): boolean {
  // Some platforms do not say which file changed: run, to be safe.
  if (name === null) return target.only === undefined;
  if (target.only !== undefined) return name === target.only;
  if (isIgnoredChange(name)) return false;
  const path = join(target.folder, name);
  return !outputs.some((o) => path === o || path.startsWith(o + sep));
}

/**
 * What `build --watch` and `lint --watch` watch: the definitions folder,
 * recursively (shared modules, tests, estate.json), and the config file,
 * through its folder (editors replace a file by renaming over it, which a
 * watch on the file itself would lose). Changes in the output folder are
 * the run's own, even when it sits inside the definitions.
 */
export function projectWatch(
  command: string,
  flags: { definitions: string; out?: string; config?: string },
  options: { cwd: string; quiet?: boolean },
): WatchOptions {
  const config = resolve(options.cwd, flags.config ?? CONFIG_FILE);
  const definitions = resolve(options.cwd, flags.definitions);
  const targets: WatchTarget[] = [{ folder: definitions, recursive: true }];
  // A config inside the definitions folder is watched with it.
  const within = relative(definitions, config);
  if (within.startsWith("..") || isAbsolute(within))
    targets.push({ folder: dirname(config), recursive: false, only: basename(config) });
  return {
    command,
    targets,
    outputs: [resolve(options.cwd, flags.out ?? "out")],
    shown: shownFolder(flags.definitions),
    ...(options.quiet !== undefined && { quiet: options.quiet }),
  };
}
