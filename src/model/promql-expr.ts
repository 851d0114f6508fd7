import { z } from "zod";
import { formatPosition, parsePromQL } from "../promql/parse.ts";
import { checkPromqlReplacementChar } from "./prometheus-names.ts";

/** A PromQL expression, parsed with the official grammar during validation. */
export const promqlExprSchema = z
  .string()
  .min(1, { error: "expected a PromQL expression" })
  .superRefine((query, ctx) => {
    checkPromqlReplacementChar(query, ctx);
    const first = parsePromQL(query).errors[0];
    if (first === undefined) return;
    ctx.addIssue({
      code: "custom",
      message: `expected valid PromQL, got ${first.message} at ${formatPosition(query, first)}`,
      params: { obsforgeCode: "promql/syntax" },
    });
  })
  .meta({ description: "PromQL expression (checked with @prometheus-io/lezer-promql)" });
