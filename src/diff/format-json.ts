import { tidyNumber } from "../core/numbers.ts";
import type { EstateDiff } from "./model.ts";
import { counts, summaryLine } from "./summary.ts";

/** One JSON document: the summary, its counts, every changed artifact and the notes. */
export function diffJson(diff: EstateDiff): string {
  const tidy = (_key: string, value: unknown) =>
    typeof value === "number" ? tidyNumber(value) : value;
  const document = {
    base: diff.base,
    summary: summaryLine(diff),
    counts: counts(diff),
    artifacts: diff.artifacts,
    notes: diff.notes,
  };
  return `${JSON.stringify(document, tidy, 2)}\n`;
}
