import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { resolve } from "node:path";
import type { Artifact } from "../emit/artifact.ts";
import { compareOutput, type Staleness } from "../emit/compare.ts";
import type { OutputFs } from "../emit/output-fs.ts";
import { type ProtectedFolder, repositoryRoot } from "../emit/ownership.ts";
import { writeOutput } from "../emit/write.ts";
import type { LintConfig } from "../lint/config.ts";
import { loadDefinitions } from "../load/definitions.ts";
import { placeProblems } from "../load/positions.ts";
import { checkEstateLogql } from "../lint/logql.ts";
import { buildEstate } from "../estate/build.ts";
import type { Estate, RawDefinition } from "../model/estate.ts";
import { alertTemplateProblems } from "../model/prometheus-names.ts";
import { checkDashboards } from "../targets/grafana/check.ts";
import type { GrafanaSettingsInput } from "../targets/grafana/settings.ts";
import { type CompileOptions, compileEstate, emitEstate } from "./compile.ts";
import { withManifest } from "../emit/manifest.ts";
import { loadConfig } from "./lint-config.ts";
import { checkOutputPaths } from "./output-paths.ts";
import {
  type CacheOptions,
  type CacheStats,
  type Incremental,
  openIncremental,
} from "./incremental.ts";
import type { Service } from "../model/service.ts";
import { CONFIG_FILE, readConfigFile } from "../load/config-file.ts";
import {
  parseRulersConfig,
  type RulersSettings,
  type RulersSettingsInput,
  rulersSettings,
} from "../model/rulers.ts";
import { checkRulerLayout } from "../targets/rulers/check-layout.ts";
import { checkRulerShards } from "../targets/rulers/check-shards.ts";

export interface ProjectOptions {
  /** Folder of definition modules; default `definitions`. */
  definitions?: string;
  /** Output folder; default `out`. */
  out?: string;
  /** Base for relative paths in messages; default the process's cwd. */
  cwd?: string;
  /** Grafana URL and datasources for dashboards, provisioning and dashboard links. */
  grafana?: GrafanaSettingsInput;
  /**
   * Refuse broken Go templates in alert labels and annotations (default).
   * `lint` turns it off and reports them itself, with their position.
   */
  checkTemplates?: boolean;
  /**
   * The lint config whose levels the LogQL checks run at; default
   * `obsforge.config.json` in `cwd` when there is one.
   */
  lintConfig?: LintConfig;
  /** Run the LogQL checks and return them as warnings (default); `lint` runs them itself. */
  logqlWarnings?: boolean;
  /**
   * The incremental cache of `build` and `check` (src/pipeline/incremental.ts);
   * `false` (`--no-cache`) loads, validates and compiles every module, and
   * transpiles them without the transpile cache too.
   */
  cache?: false | CacheOptions;
  /**
   * The Mimir/Cortex/Loki ruler layout and shard limits; default the
   * `rulers` section of `obsforge.config.json` in `cwd`, none without it.
   */
  rulers?: RulersSettingsInput;
  /** Only for tests: told what the cache did. */
  onCache?: (stats: CacheStats) => void;
}

export interface BuildOptions extends ProjectOptions {
  /** Abort (on SIGINT/SIGTERM) to stop the build, clean up and leave out/ as it was. */
  signal?: AbortSignal;
  /** Only for tests: the filesystem the writer uses (to pause it at a step or raise a fault). */
  fs?: OutputFs;
}

export interface Compiled {
  estate: Estate;
  artifacts: Artifact[];
  /** Findings that do not stop the build (LogQL cost and correctness checks), one line each. */
  warnings: Problem[];
}

export interface Validated {
  estate: Estate;
  warnings: Problem[];
  /** The ruler layout the estate is compiled with, when it has one. */
  rulers?: RulersSettings;
}

/**
 * Load and validate, with the checks that span definitions. Nothing is
 * compiled: enough for commands that read the model (`explain`).
 */
export async function validateProject(options: ProjectOptions = {}): Promise<Result<Validated>> {
  const prepared = await prepareProject(options);
  if (!prepared.ok) return prepared;
  const { estate, warnings, rulers } = prepared.value;
  return { ok: true, value: { estate, warnings, ...(rulers !== undefined && { rulers }) } };
}

