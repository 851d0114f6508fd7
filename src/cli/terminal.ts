import type { StreamFacts } from "./io.ts";

export type { StreamFacts };

/** How one output stream is written: colour or not, a terminal (progress, clearing) or not. */
export interface Terminal {
  tty: boolean;
  colour: boolean;
  /** Width for the progress line; 80 when the stream does not say. */
  columns: number;
}

/**
 * Colour on `stream`: `NO_COLOR` (any non-empty value, no-color.org) turns it
 * off, else `FORCE_COLOR` turns it on (except `0` and `false`, as Node reads
 * it), else colour exactly when the stream is a terminal that is not `dumb`.
 * A pipe or a file never gets escape sequences unless asked for.
 */
export function wantsColour(
  stream: StreamFacts,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if ((env.NO_COLOR ?? "") !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  return stream.isTTY === true && env.TERM !== "dumb";
}

export function detectTerminal(
  stream: StreamFacts,
  env: Readonly<Record<string, string | undefined>>,
): Terminal {
  const columns = stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80;
  return { tty: stream.isTTY === true, colour: wantsColour(stream, env), columns };
}
