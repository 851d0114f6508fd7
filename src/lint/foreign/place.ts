import type { FieldPath, Span } from "../../core/problem.ts";
import { indexSource, positionAt, type SourceIndex } from "../../core/source-index.ts";
import type { ForeignFile } from "../../load/foreign/read.ts";
import type { FieldLocator } from "../../load/located.ts";
import { yamlLocator } from "../../load/locate-yaml.ts";
import { spanOf } from "../../load/positions.ts";
import { jsonSpan } from "../json-span.ts";
import { findJsonPath } from "../locate.ts";

/** A place to point at in a foreign document: a field path from its root, and maybe part of its string. */
export interface ForeignPlacement {
  path: FieldPath;
  /** Offsets into the field's string value (a query's token). */
  value?: { from: number; to: number };
  /** Only the whole path will do; else its nearest written part is taken. */
  exact?: boolean;
}

export interface ForeignPlacer {
  /** The span of the first placement found in document `document`. */
  span(document: number, placements: readonly ForeignPlacement[]): Span | undefined;
  /** The 1-based line a field starts on (for disable comments above rules and groups). */
  line(document: number, path: FieldPath): number | undefined;
}

/**
 * Positions in a foreign file, from the parser that read it: js-yaml's node
 * offsets for YAML (locate-yaml.ts), a walk of the JSON text for JSON
 * (lint/locate.ts). Opened lazily, once per document: a clean file is
 * parsed once, for its values only.
 */
export function foreignPlacer(file: ForeignFile): ForeignPlacer {
  let index: SourceIndex | undefined;
  const text = () => (index ??= indexSource(file.text));
  const locators = new Map<number, FieldLocator | undefined>();
  const locator = (document: number) => {
    if (!locators.has(document)) locators.set(document, yamlLocator(file.text, document));
    return locators.get(document);
  };
  const jsonPlace = (placements: readonly ForeignPlacement[]): Span | undefined => {
    for (const p of placements) {
      const found = findJsonPath(file.text, p.path);
      // findJsonPath falls back to the deepest part found; an exact placement wants the whole path.
      if (p.exact === true && !jsonPathExists(file.text, p.path, found.offset)) continue;
      return jsonSpan(text(), found, p.value);
    }
    return undefined;
  };
  return {
    span(document, placements) {
      if (file.json) return jsonPlace(placements);
      const locate = locator(document);
      if (locate === undefined) return undefined;
      for (const p of placements) {
        const field = locate(p.path);
        if (field === undefined || (p.exact === true && !field.exact)) continue;
        if (p.value !== undefined && field.exact && field.inner !== undefined) {
          const from = field.inner(p.value.from);
          if (from !== undefined) {
            const to = field.inner(p.value.to) ?? from;
            return spanOf(text(), from, Math.max(from, to));
          }
        }
        return spanOf(text(), field.start, field.end);
      }
      return undefined;
    },
    line(document, path) {
      const start = file.json
        ? findJsonPath(file.text, path).offset
        : locator(document)?.(path)?.start;
      return start === undefined ? undefined : positionAt(text(), start).line;
    },
  };
}

/** Whether the whole of `path` is written (findJsonPath returns its deepest written part). */
function jsonPathExists(text: string, path: FieldPath, offset: number): boolean {
  if (path.length === 0) return true;
  const parent = findJsonPath(text, path.slice(0, -1)).offset;
  return offset !== parent;
}
