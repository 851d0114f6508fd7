import type { ValueSpan } from "../core/problem.ts";
import { invalidQuery } from "../core/query-error.ts";
import { renderForParsing } from "../core/window.ts";
import { checkPromQL } from "./typecheck.ts";

/**
 * The first syntax or type error of a PromQL query as written, `{{.window}}`
 * and all: parsed with a sample window, as the rules will hold it, and
 * worded and placed in the text as written (the unexpected text quoted with
 * its placeholder). Undefined when the query is valid. One check for the
 * model's SLI queries and the spec readers that wrap a query before the
 * model sees it.
 */
export function windowedQueryError(
  query: string,
): { message: string; valueSpan: ValueSpan; code: "promql/syntax" | "promql/type" } | undefined {
  const { rendered, originalOffset, originalEnd } = renderForParsing(query);
  const first = checkPromQL(rendered).errors[0];
  if (first === undefined) return undefined;
  return {
    ...invalidQuery("PromQL", query, first, originalOffset, originalEnd),
    code: first.kind === "type" ? "promql/type" : "promql/syntax",
  };
}
