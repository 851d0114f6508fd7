/** Locale-independent string order (never localeCompare in output paths). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sort a label map by name with plain `<`, for byte-stable output. */
export function sortedLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(labels).sort(compareStrings)) out[key] = labels[key]!;
  return out;
}
