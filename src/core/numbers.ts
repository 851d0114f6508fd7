/**
 * Numbers as people write them. Binary floats turn decimal arithmetic into
 * noise (5 × 672 / 100 / 6 = 5.6000000000000005, 99.9 / 100 =
 * 0.9990000000000001); wherever a number reaches text a person reads
 * (descriptions, explain, error messages, JSON reports, dashboards) it goes
 * through here. Rule expressions are the exception: they keep the exact
 * float Sloth prints, so imported estates stay byte-compatible.
 *
 * A leaf: imports nothing of the project.
 */

/**
 * Significant digits kept by default. Float noise from a handful of
 * operations sits at the 16th–17th digit; 12 removes it and keeps every
 * digit anyone types (99.99999, 0.000123456).
 */
export const DEFAULT_SIGNIFICANT_DIGITS = 12;

/** `n` rounded to `digits` significant digits, as a number (for JSON). Non-finite values pass through. */
export function tidyNumber(n: number, digits: number = DEFAULT_SIGNIFICANT_DIGITS): number {
  if (!Number.isFinite(n)) return n;
  // toPrecision rounds half away from zero in decimal; Number() then gives
  // the shortest string that round-trips, so 5.60000000000 prints as 5.6.
  const rounded = Number(n.toPrecision(digits));
  return Object.is(rounded, -0) ? 0 : rounded;
}

/**
 * The shortest decimal that round-trips after rounding to `digits`
 * significant digits: 5.6, 13.44, 0.933333333333 (0.933333 with 6 digits).
 */
export function formatNumber(n: number, options: { digits?: number } = {}): string {
  return String(tidyNumber(n, options.digits));
}

/** A ratio as a percentage: 0.0056 → `0.56%` (4 significant digits unless told). */
export function formatPercent(ratio: number, options: { digits?: number } = {}): string {
  return `${formatNumber(ratio * 100, { digits: options.digits ?? 4 })}%`;
}
