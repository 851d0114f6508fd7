import { resolve } from "node:path";
import type { Diagnostic, Result } from "../diagnostics.ts";
import { type LintConfig, LINT_LEVELS } from "../lint/config.ts";
import {
  type ExpositionLintResult,
  lintEstate,
  lintExposition,
  unknownConfigRules,
} from "../lint/engine.ts";
import type { ExpositionFormatOption } from "../lint/exposition/stream.ts";
import type { Finding } from "../lint/finding.ts";
import type { MetricProfile } from "../lint/rule.ts";
import { openExposition } from "../load/exposition.ts";
import { loadDefinitions } from "../load/definitions.ts";
import { loadLintConfig } from "../load/lint-config.ts";
import { readSources } from "../load/sources.ts";
import { buildEstate, type Estate } from "../model/estate.ts";

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

/** Load the lint config and check its rule ids against the registry. */
export async function loadConfig(options: {
  cwd?: string;
  config?: string;
}): Promise<Result<LintConfig>> {
  const cwd = options.cwd ?? process.cwd();
  const loaded = await loadLintConfig({
    cwd,
    ...(options.config !== undefined && { path: options.config }),
  });
  if (!loaded.ok) return loaded;
  const unknown = unknownConfigRules(loaded.value);
  if (unknown.length === 0) return loaded;
  const file = options.config ?? "obsforge.config.json";
  const diagnostics: Diagnostic[] = unknown.map((id) => ({
    code: "config/unknown-rule",
    severity: "error",
    file,
    path: ["lint", "rules", id],
    message: `expected a lint rule id (see docs/rules) set to ${LINT_LEVELS.map((l) => JSON.stringify(l)).join(" | ")}, got unknown rule ${JSON.stringify(id)}`,
  }));
  return { ok: false, diagnostics };
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

export interface LintMetricsOptions {
  cwd?: string;
  profile: MetricProfile;
  format?: ExpositionFormatOption;
  config?: LintConfig;
  stdin?: AsyncIterable<Uint8Array | string>;
}

/** `obsforge lint-metrics FILE|URL|-`: stream the exposition through the parser and the naming rules. */
export async function lintMetricsInput(
  input: string,
  options: LintMetricsOptions,
): Promise<Result<ExpositionLintResult>> {
  const cwd = options.cwd ?? process.cwd();
  try {
    const opened = await openExposition(input, {
      cwd,
      ...(options.stdin !== undefined && { stdin: options.stdin }),
    });
    const result = await lintExposition(opened.chunks, {
      file: input,
      profile: options.profile,
      ...(options.config !== undefined && { config: options.config }),
      ...(options.format !== undefined && { format: options.format }),
      ...(opened.contentType !== undefined && { contentType: opened.contentType }),
    });
    return { ok: true, value: result };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      diagnostics: [
        {
          code: "lint/input",
          severity: "error",
          file: input,
          path: [],
          message: `expected a readable exposition, got ${message}`,
        },
      ],
    };
  }
}
