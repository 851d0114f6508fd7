import { z } from "zod";
import { LABEL_NAME_RE } from "../core/names.ts";

export const labelNameSchema = z
  .string()
  .regex(LABEL_NAME_RE, { error: "expected a label name matching [a-zA-Z_][a-zA-Z0-9_]*" });

/** Static labels: valid names, and names starting with `__` are Prometheus's own. */
export const labelsSchema = z
  .record(
    labelNameSchema.refine((n) => !n.startsWith("__"), {
      error: "expected a label name not starting with __ (reserved for Prometheus)",
    }),
    z.string(),
  )
  .meta({ description: "Static labels added to every series or alert" });

export type Labels = z.infer<typeof labelsSchema>;

/**
 * Inline lint settings on a rule or catalogue metric: ids of lint checks to
 * skip for this one item (see docs/checks). Unknown ids are reported by the
 * linter (`lint/unknown-rule`), not here, so the model stays independent of
 * the check registry.
 */
export const lintFieldSchema = z
  .strictObject({
    disable: z
      .array(
        z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, {
          error: 'expected a lint rule id such as "promql/rate-window"',
        }),
      )
      .min(1, { error: "expected at least one rule id to disable" }),
  })
  .meta({ description: 'Lint settings for this item, e.g. { disable: ["promql/rate-window"] }' });

export type LintField = z.infer<typeof lintFieldSchema>;
