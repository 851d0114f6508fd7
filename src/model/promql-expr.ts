import { z } from "zod";
import { invalidQuery } from "../core/query-error.ts";
import { checkPromQL } from "../promql/typecheck.ts";
import { checkPromqlReplacementChar } from "./prometheus-names.ts";

/** A PromQL expression, parsed with the official grammar and type-checked during validation. */
export const promqlExprSchema = z
  .string()
  .min(1, { error: "expected a PromQL expression" })
  .superRefine((query, ctx) => {
    checkPromqlReplacementChar(query, ctx);
    const first = checkPromQL(query).errors[0];
    if (first === undefined) return;
    const { message, valueSpan } = invalidQuery("PromQL", query, first);
    ctx.addIssue({
      code: "custom",
      message,
      params: { obsforgeCode: first.kind === "type" ? "promql/type" : "promql/syntax", valueSpan },
    });
  })
  .meta({
    description:
      "PromQL expression (parsed with @prometheus-io/lezer-promql, type-checked with @prometheus-io/codemirror-promql)",
  });
