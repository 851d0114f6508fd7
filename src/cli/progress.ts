import type { OnProgress, Progress } from "../core/progress.ts";

/**
 * Steps shorter than this draw no progress line, and runs made only of such
 * steps print no summary: they are over before anyone could read either.
 */
export const LONG_STEP = 200;

/** Redraws closer together than this are skipped (the terminal, not the build, would be the bottleneck). */
const REDRAW_MS = 80;

const BAR = 20;

/** Whether `p` is a step worth a progress line: its total, or what is done of a stream, reaches LONG_STEP. */
export function isLongStep(p: Progress): boolean {
  return (p.total ?? p.done) >= LONG_STEP;
}

/**
 * The progress line, cut to fit in `columns - 1` (a full-width line makes
 * some terminals wrap):
 * `loading definitions  5321/10000 [##########----------]  53%`;
 * a stream of unknown length shows its count only: `writing artifacts  12345`.
 */
export function progressText(p: Progress, columns: number): string {
  const name = `${p.doing} ${p.items}`;
  let text: string;
  if (p.total === undefined || p.total <= 0) text = `${name}  ${p.done}`;
  else {
    const share = Math.min(1, p.done / p.total);
    const filled = Math.round(share * BAR);
    const bar = `[${"#".repeat(filled)}${"-".repeat(BAR - filled)}]`;
    const percent = `${Math.floor(share * 100)}%`.padStart(4);
    text = `${name}  ${p.done}/${p.total} ${bar} ${percent}`;
  }
  return text.slice(0, Math.max(0, columns - 1));
}

const PAST: Record<string, string> = {
  loading: "loaded",
  writing: "written",
  comparing: "compared",
  linting: "linted",
  running: "run",
};

/** What a finished step did, for the summary: `10000 definitions loaded`. */
export function stepDone(p: Progress): string {
  return `${p.done} ${p.items} ${PAST[p.doing] ?? p.doing}`;
}

/** `0.4 s`, `12.3 s`, `2 min 5 s`. */
export function formatElapsed(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

export interface ProgressLine {
  /** For the pipeline: records each step and redraws the line when the step is long. */
  onProgress: OnProgress;
  /** The last state of every step seen, in the order they started. */
  steps: () => Progress[];
  /** Whether any step was long (so the run ends with a summary). */
  long: () => boolean;
  /** Remove the line, before anything else is written to the stream. */
  clear: () => void;
}

/**
 * One line on a terminal, rewritten in place (`\r`, erase to the end of the
 * line), for the step that is running. The caller only creates it for a
 * terminal; everything about when to draw is here, so it is tested with a
 * fake stream and clock.
 */
export function progressLine(out: {
  write: (text: string) => void;
  columns: () => number;
  now: () => number;
}): ProgressLine {
  const steps = new Map<string, Progress>();
  let shown: string | undefined;
  let drawnAt = Number.NEGATIVE_INFINITY;
  let drawnStep: string | undefined;
  let long = false;
  const clear = () => {
    if (shown === undefined) return;
    out.write("\r\x1b[K");
    shown = undefined;
  };
  return {
    onProgress(p) {
      const key = `${p.doing} ${p.items}`;
      steps.set(key, p);
      if (!isLongStep(p)) return;
      long = true;
      const now = out.now();
      const last = p.total !== undefined && p.done >= p.total;
      if (key === drawnStep && !last && now - drawnAt < REDRAW_MS) return;
      const text = progressText(p, out.columns());
      drawnAt = now;
      drawnStep = key;
      if (text === shown) return;
      out.write(`\r${text}\x1b[K`);
      shown = text;
    },
    steps: () => [...steps.values()],
    long: () => long,
    clear,
  };
}
