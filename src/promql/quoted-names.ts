import { findNodes, parsePromQL } from "./parse.ts";

/**
 * Whether a PromQL query names a metric or label in quotes
 * (`{"http.server.duration"}`, `by ("k8s.pod")`), Prometheus 3.0 syntax.
 *
 * Every build asks this of every rule and SLI query of the estate (the
 * target-version check), cached services included, so the parse is skipped
 * when the text alone shows there is no such name. In the grammar
 * (@prometheus-io/lezer-promql, `QuotedLabelName`) a quoted name is a
 * string literal right after `{`, `(` or `,`; a string after anything else
 * (a matcher's `=`, `!=`, `=~`, `!~`, a number, a name) is a value. The
 * scan lexes strings as the grammar does (`"…"` and `'…'` with backslash
 * escapes, ending at a line break; `` `…` `` raw), and leaves to the parser
 * every query it cannot judge: one with a `#` (a comment could hide a quote
 * or a bracket from the scan) or with a string right after `{`, `(`, `,` or
 * at the start. The shortcut holds for queries that parse without errors
 * (lezer's error recovery can turn any string into a name); the estate's
 * are validated before they are asked about.
 */
export function hasQuotedNames(query: string): boolean {
  if (!mayHaveQuotedNames(query)) return false;
  return findNodes(parsePromQL(query).tree, "QuotedLabelName").length > 0;
}

/** False only when no string literal of `query` can be a quoted name (see above). */
export function mayHaveQuotedNames(query: string): boolean {
  if (query.includes("#")) return true;
  // The last character outside strings and whitespace; "" at the start.
  let before = "";
  for (let i = 0; i < query.length; i++) {
    const c = query[i]!;
    if (c === '"' || c === "'" || c === "`") {
      if (before === "" || before === "{" || before === "(" || before === ",") return true;
      i = stringEnd(query, i);
      before = c;
    } else if (!isSpace(c)) before = c;
  }
  return false;
}

/** The index of the last character of the string literal opened at `start`. */
function stringEnd(query: string, start: number): number {
  const quote = query[start];
  for (let i = start + 1; i < query.length; i++) {
    const c = query[i];
    if (c === quote) return i;
    if (quote === "`") continue;
    if (c === "\\") i++;
    // The grammar ends an unclosed "…" or '…' before the line break.
    else if (c === "\n") return i - 1;
  }
  return query.length - 1;
}

/** Whitespace as the grammar skips it (`std.whitespace`), and more: only ever more cautious. */
function isSpace(c: string): boolean {
  return /\s/.test(c) || c === "\u0085";
}
