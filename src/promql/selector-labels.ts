import type { Tree } from "@lezer/common";
import { closestName } from "../core/suggest.ts";
import { selectorInfo } from "./selectors.ts";

/** A matcher on a label the series is not known to have. */
export interface UnknownLabel {
  /** The selected series, e.g. `http_server_request_duration_seconds_count`. */
  metric: string;
  label: string;
  /** Offsets of the label name in the query. */
  from: number;
  to: number;
  /** The label it most likely stands for. */
  suggestion?: string;
  /** Every label the series may carry, sorted. */
  known: readonly string[];
}

/**
 * Matchers on labels a series cannot carry. `labelsOf` gives the labels of
 * a series whose label set is known (a catalogued one), undefined for the
 * rest, which are never reported. Only selectors naming one metric are
 * checked (`x{…}`, `{__name__="x", …}`); `__name__` itself always passes.
 */
export function unknownSelectorLabels(
  query: string,
  tree: Tree,
  labelsOf: (metric: string) => ReadonlySet<string> | undefined,
): UnknownLabel[] {
  const out: UnknownLabel[] = [];
  tree.iterate({
    enter(ref) {
      if (ref.name !== "VectorSelector") return undefined;
      const info = selectorInfo(query, ref.node);
      const labels = info.name === undefined ? undefined : labelsOf(info.name);
      if (labels === undefined) return false;
      for (const m of info.matchers) {
        if (m.label === "__name__" || labels.has(m.label)) continue;
        const suggestion = closestName(m.label, labels);
        out.push({
          metric: info.name!,
          label: m.label,
          from: m.labelNode.from,
          to: m.labelNode.to,
          ...(suggestion !== undefined && { suggestion }),
          known: [...labels].sort(),
        });
      }
      return false;
    },
  });
  return out;
}

/** `got "jbo" (did you mean "job"?)`: the tail every catalogue-label message shares. */
export function describeUnknownLabel(u: Pick<UnknownLabel, "label" | "suggestion">): string {
  const got = JSON.stringify(u.label);
  return u.suggestion === undefined
    ? got
    : `${got} (did you mean ${JSON.stringify(u.suggestion)}?)`;
}
