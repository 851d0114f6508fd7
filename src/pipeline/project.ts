import { resolve } from "node:path";
import type { Diagnostic, Result } from "../diagnostics.ts";
import type { Artifact } from "../emit/artifact.ts";
import { compareOutput, type Staleness } from "../emit/compare.ts";
import { writeOutput } from "../emit/write.ts";
import { loadDefinitions } from "../load/definitions.ts";
import { checkEstateLogql } from "../lint/logql.ts";
import { buildEstate, type Estate } from "../model/estate.ts";
import { checkDashboards } from "../targets/grafana/check.ts";
import type { GrafanaSettingsInput } from "../targets/grafana/settings.ts";
import { compileEstate } from "./compile.ts";

export interface ProjectOptions {
  /** Folder of definition modules; default `definitions`. */
  definitions?: string;
  /** Output folder; default `out`. */
  out?: string;
  /** Base for relative paths in messages; default the process's cwd. */
  cwd?: string;
  /** Grafana URL and datasources for dashboards, provisioning and dashboard links. */
  grafana?: GrafanaSettingsInput;
}

export interface Compiled {
  estate: Estate;
  artifacts: Artifact[];
  /** Findings that do not stop the build (LogQL cost and correctness checks), one line each. */
  warnings: Diagnostic[];
}

/** Load, validate and compile in memory. Nothing is written. */
export async function compileProject(options: ProjectOptions = {}): Promise<Result<Compiled>> {
  const cwd = options.cwd ?? process.cwd();
  const loaded = await loadDefinitions(resolve(cwd, options.definitions ?? "definitions"), { cwd });
  if (!loaded.ok) return loaded;
  const estate = buildEstate(loaded.value);
  if (!estate.ok) return estate;
  // Cross-definition checks of dashboards (uids, links, panel queries) before compiling them.
  const problems = checkDashboards(estate.value);
  if (problems.length > 0) return { ok: false, diagnostics: problems };
  const artifacts = compileEstate(estate.value, {
    ...(options.grafana !== undefined && { grafana: options.grafana }),
  });
  return {
    ok: true,
    value: { estate: estate.value, artifacts, warnings: checkEstateLogql(estate.value) },
  };
}

/** `obsforge build`: compile, then replace out/ atomically. A failed build writes nothing. */
export async function buildProject(options: ProjectOptions = {}): Promise<Result<Compiled>> {
  const compiled = await compileProject(options);
  if (!compiled.ok) return compiled;
  await writeOutput(
    resolve(options.cwd ?? process.cwd(), options.out ?? "out"),
    compiled.value.artifacts,
  );
  return compiled;
}

/** `obsforge check`: compile in memory and compare with out/. Never writes. */
export async function checkProject(
  options: ProjectOptions = {},
): Promise<
  { ok: true; value: Staleness; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] }
> {
  const compiled = await compileProject(options);
  if (!compiled.ok) return compiled;
  const out = resolve(options.cwd ?? process.cwd(), options.out ?? "out");
  return {
    ok: true,
    value: await compareOutput(out, compiled.value.artifacts),
    warnings: compiled.value.warnings,
  };
}
