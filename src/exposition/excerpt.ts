import { detach } from "./detach.ts";

/** How the offending line appears in a problem: the excerpt under the caret, and short quotes in messages. */

const EXCERPT_MAX = 200;
const EXCERPT_CONTEXT = 80;

/** The line, or a window of it around `column` when it is too long to print. */
export function excerptAround(
  text: string,
  column: number,
): { excerpt: string; excerptStart: number } {
  if (text.length <= EXCERPT_MAX) return { excerpt: text, excerptStart: 1 };
  const start = Math.max(0, column - 1 - EXCERPT_CONTEXT);
  return { excerpt: text.slice(start, start + 2 * EXCERPT_CONTEXT), excerptStart: start + 1 };
}

/** The start of a family's first line, kept (detached) to show where the family is. */
export function familyExcerpt(text: string): string {
  return detach(text.length <= EXCERPT_MAX ? text : text.slice(0, EXCERPT_MAX));
}

export function quoteShort(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
}
