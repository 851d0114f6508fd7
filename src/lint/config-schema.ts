import type { Result } from "../core/result.ts";
import { z } from "zod";
import { issuesToDiagnostics } from "../model/issues.ts";
import { labelNameSchema } from "../model/common.ts";
import { LINT_LEVELS } from "./config.ts";
import { METRIC_PROFILES } from "./check.ts";

/** The `lint` section of obsforge.config.json (documented in config.ts). */
export const lintConfigSchema = z
  .strictObject({
    rules: z
      .record(
        z.string(),
        z.union([
          z.enum(LINT_LEVELS),
          // ESLint's form for checks with settings: ["warning", { "required": ["job"] }].
          z.tuple([z.enum(LINT_LEVELS), z.record(z.string(), z.unknown())]),
        ]),
      )
      .default({})
      .meta({
        description:
          'Rule id → "off" or a severity that replaces the default, or [severity, options] for checks with options',
      }),
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

/** The `lint` section of the settings file's JSON, validated; defaults when it has none. */
export function parseLintConfig(json: unknown, file: string): Result<LintConfig> {
  const parsed = configFileSchema.safeParse(json, { reportInput: true });
  if (!parsed.success)
    return { ok: false, diagnostics: issuesToDiagnostics(parsed.error.issues, file) };
  return { ok: true, value: parsed.data.lint };
}
