/**
 * Character codes and character classes for the line scanners. The parsers
 * compare char codes, not one-character strings: they are on the hot path.
 *
 * The scanning modules import this module as a namespace and copy what they
 * use into module-level constants (`const { isBlank } = chars`). V8 folds a
 * module's own constants into optimized code, but reads an imported binding
 * at every use, and the scan loops use these once per character: with plain
 * named imports, the text format parsed about 6% slower (bench/lint-metrics
 * input, issue 12).
 */

export const SPACE = 32;
export const TAB = 9;
export const HASH = 35;
export const QUOTE = 34;
export const BACKSLASH = 92;
export const LBRACE = 123;
export const RBRACE = 125;
export const COMMA = 44;
export const EQUALS = 61;
export const POINT = 46;

/** Is `word` at `at` in `s`, as a whole label name? (A char loop: cheaper here than startsWith.) */
export function matchesAt(s: string, at: number, word: string): boolean {
  const len = word.length;
  for (let k = 0; k < len; k++) if (s.charCodeAt(at + k) !== word.charCodeAt(k)) return false;
  return !isLabelNameChar(s.charCodeAt(at + len));
}

export function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

export function isLabelNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

export function isLabelNameChar(c: number): boolean {
  return isLabelNameStart(c) || (c >= 48 && c <= 57);
}

export function isMetricNameStart(c: number): boolean {
  return isLabelNameStart(c) || c === 58;
}

export function isMetricNameChar(c: number): boolean {
  return isLabelNameChar(c) || c === 58;
}

/** The token at `from`: up to the next space (OpenMetrics separates tokens with exactly one). */
export function tokenAt(s: string, from: number): string {
  const end = s.indexOf(" ", from);
  return s.slice(from, end < 0 ? s.length : end);
}
