import type { FieldPath, Problem } from "../core/problem.ts";

/**
 * Where the fields of an imported spec part are written, when that is not
 * the root of the part's own document: an OpenSLO object that is an item of
 * a YAML list (`at: [3]`), and an SLO whose SLI is another object
 * (`indicatorRef`), in another document or file. The reader that converted
 * the spec knows this (src/load/yaml-definitions.ts, openslo-v1.ts); a check
 * that runs later on the model does not, so its problems are moved here to
 * the place the value came from. The locator then spells the rest of the
 * path as that object writes it (src/load/spec-paths.ts).
 */
export interface SpecOrigin {
  /** The part's object in its document, when not the root (an item of a list). */
  at?: FieldPath;
  /** Where the SLI of every SLO of the part is written, when another object holds it. */
  sli?: { file: string; at: FieldPath };
  /**
   * Model fields written in other objects, as the reader mapped them (an
   * alert tier's factor is an AlertCondition's `threshold`): a problem under
   * `model` moves to `path` in `file`, with the rest of its path appended.
   */
  fields?: readonly { model: FieldPath; file: string; path: FieldPath }[];
}

/**
 * A problem about a field of a spec part's model (`slos[0].sli.errorQuery`),
 * in the file and object that wrote the field: the referenced SLI's object
 * for a field of the SLI, the list item for the others.
 */
export function inSpecOrigin(origin: SpecOrigin | undefined, problem: Problem): Problem {
  if (origin === undefined) return problem;
  const field = longestPrefix(origin.fields ?? [], problem.path);
  if (field !== undefined)
    return {
      ...problem,
      file: field.file,
      path: [...field.path, ...problem.path.slice(field.model.length)],
    };
  const [head, index, part] = problem.path;
  if (origin.sli !== undefined && head === "slos" && typeof index === "number" && part === "sli")
    return { ...problem, file: origin.sli.file, path: [...origin.sli.at, ...problem.path] };
  if (origin.at === undefined || origin.at.length === 0) return problem;
  return { ...problem, path: [...origin.at, ...problem.path] };
}

function longestPrefix<T extends { model: FieldPath }>(
  fields: readonly T[],
  path: FieldPath,
): T | undefined {
  let best: T | undefined;
  for (const f of fields)
    if (
      f.model.length <= path.length &&
      f.model.every((p, i) => p === path[i]) &&
      (best === undefined || f.model.length > best.model.length)
    )
      best = f;
  return best;
}