/** validateProject, with the incremental cache that `build` and `check` then compile with. */
async function prepareProject(
  options: ProjectOptions,
): Promise<Result<Validated & { incremental: Incremental | undefined }>> {
  const cwd = options.cwd ?? process.cwd();
  const dir = resolve(cwd, options.definitions ?? "definitions");
  const incremental =
    options.cache === false || options.cache?.modules === false
      ? undefined
      : await openIncremental(dir, options.cache);
  // The stats fill in as the build goes (loaded, stored, compiled).
  if (incremental !== undefined) options.onCache?.(incremental.stats);
  const loaded = await loadDefinitions(dir, {
    cwd,
    ...(options.cache === false && { cacheDir: false }),
    ...(incremental !== undefined && { cached: incremental.cached }),
  });
  if (!loaded.ok)
    return { ok: false, diagnostics: await placeProblems(loaded.diagnostics, { cwd }) };
  const estate = checkDefinitions(loaded.value, {
    templates: options.checkTemplates !== false,
    ...(incremental !== undefined && { validated: incremental.validated }),
  });
  if (!estate.ok)
    return { ok: false, diagnostics: await placeProblems(estate.diagnostics, { cwd }) };
  incremental?.remember(estate.value);
  const rulers = await rulerSettings(options, cwd);
  if (!rulers.ok)
    return { ok: false, diagnostics: await placeProblems(rulers.diagnostics, { cwd }) };
  const shards = checkRulers(estate.value, rulers.value);
  if (shards.some((p) => p.severity === "error"))
    return { ok: false, diagnostics: await placeProblems(shards, { cwd }) };
  const rulerWarnings = await placeProblems(shards, { cwd });
  const done = (warnings: Problem[]) => ({
    ok: true as const,
    value: {
      estate: estate.value,
      warnings: [...rulerWarnings, ...warnings],
      incremental,
      ...(rulers.value !== undefined && { rulers: rulers.value.settings }),
    },
  });
  if (options.logqlWarnings === false) return done([]);
  let config = options.lintConfig;
  if (config === undefined) {
    const read = await loadConfig({ cwd });
    if (!read.ok) return read;
    config = read.value;
  }
  return done(await placeProblems(checkEstateLogql(estate.value, config), { cwd }));
}

/** The ruler settings from the options, else from the config file; undefined when neither has them. */
async function rulerSettings(
  options: ProjectOptions,
  cwd: string,
): Promise<Result<{ settings: RulersSettings; file: string } | undefined>> {
  if (options.rulers !== undefined)
    return { ok: true, value: { settings: rulersSettings(options.rulers), file: CONFIG_FILE } };
  const read = await readConfigFile({ cwd });
  if (!read.ok) return read;
  if (read.value === undefined) return { ok: true, value: undefined };
  const parsed = parseRulersConfig(read.value.json, read.value.file);
  if (!parsed.ok) return parsed;
  const settings = parsed.value;
  return { ok: true, value: settings && { settings, file: read.value.file } };
}

/** The ruler layout's errors, then its shard findings (errors or warnings, as configured). */
function checkRulers(
  estate: Estate,
  rulers: { settings: RulersSettings; file: string } | undefined,
): Problem[] {
  if (rulers === undefined) return [];
  const layout = checkRulerLayout(estate, rulers.settings, { configFile: rulers.file });
  if (layout.length > 0) return layout;
  return checkRulerShards(estate, rulers.settings);
}

/** Validate loaded definitions with every check that spans them; what `build` refuses, without the disk. */
export function checkDefinitions(
  definitions: readonly RawDefinition[],
  options: { templates?: boolean; validated?: ReadonlyMap<RawDefinition, Service> } = {},
): Result<Estate> {
  const estate = buildEstate(
    definitions,
    options.validated !== undefined ? { validated: options.validated } : {},
  );
  if (!estate.ok) return estate;
  if (options.templates !== false) {
    const templates = estate.value.services.flatMap(({ file, value }) =>
      alertTemplateProblems(value).map((p): Problem => ({ ...p, severity: "error", file })),
    );
    if (templates.length > 0) return { ok: false, diagnostics: templates };
  }
  // Cross-definition checks of dashboards (uids, links, panel queries) before compiling them.
  const problems = checkDashboards(estate.value);
  if (problems.length > 0) return { ok: false, diagnostics: problems };
  // Output paths last: a uid clash is reported once, by the dashboard check.
  const paths = checkOutputPaths(estate.value);
  if (paths.length > 0) return { ok: false, diagnostics: paths };
  return estate;
}

