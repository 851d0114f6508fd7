import { resolve } from "node:path";
import type { Result } from "../diagnostics.ts";
import type { LintConfig } from "../lint/config.ts";
import { lintEstate } from "../lint/engine.ts";
import type { Finding } from "../lint/finding.ts";
import type { MetricProfile } from "../lint/rule.ts";
import { loadDefinitions } from "../load/definitions.ts";
import { readSources } from "../load/sources.ts";
import { buildEstate, type Estate } from "../model/estate.ts";
import { loadConfig } from "./lint-config.ts";

export interface LintProjectOptions {
  /** Folder of definition modules; default `definitions`. */
  definitions?: string;
  /** Base for relative paths; default the process's cwd. */
  cwd?: string;
  /** Config file; default `obsforge.config.json` in `cwd` when present. */
  config?: string;
  /** Metric-name profile for the catalogue; default the config's, else strict. */
  profile?: MetricProfile;
  /** Lint only the catalogue's metric names (`lint-metrics --catalogue`). */
  catalogueOnly?: boolean;
}

export interface LintReport {
  findings: Finding[];
  estate: Estate;
}

/** `obsforge lint`: load and validate definitions, then lint rules and catalogue. */
export async function lintProject(
  options: LintProjectOptions = {},
  config?: LintConfig,
): Promise<Result<LintReport>> {
  const cwd = options.cwd ?? process.cwd();
  let settings = config;
  if (settings === undefined) {
    const loaded = await loadConfig(options);
    if (!loaded.ok) return loaded;
    settings = loaded.value;
  }
  const loaded = await loadDefinitions(resolve(cwd, options.definitions ?? "definitions"), { cwd });
  if (!loaded.ok) return loaded;
  const estate = buildEstate(loaded.value);
  if (!estate.ok) return estate;
  const sources = await readSources(
    estate.value.services.map((s) => s.file),
    cwd,
  );
  const profile = options.profile ?? settings.profile ?? "strict";
  const findings = await lintEstate(estate.value, {
    config: settings,
    profile,
    sources,
    rules: options.catalogueOnly !== true,
  });
  return { ok: true, value: { estate: estate.value, findings } };
}
