/** Locale-independent string order (never localeCompare in output paths). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
