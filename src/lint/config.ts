import type { LintConfig } from "./config-schema.ts";

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

// The schema (zod) lives in config-schema.ts and is loaded only when a config
// file exists; this module stays light for `lint-metrics`.
export type { LintConfig };

/** A check's entry in `lint.rules`: a level, or ESLint's `[level, options]`. */
export type RuleSetting = LintConfig["rules"][string];

/** The level of a `lint.rules` entry (undefined: the check's default). */
export function settingLevel(setting: RuleSetting | undefined): LintLevel | undefined {
  return Array.isArray(setting) ? setting[0] : setting;
}

/** The options of a `lint.rules` entry written as `[level, options]`. */
export function settingOptions(
  setting: RuleSetting | undefined,
): Readonly<Record<string, unknown>> | undefined {
  return Array.isArray(setting) ? setting[1] : undefined;
}

export const DEFAULT_LINT_CONFIG: LintConfig = { rules: {}, knownMetrics: [] };
