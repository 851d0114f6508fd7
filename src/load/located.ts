import type { FieldPath } from "../core/problem.ts";

/**
 * Where a field of a definition is written, as offsets into the file's
 * text: what the TS and YAML locators (locate-ts.ts, locate-yaml.ts) find
 * for a field path, and what positions.ts turns into a `Span`.
 */
export interface LocatedField {
  start: number;
  end: number;
  /** Whether the whole path was found; false when this is its nearest written ancestor. */
  exact: boolean;
  /**
   * For a string written as a literal: the file offset of the value's
   * character at `offset`, or undefined where the literal does not hold
   * the value verbatim (a template's `${…}`, a folded YAML scalar).
   */
  inner?: (offset: number) => number | undefined;
  /** Where the field's name is written, when it is a key (a property, a mapping key). */
  key?: { start: number; end: number };
  /**
   * The path as the file spells it, when that is how problems should name
   * it: a plain group of a rule file (`plainGroups[0].rules[1].keepFiringFor`
   * is `groups[0].rules[1].keep_firing_for`).
   */
  writtenPath?: FieldPath;
}

/** Finds fields of one parsed file; undefined when not even the first step of the path is written. */
export type FieldLocator = (path: FieldPath) => LocatedField | undefined;
