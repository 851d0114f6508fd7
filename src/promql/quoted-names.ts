import { findNodes, parsePromQL } from "./parse.ts";

/**
 * Whether a PromQL query quotes a metric or label name (`{"http.server.duration"}`,
 * `by ("k8s.pod")`), Prometheus 3.0 syntax.
 *
 * Answered by the parser, but only for queries where a quoted name can be:
 * the grammar puts a name only right after `{`, `(` or `,` (a matcher, a
 * grouping list), so a query in which no string literal opens there, with
 * only blanks between, has none. Every character outside printable ASCII
 * counts as a blank, and a query with a `#` (a comment may stand between)
 * is parsed, so the pre-check can only send more queries to the parser,
 * never fewer. Rule estates
 * quote label values (`job="api"`), which follow `=`: their queries are
 * not parsed a second time after validation (10% of a cold 60,000-rule build).
 */
export function hasQuotedNames(query: string): boolean {
  if (!MAY_QUOTE_NAME.test(query) && !query.includes("#")) return false;
  return findNodes(parsePromQL(query).tree, "QuotedLabelName").length > 0;
}

/** `{`, `(` or `,`, then anything but printable ASCII, then a quote. */
const MAY_QUOTE_NAME = /[{(,][^\x21-\x7e]*["'`]/;
