import { compareStrings } from "../core/order.ts";
import { detach } from "./detach.ts";
import { ENTRY_OVERHEAD, type ExpositionLimits, MAX_LABEL_CHARS_PER_FAMILY } from "./limits.ts";

/** Label names one family tracks, within maxLabelsPerFamily and MAX_LABEL_CHARS_PER_FAMILY. */
export interface LabelTracker {
  labels: Set<string>;
  labelChars: number;
}

/**
 * Track `name` for `fam` unless its budget is spent; returns the characters
 * now retained. The name is copied (detached) only when it is kept.
 */
export function trackLabel(fam: LabelTracker, name: string, limits: ExpositionLimits): number {
  if (fam.labels.has(name)) return 0;
  if (fam.labels.size >= limits.maxLabelsPerFamily) return 0;
  if (fam.labelChars + name.length > MAX_LABEL_CHARS_PER_FAMILY) return 0;
  fam.labels.add(detach(name));
  fam.labelChars += name.length;
  return name.length + ENTRY_OVERHEAD;
}

export function sortedLabelNames(labels: Set<string>): string[] {
  return [...labels].sort(compareStrings);
}