/** The artifacts from the incremental cache when there is one: the same bytes either way. */
function emitWith(
  incremental: Incremental | undefined,
  estate: Estate,
  options: CompileOptions,
): Iterable<Artifact> {
  return incremental === undefined
    ? emitEstate(estate, options)
    : incremental.emit(estate, options);
}

function compileOptions(options: ProjectOptions, rulers?: RulersSettings): CompileOptions {
  return {
    ...(options.grafana !== undefined && { grafana: options.grafana }),
    ...(rulers !== undefined && { rulers }),
  };
}

/** Load, validate and compile in memory. Nothing is written. */
export async function compileProject(options: ProjectOptions = {}): Promise<Result<Compiled>> {
  const prepared = await validateProject(options);
  if (!prepared.ok) return prepared;
  const { estate, warnings, rulers } = prepared.value;
  return {
    ok: true,
    value: { estate, warnings, artifacts: compileEstate(estate, compileOptions(options, rulers)) },
  };
}

export interface Built {
  estate: Estate;
  warnings: Problem[];
  /** How many files out/ holds now, the manifest included. */
  artifactCount: number;
}

/**
 * `obsforge build`: validate, then compile and write in one stream into a
 * staging folder that replaces out/ atomically. A failed build writes nothing.
 */
export async function buildProject(options: BuildOptions = {}): Promise<Result<Built>> {
  const prepared = await prepareProject(options);
  if (!prepared.ok) return prepared;
  const { estate, warnings, incremental, rulers } = prepared.value;
  const cwd = options.cwd ?? process.cwd();
  const definitions = resolve(cwd, options.definitions ?? "definitions");
  const written = await writeOutput(
    resolve(cwd, options.out ?? "out"),
    withManifest(emitWith(incremental, estate, compileOptions(options, rulers))),
    {
      cwd,
      protect: await protectedFolders(cwd, definitions),
      ...(options.signal !== undefined && { signal: options.signal }),
      ...(options.fs !== undefined && { fs: options.fs }),
    },
  );
  if (!written.ok) return written;
  return {
    ok: true,
    value: {
      estate,
      warnings: [...warnings, ...written.value.warnings],
      artifactCount: written.value.count,
    },
  };
}

/**
 * What `--out` must never be or contain: the definitions (nor lie inside
 * them), the working directory, and the git repositories holding either, so
 * that `--out .`, `--out ..` or an unset `--out "$DIR"` cannot replace them.
 */
async function protectedFolders(cwd: string, definitions: string): Promise<ProtectedFolder[]> {
  const folders: ProtectedFolder[] = [{ path: cwd, what: "the working directory" }];
  for (const start of [cwd, definitions]) {
    const root = await repositoryRoot(start);
    if (root !== undefined) folders.push({ path: root, what: "the repository root" });
  }
  folders.push({ path: definitions, what: "the definitions folder", forbidInside: true });
  return folders;
}

/** `obsforge check`: compile in a stream and compare with out/. Never writes. */
export async function checkProject(
  options: ProjectOptions = {},
): Promise<
  { ok: true; value: Staleness; warnings: Problem[] } | { ok: false; diagnostics: Problem[] }
> {
  const prepared = await prepareProject(options);
  if (!prepared.ok) return prepared;
  const { estate, warnings, incremental, rulers } = prepared.value;
  const cwd = options.cwd ?? process.cwd();
  const artifacts = withManifest(emitWith(incremental, estate, compileOptions(options, rulers)));
  const compared = await compareOutput(resolve(cwd, options.out ?? "out"), artifacts, { cwd });
  if (!compared.ok) return compared;
  return { ok: true, value: compared.value, warnings };
}
