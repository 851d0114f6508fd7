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

export const DEFAULT_LINT_CONFIG: LintConfig = { rules: {}, knownMetrics: [] };
