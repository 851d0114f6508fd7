import { constants } from "node:os";
import { getEventListeners } from "node:events";
import type { OutputFs } from "../emit/output-fs.ts";

/** Where a command writes. Injected so tests run commands in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Input for `-` arguments (`lint-metrics -`). */
  stdin?: AsyncIterable<Uint8Array | string>;
  /** Aborted with the signal's name (`SIGTERM`) when the process is asked to stop. */
  signal?: AbortSignal;
  /** Only for tests: the filesystem `build` writes through. */
  fs?: OutputFs;
  /**
   * The streams behind stdout and stderr (a terminal or not, its width) and
   * the environment (`NO_COLOR`, `FORCE_COLOR`). Without it output is what
   * a pipe gets: no colour, no progress line, no timings.
   */
  terminal?: { stdout: StreamFacts; stderr: StreamFacts; env: NodeJS.ProcessEnv };
  /** Milliseconds of a monotonic clock, for summaries' elapsed times; default `performance.now`. */
  now?: () => number;
}

/** A stream as output modes see it (src/cli/terminal.ts reads it, lazily). */
export interface StreamFacts {
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/**
 * The process's own streams. A reader that goes away (`obsforge explain |
 * head -1`) makes writes fail with EPIPE: output simply stops, the command
 * finishes and exits with its own code, and no stack trace is printed.
 */
export function processIO(): CliIO {
  return {
    stdout: writer(process.stdout),
    stderr: writer(process.stderr),
    cwd: process.cwd(),
    stdin: process.stdin,
    signal: terminationSignal(),
    // The streams themselves: `columns` follows a resized terminal.
    terminal: { stdout: process.stdout, stderr: process.stderr, env: process.env },
  };
}

function writer(stream: NodeJS.WriteStream): (text: string) => void {
  let open = true;
  // A stream that failed (EPIPE, a closed terminal) has nowhere left to report to.
  stream.on("error", () => {
    open = false;
  });
  return (text) => {
    if (open) stream.write(text);
  };
}

/** Exit status of a process stopped by `signal`, as a shell reports it (130 for SIGINT). */
export function signalExitCode(signal: string): number {
  const number = constants.signals[signal as keyof typeof constants.signals];
  return 128 + (number ?? 15);
}

/**
 * The real `process.exit`, taken before anything can replace it: while a
 * definition module loads, the loader swaps in a stub that throws (so a
 * module cannot end the build, src/load/definitions.ts). A signal landing
 * then must still end the process, not throw from the handler.
 */
const exitProcess = process.exit.bind(process);

/**
 * SIGINT and SIGTERM abort the returned signal. A command with something to
 * clean up (a build with a staging folder) listens on it and exits itself
 * once clean; any other command, or a second signal, stops at once.
 */
export function terminationSignal(): AbortSignal {
  const controller = new AbortController();
  for (const name of ["SIGINT", "SIGTERM"] as const) {
    process.on(name, () => {
      if (controller.signal.aborted || getEventListeners(controller.signal, "abort").length === 0) {
        // Nothing staged yet (or a second signal): out/ is as it was.
        process.stderr.write(`obsforge: interrupted by ${name}\n`);
        exitProcess(signalExitCode(name));
      }
      controller.abort(name);
    });
  }
  return controller.signal;
}

/** Exit codes from DESIGN.md's CLI contract. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
