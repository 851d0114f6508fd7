/**
 * What the parser may keep while it reads. The defaults hold a few MiB at
 * most; an exposition within them (any real /metrics endpoint) gives the
 * same result as with no limits at all.
 */
export interface ExpositionLimits {
  /**
   * Text format: families remembered. Each family is linted as soon as
   * another family's line comes, but the text format lets its lines come
   * back later (expfmt merges them), so a summary of it (name, type, HELP,
   * first line; no labels) is kept to merge them into. Beyond this many the
   * oldest summary is forgotten, with one `exposition/syntax` warning, and a
   * forgotten family that comes back is linted again as a new family.
   */
  maxTrackedFamilies: number;
  /**
   * OpenMetrics: family names remembered for the "lines of a family
   * together" and sample-name clash checks; beyond it the oldest are
   * forgotten, with one `exposition/syntax` warning.
   */
  maxTrackedNames: number;
  /** Characters kept across remembered families (names, HELP, excerpts, the current family's label names and series). */
  maxRetainedChars: number;
  /** Label names tracked per family (for the label naming rules); later ones are not checked. */
  maxLabelsPerFamily: number;
  /** HELP text kept per family; rules only need to know there is one. */
  maxHelpLength: number;
}

export const EXPOSITION_LIMITS: Readonly<ExpositionLimits> = {
  maxTrackedFamilies: 10_000,
  maxTrackedNames: 50_000,
  maxRetainedChars: 4 * 1024 * 1024,
  maxLabelsPerFamily: 1000,
  maxHelpLength: 1024,
};

/** Label name characters tracked per family, with maxLabelsPerFamily. */
export const MAX_LABEL_CHARS_PER_FAMILY = 64 * 1024;

/** A rough per-entry cost of the objects around the strings (Map entry, family record). */
export const ENTRY_OVERHEAD = 64;
