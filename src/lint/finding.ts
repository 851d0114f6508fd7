import type { Severity } from "../diagnostics.ts";
import { compareStrings } from "../core/order.ts";

/**
 * One lint finding: what every reporter prints. Rules only say what is
 * wrong; the engine adds the rule id, the (possibly re-levelled) severity and
 * where it is, so reporters never decide what is a problem.
 */
export interface Finding {
  /** Rule id, e.g. `promql/rate-window`; also the docs path and the disable key. */
  rule: string;
  severity: Severity;
  message: string;
  /** File as the user would type it (relative to the working directory), or a URL, or `-`. */
  file?: string;
  /** 1-based line in `file`. */
  line?: number;
  /** 1-based column (UTF-16 code units, as SARIF's default `columnKind`). */
  column?: number;
  /** 1-based column just after the span, on the same line. */
  endColumn?: number;
  /** The metric, alert or recording rule the finding is about. */
  subject?: string;
  /** The text of `line`, so the text reporter can draw a caret under the span. */
  excerpt?: string;
  /** When `excerpt` is a window of a very long line: how many characters were cut before it. */
  excerptOffset?: number;
  /**
   * Set on the closing finding of a rule whose findings were capped: it
   * stands for this many findings that were not kept (counted, not printed).
   */
  omitted?: number;
}

/** Deterministic order: file, line, column, rule, subject, message (plain `<`, never locale). */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.file ?? "", b.file ?? "") ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    compareStrings(a.rule, b.rule) ||
    compareStrings(a.subject ?? "", b.subject ?? "") ||
    compareStrings(a.message, b.message)
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

export interface FindingCounts {
  error: number;
  warning: number;
  info: number;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts: FindingCounts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += f.omitted ?? 1;
  return counts;
}
