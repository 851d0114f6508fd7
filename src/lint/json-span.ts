import type { Span } from "../core/problem.ts";
import { rawOffsetOfEscaped, type SourceIndex } from "../core/source-index.ts";
import { spanOf } from "../load/positions.ts";

// Its own module so that linting foreign files does not import the estate
// lint engine (and, through it, every compile target): ~0.1 s of start-up.

/**
 * The span of a JSON value (`at`), or of part of its string (`part`, offsets
 * into the value), past the escapes the JSON text writes.
 */
export function jsonSpan(
  index: SourceIndex,
  at: { offset: number; length: number },
  part: { from: number; to: number } | undefined,
): Span {
  const text = index.text;
  if (part !== undefined && text[at.offset] === '"') {
    const raw = text.slice(at.offset + 1, at.offset + at.length - 1);
    const from = rawOffsetOfEscaped(raw, part.from);
    if (from !== undefined) {
      const to = rawOffsetOfEscaped(raw, part.to) ?? from;
      return spanOf(index, at.offset + 1 + from, at.offset + 1 + Math.max(from, to));
    }
  }
  return spanOf(index, at.offset, at.offset + at.length);
}
