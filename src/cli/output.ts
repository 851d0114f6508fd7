import type { OnProgress } from "../core/progress.ts";
import { type Paint, paintFor } from "../report/paint.ts";
import type { CliIO } from "./io.ts";
import { formatElapsed, progressLine, stepDone } from "./progress.ts";
import { detectTerminal, type Terminal } from "./terminal.ts";

/**
 * How one command run writes, decided once from the streams and flags:
 * colour per stream, a progress line and a closing summary only on a
 * terminal, none of them with `--quiet`. On a pipe every byte is what it
 * was before any of this existed.
 */
export interface CommandOutput {
  readonly quiet: boolean;
  readonly stdout: Terminal & { paint: Paint };
  readonly stderr: Terminal & { paint: Paint };
  /** Give it to the pipeline; undefined when nothing would be drawn. */
  readonly onProgress: OnProgress | undefined;
  /** Remove the progress line: call before printing results. */
  endProgress: () => void;
  /**
   * After a long run (a step of LONG_STEP items or more) on a terminal: one
   * line on stderr with what each step did, `counts` and the elapsed time.
   */
  summary: (outcome: { ok: boolean; counts?: string }) => void;
}

export function commandOutput(
  command: string,
  io: CliIO,
  options: { quiet?: boolean } = {},
): CommandOutput {
  const quiet = options.quiet === true;
  const env = io.terminal?.env ?? {};
  const stdout = detectTerminal(io.terminal?.stdout ?? {}, env);
  const stderr = detectTerminal(io.terminal?.stderr ?? {}, env);
  const now = io.now ?? (() => performance.now());
  const started = now();
  const errPaint = paintFor(stderr.colour);
  const streams = io.terminal;
  const line =
    stderr.tty && !quiet && streams !== undefined
      ? progressLine({
          write: io.stderr,
          columns: () => detectTerminal(streams.stderr, env).columns,
          now,
        })
      : undefined;
  return {
    quiet,
    stdout: { ...stdout, paint: paintFor(stdout.colour) },
    stderr: { ...stderr, paint: errPaint },
    onProgress: line?.onProgress,
    endProgress: () => line?.clear(),
    summary({ ok, counts }) {
      if (line === undefined) return;
      line.clear();
      if (!line.long()) return;
      const parts = [...line.steps().map(stepDone), ...(counts === undefined ? [] : [counts])];
      const text = `obsforge ${command}: ${parts.join(", ")} in ${formatElapsed(now() - started)}`;
      io.stderr(`${ok ? errPaint.ok(text) : errPaint.error(text)}\n`);
    },
  };
}
