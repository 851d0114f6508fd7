import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import type { OnProgress } from "../core/progress.ts";
import { resolve } from "node:path";
import { artifactOf } from "../emit/artifact.ts";
import type { LintConfig } from "../lint/config.ts";
import { lintEstate } from "../lint/engine.ts";
import type { MetricProfile } from "../lint/check.ts";
import { loadDefinitions } from "../load/definitions.ts";
import { placeProblems } from "../load/positions.ts";
import { readSources } from "../load/sources.ts";
import { buildEstate } from "../estate/build.ts";
import type { Estate } from "../model/estate.ts";
import type { CompiledFile } from "../targets/compiled-file.ts";
import { compileTargets } from "./compile.ts";
import { loadConfig } from "./lint-config.ts";
import { validateProject } from "./project.ts";

export interface LintProjectOptions {
  /** Folder of definition modules; default `definitions`. */
  definitions?: string;
  /** Output folder the dashboards are reported under (they are compiled in memory); default `out`. */
  out?: string;
  /** Base for relative paths; default the process's cwd. */
  cwd?: string;
  /** Config file; default `obsforge.config.json` in `cwd` when present. */
  config?: string;
  /** Metric-name profile for the catalogue; default the config's, else strict. */
  profile?: MetricProfile;
  /** Lint only the catalogue's metric names (`lint-metrics --catalogue`). */
  catalogueOnly?: boolean;
  /** Told as the definitions load and each service is linted (the CLI's progress line). */
  onProgress?: OnProgress;
}

export interface LintReport {
  findings: Problem[];
  estate: Estate;
}

/**
 * `obsforge lint`: load, validate and compile the definitions in memory (as
 * `check` does, once), then lint the rules, the catalogue, the LogQL queries
 * and the generated dashboards, reading the compiled files as they are.
 * Nothing is serialised except a dashboard with a finding, for the finding's
 * line. Only the catalogue for `catalogueOnly`.
 */
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
  const definitions = options.definitions ?? "definitions";
  const progress = options.onProgress !== undefined ? { onProgress: options.onProgress } : {};
  let estate: Estate;
  let compiled: CompiledFile[] = [];
  if (options.catalogueOnly === true) {
    const loaded = await loadDefinitions(resolve(cwd, definitions), { cwd, ...progress });
    if (!loaded.ok)
      return { ok: false, diagnostics: await placeProblems(loaded.diagnostics, { cwd }) };
    const built = buildEstate(loaded.value);
    if (!built.ok)
      return { ok: false, diagnostics: await placeProblems(built.diagnostics, { cwd }) };
    estate = built.value;
  } else {
    // Broken templates are this command's own finding (alert/template-syntax, with the position).
    // The LogQL checks run once, in lintEstate, at the config's levels.
    const validated = await validateProject({
      definitions,
      cwd,
      checkTemplates: false,
      logqlWarnings: false,
      ...progress,
    });
    if (!validated.ok) return validated;
    estate = validated.value.estate;
    compiled = [...compileTargets(estate)];
  }
  const sources = await readSources(
    [...estate.services.map((s) => s.file), ...(estate.routing ? [estate.routing.file] : [])],
    cwd,
  );
  const profile = options.profile ?? settings.profile ?? "strict";
  const findings = await lintEstate(estate, {
    config: settings,
    profile,
    sources,
    rules: options.catalogueOnly !== true,
    compiled,
    written: (file) => artifactOf(file).content,
    out: options.out ?? "out",
    ...progress,
  });
  return { ok: true, value: { estate, findings } };
}
