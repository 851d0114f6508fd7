/**
 * What the parser may keep while it reads. The defaults hold a few MiB at
 * most; an exposition within them (any real /metrics endpoint) gives the
 * same result as with no limits at all.
 */
export interface ExpositionLimits {
  /**
   * Text format: families kept open at once. The text format lets a family's
   * samples come back after other families (expfmt merges them), so families
   * stay open until the end; beyond this many the oldest is closed and
   * linted, and if it comes back it is linted again as a new family.
   */
  maxOpenFamilies: number;
  /**
   * OpenMetrics: family names remembered for the "lines of a family
   * together" and sample-name clash checks; beyond it the oldest are forgotten.
   */
  maxTrackedNames: number;
  /** Characters kept across open or remembered families (names, HELP, excerpts, label names, series). */
  maxRetainedChars: number;
  /** Label names tracked per family (for the label naming rules); later ones are not checked. */
  maxLabelsPerFamily: number;
  /** HELP text kept per family; rules only need to know there is one. */
  maxHelpLength: number;
}

export const EXPOSITION_LIMITS: Readonly<ExpositionLimits> = {
  maxOpenFamilies: 10_000,
  maxTrackedNames: 50_000,
  maxRetainedChars: 4 * 1024 * 1024,
  maxLabelsPerFamily: 1000,
  maxHelpLength: 1024,
};

/** Label name characters tracked per family, with maxLabelsPerFamily. */
export const MAX_LABEL_CHARS_PER_FAMILY = 64 * 1024;

/** A rough per-entry cost of the objects around the strings (Map entry, family record). */
export const ENTRY_OVERHEAD = 64;
