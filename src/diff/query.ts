import { canonicalLogQL } from "../logql/canonical.ts";
import { canonicalPromQL } from "../promql/canonical.ts";

export type QueryLanguage = "promql" | "logql";

/**
 * Whether two queries mean the same: both parsed with the real grammar and
 * compared as normalised trees, so re-indenting, re-wrapping or
 * re-parenthesising a query is no change. A query that does not parse (a
 * dashboard's `$__rate_interval`) is compared with its whitespace collapsed.
 */
export function sameQuery(before: string, after: string, language: QueryLanguage): boolean {
  if (before === after) return true;
  const canonical = language === "promql" ? canonicalPromQL : canonicalLogQL;
  const a = canonical(before);
  const b = canonical(after);
  if (a !== undefined && b !== undefined) return a === b;
  return collapse(before) === collapse(after);
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
