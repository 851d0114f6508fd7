import { z } from "zod";
import { labelNameSchema } from "../model/common.ts";
import { METRIC_PROFILES } from "./rule.ts";

/**
 * Lint settings, read from the `lint` key of `obsforge.config.json` (JSON,
 * so loading it runs no code). Every key is optional:
 *
 * ```json
 * { "lint": {
 *     "rules": { "promql/rate-window": "off", "alert/missing-runbook": "error" },
 *     "profile": "strict",
 *     "knownMetrics": ["node_*", "kube_pod_status_ready"],
 *     "targetLabels": ["job", "instance", "cluster"] } }
 * ```
 */
export const LINT_LEVELS = ["off", "error", "warning", "info"] as const;
export type LintLevel = (typeof LINT_LEVELS)[number];

export const lintConfigSchema = z
  .strictObject({
    rules: z
      .record(z.string(), z.enum(LINT_LEVELS))
      .default({})
      .meta({ description: 'Rule id → "off" or a severity that replaces the default' }),
    profile: z.enum(METRIC_PROFILES).optional().meta({
      description: "Metric-name profile for the catalogue in `obsforge lint` (default strict)",
    }),
    knownMetrics: z.array(z.string().min(1)).default([]).meta({
      description:
        "Metrics from outside the estate queries may use: exact names or prefix* patterns",
    }),
    targetLabels: z
      .array(labelNameSchema)
      .optional()
      .meta({ description: "Labels every scraped series carries (default job and instance)" }),
  })
  .meta({ description: "obsforge lint settings" });

export const configFileSchema = z.looseObject({
  lint: lintConfigSchema.default({ rules: {}, knownMetrics: [] }),
});

export type LintConfig = z.infer<typeof lintConfigSchema>;

export const DEFAULT_LINT_CONFIG: LintConfig = { rules: {}, knownMetrics: [] };

export const CONFIG_FILE = "obsforge.config.json";
