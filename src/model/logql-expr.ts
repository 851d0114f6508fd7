import { z } from "zod";
import { hasWindow, renderForParsing, WINDOW } from "../core/window.ts";
import { type ParsedLogQL, parseLogQL } from "../logql/parse.ts";
import { invalidQuery } from "../core/query-error.ts";
import type { SyntaxErrorInfo } from "../core/syntax-error.ts";

/**
 * LogQL fields, parsed with the official grammar during validation (as
 * promqlExprSchema does for PromQL). Errors carry the column; the zod path
 * gives the field.
 */

function report(
  ctx: z.RefinementCtx,
  query: string,
  error: SyntaxErrorInfo,
  options: {
    shown?: string;
    offsetOf?: (offset: number) => number;
    endOf?: (offset: number) => number;
  } = {},
): void {
  const { message, valueSpan } = invalidQuery(
    "LogQL",
    options.shown ?? query,
    error,
    options.offsetOf,
    options.endOf,
  );
  ctx.addIssue({
    code: "custom",
    message,
    params: { obsforgeCode: "logql/syntax", valueSpan },
  });
}

function metricOnly(ctx: z.RefinementCtx, parsed: ParsedLogQL, what: string): void {
  if (parsed.kind === "log") {
    ctx.addIssue({
      code: "custom",
      message: `expected a LogQL metric query for ${what} (wrap the log query, e.g. count_over_time({…} |= "x" [5m])), got a log query`,
      params: { obsforgeCode: "logql/not-a-metric-query" },
    });
  }
}

/** A LogQL metric query: what Loki's ruler evaluates for alerts and recording rules. */
export const logqlMetricExprSchema = z
  .string()
  .min(1, { error: "expected a LogQL metric query" })
  .superRefine((query, ctx) => {
    const parsed = parseLogQL(query);
    const first = parsed.errors[0];
    if (first !== undefined) report(ctx, query, first);
    else metricOnly(ctx, parsed, "a rule");
  })
  .meta({
    description:
      'LogQL metric query, e.g. sum(count_over_time({app="x"} |= "error" [5m])) > 10 (checked with @grafana/lezer-logql)',
  });

/** A bare stream selector such as `{service_name="checkout"}`: what a service's logs are. */
export const logSelectorSchema = z
  .string()
  .min(1, { error: 'expected a LogQL stream selector such as {service_name="checkout"}' })
  .superRefine((query, ctx) => {
    const parsed = parseLogQL(query);
    const first = parsed.errors[0];
    if (first !== undefined) return report(ctx, query, first);
    const log = parsed.tree.topNode.getChild("Expr")?.getChild("LogExpr");
    if (log == null || log.getChild("PipelineExpr") !== null) {
      ctx.addIssue({
        code: "custom",
        message:
          'expected a stream selector alone, such as {service_name="checkout"} (filters and parsers belong in the queries)',
        params: { obsforgeCode: "logql/not-a-selector" },
      });
    }
  })
  .meta({ description: 'LogQL stream selector, e.g. {service_name="checkout"}' });

/** A LogQL metric query with the window placeholder where the range goes (log-based SLIs). */
export const windowedLogqlSchema = z
  .string()
  .min(1, { error: "expected a LogQL metric query" })
  .superRefine((query, ctx) => {
    if (!hasWindow(query)) {
      ctx.addIssue({
        code: "custom",
        message: `expected a query containing the window placeholder ${WINDOW} (e.g. count_over_time({app="x"} [${WINDOW}]))`,
      });
      return;
    }
    const { rendered, originalOffset, originalEnd } = renderForParsing(query);
    const parsed = parseLogQL(rendered);
    const first = parsed.errors[0];
    if (first !== undefined)
      report(ctx, rendered, first, { shown: query, offsetOf: originalOffset, endOf: originalEnd });
    else metricOnly(ctx, parsed, "an SLI");
  })
  .meta({ description: `LogQL metric query with ${WINDOW} where the range goes` });
