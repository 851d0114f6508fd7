/**
 * `part` of `whole` as a percentage with two decimals, rounded down, so a
 * stream with one bad line in a million never reads "100%".
 */
export function share(part: number, whole: number): string {
  if (whole === 0) return "0%";
  return `${Math.floor((part / whole) * 10_000) / 100}%`;
}
