import { styleText } from "node:util";
import type { Severity } from "../core/problem.ts";

/**
 * How reporters mark up what they print. `PLAIN` returns the text as it is
 * (pipes, files, `NO_COLOR`); `COLOURS` wraps it in ANSI sequences. Which one
 * a stream gets is the CLI's decision (src/cli/terminal.ts), not the
 * reporter's.
 */
export interface Paint {
  error: (text: string) => string;
  warning: (text: string) => string;
  info: (text: string) => string;
  ok: (text: string) => string;
  /** Check ids and other secondary text. */
  dim: (text: string) => string;
  /** Where a problem is (file:line:column). */
  bold: (text: string) => string;
}

const same = (text: string) => text;

export const PLAIN: Paint = {
  error: same,
  warning: same,
  info: same,
  ok: same,
  dim: same,
  bold: same,
};

type Format = Parameters<typeof styleText>[0];

// `validateStream: false`: the CLI has already decided this stream gets colour
// (styleText would otherwise look at process.stdout, whatever is written to).
const styled =
  (format: Format) =>
  (text: string): string =>
    text === "" ? text : styleText(format, text, { validateStream: false });

export const COLOURS: Paint = {
  error: styled(["bold", "red"]),
  warning: styled("yellow"),
  info: styled("cyan"),
  ok: styled("green"),
  dim: styled("dim"),
  bold: styled("bold"),
};

export function paintFor(colour: boolean): Paint {
  return colour ? COLOURS : PLAIN;
}

/** `text` in the colour of `severity`. */
export function paintSeverity(paint: Paint, severity: Severity, text: string): string {
  return paint[severity](text);
}
