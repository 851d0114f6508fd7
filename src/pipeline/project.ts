import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { counted, type OnProgress } from "../core/progress.ts";
import { join, relative, resolve } from "node:path";
import type { Artifact } from "../emit/artifact.ts";
import { compareOutput } from "../emit/compare.ts";
import type { StatIndex } from "../emit/stat-index.ts";
import type { OutputFs } from "../emit/output-fs.ts";
import { writeOutput } from "../emit/write.ts";
import type { LintConfig } from "../lint/config.ts";
import { loadDefinitions } from "../load/definitions.ts";
import { placeProblems } from "../load/positions.ts";
import { checkEstateLogql } from "../lint/logql.ts";
import { buildEstate, estateTemplateProblems } from "../estate/build.ts";
import type { Estate, RawDefinition } from "../model/estate.ts";
import { checkDashboards } from "../targets/grafana/check.ts";
import type { GrafanaSettingsInput } from "../targets/grafana/settings.ts";
import {
  type CompileOptions,
  compileEstate,
  emitEstate,
  estateGrafanaSettings,
} from "./compile.ts";
import { withManifest } from "../emit/manifest.ts";
import { loadConfig } from "./lint-config.ts";
import { checkOutputPaths } from "./output-paths.ts";
import { checkKubernetesResources } from "./kubernetes-checks.ts";
import { checkTargetVersions } from "../estate/target-versions.ts";
import { readEstateSettings } from "../load/estate-file.ts";
import type { EstateSettings } from "../model/estate-settings.ts";
import {
  type CacheOptions,
  type CacheStats,
  type Incremental,
  openIncremental,
} from "./incremental.ts";
import type { Service } from "../model/service.ts";
import { cachedCheck, estateInputs, protectedFolders, type CheckOutcome } from "./cached-build.ts";
import { estateKey, estateRecorder } from "./estate-record.ts";
import { cpuTimes, idleCores } from "./free-cores.ts";
import type { RulersSettings, RulersSettingsInput } from "../model/rulers.ts";
import { ESTATE_FILE } from "../model/estate-settings.ts";
import { type ResolvedRulers, resolveRulers } from "./ruler-settings.ts";
import { checkRulerLayout } from "../targets/rulers/check-layout.ts";
import { checkRulerShards } from "../targets/rulers/check-shards.ts";
import {
  type CompilePool,
  openCompilePool,
  type WorkerStats,
  workerCount,
} from "./parallel-compile.ts";

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
   * `rulers` section of the definitions' `estate.json` (or, deprecated, of
   * `obsforge.config.json` in `cwd`), none without it.
   */
  rulers?: RulersSettingsInput;
  /**
   * Worker threads that compile the services the cache does not hold, in
   * `build` and `check` (src/pipeline/parallel-compile.ts): 0 for none, N
   * for that many. Default `OBSFORGE_WORKERS`, else one per core when there
   * are two or more and at least 64 services to compile. The bytes written
   * are the same either way.
   */
  workers?: number;
  /** Only for tests: told what the cache did. */
  onCache?: (stats: CacheStats) => void;
  /** Only for tests: told, after `build` or `check`, what the workers did (not told when none ran). */
  onWorkers?: (stats: WorkerStats) => void;
  /** Told as the definitions load and the artifacts are written or compared (the CLI's progress line). */
  onProgress?: OnProgress;
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

interface Prepared extends Validated {
  incremental: Incremental | undefined;
  estateKey: { key: string; modules: string[] } | undefined;
}

/**
 * prepareProject, and for `build` and `check` the workers that compile
 * what the cache does not hold (src/pipeline/parallel-compile.ts), started
 * as soon as the modules are loaded so they are up when validation ends.
 * They are stopped here when the estate is refused, else by the caller.
 */
async function prepareWithWorkers(
  options: ProjectOptions,
): Promise<Result<Prepared & { pool: CompilePool | undefined }>> {
  const started: { pool?: CompilePool } = {};
  const before = cpuTimes();
  const onLoaded = (compile: ReadonlySet<string>) => {
    const idle = idleCores(before, cpuTimes());
    started.pool = openCompilePool(
      workerCount(compile.size, { workers: options.workers, idle }),
      compile,
    );
  };
  try {
    const prepared = await prepareProject(options, onLoaded);
    if (prepared.ok) return { ok: true, value: { ...prepared.value, pool: started.pool } };
    started.pool?.close();
    return prepared;
  } catch (error) {
    started.pool?.close();
    throw error;
  }
}

/** Prepare (with the worker pool a large cold build opens), run `then`, and close the pool whatever happens. */
async function withPrepared<O extends ProjectOptions, T>(
  options: O,
  then: (prepared: Prepared & { pool: CompilePool | undefined }, options: O) => Promise<T>,
): Promise<T | Exclude<Result<never>, { ok: true }>> {
  const prepared = await prepareWithWorkers(options);
  if (!prepared.ok) return prepared;
  try {
    return await then(prepared.value, options);
  } finally {
    closePool(prepared.value.pool, options);
  }
}

function closePool(pool: CompilePool | undefined, options: ProjectOptions): void {
  if (pool === undefined) return;
  pool.close();
  options.onWorkers?.(pool.stats());
}

/** validateProject, with the incremental cache that `build` and `check` then compile with. */
async function prepareProject(
  options: ProjectOptions,
  /** Told which modules were loaded rather than served by the cache (those services are compiled). */
  onLoaded?: (compile: ReadonlySet<string>) => void,
): Promise<Result<Prepared>> {
  const cwd = options.cwd ?? process.cwd();
  const dir = resolve(cwd, options.definitions ?? "definitions");
  const incremental =
    options.cache === false || options.cache?.modules === false
      ? undefined
      : await openIncremental(dir, options.cache);
  // The stats fill in as the build goes (loaded, stored, compiled).
  if (incremental !== undefined) options.onCache?.(incremental.stats);
  // Taken before anything is loaded: a file edited during the build leaves no record.
  const taken = options.cache === false ? undefined : options.cache?.estateKey;
  const estate0 =
    incremental === undefined
      ? undefined
      : taken !== undefined
        ? (taken ?? undefined)
        : await estateKey(incremental.cache, estateInputs(options));
  const loaded = await loadDefinitions(dir, {
    cwd,
    ...(options.cache === false && { cacheDir: false }),
    ...(incremental !== undefined && {
      cached: incremental.cached,
      outlineOf: incremental.cache.outlineOf,
    }),
    ...(options.onProgress !== undefined && { onProgress: options.onProgress }),
  });
  if (!loaded.ok)
    return { ok: false, diagnostics: await placeProblems(loaded.diagnostics, { cwd }) };
  if (incremental !== undefined && onLoaded !== undefined) {
    const hits = new Set(incremental.stats.hits);
    onLoaded(new Set(loaded.value.map((d) => d.source).filter((s) => !hits.has(s))));
  }
  const settings = await readEstateSettings(dir, { cwd });
  if (!settings.ok)
    return { ok: false, diagnostics: await placeProblems(settings.diagnostics, { cwd }) };
  const estate = checkDefinitions(loaded.value, {
    templates: options.checkTemplates !== false,
    ...(settings.value !== undefined && { settings: settings.value }),
    ...(incremental !== undefined && { validated: incremental.validated }),
  });
  if (!estate.ok)
    return { ok: false, diagnostics: await placeProblems(estate.diagnostics, { cwd }) };
  incremental?.remember(estate.value);
  // What a YAML file in definitions/ says and the build drops (a PrometheusRule's metadata), placed.
  const notes = await placeProblems(
    loaded.value.flatMap((d) => d.notes ?? []),
    { cwd },
  );
  const estateFile = relative(cwd, join(dir, ESTATE_FILE)) || ESTATE_FILE;
  const resolved = await resolveRulers(options, {
    cwd,
    estateFile,
    estateRulers: settings.value?.rulers,
  });
  if (!resolved.ok)
    return { ok: false, diagnostics: await placeProblems(resolved.diagnostics, { cwd }) };
  const rulers = resolved.value.rulers;
  const shards = checkRulers(estate.value, rulers);
  if (shards.some((p) => p.severity === "error"))
    return { ok: false, diagnostics: await placeProblems(shards, { cwd }) };
  const rulerWarnings = await placeProblems([...resolved.value.warnings, ...shards], { cwd });
  const done = (warnings: Problem[]) => ({
    ok: true as const,
    value: {
      estate: estate.value,
      warnings: [...notes, ...rulerWarnings, ...warnings],
      incremental,
      estateKey: estate0,
      ...(rulers !== undefined && { rulers: rulers.settings }),
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

/** The ruler layout's errors, then its shard findings (errors or warnings, as configured). */
function checkRulers(estate: Estate, rulers: ResolvedRulers | undefined): Problem[] {
  if (rulers === undefined) return [];
  const layout = checkRulerLayout(estate, rulers.settings, { settingsFile: rulers.file });
  if (layout.length > 0) return layout;
  return checkRulerShards(estate, rulers.settings);
}

/** Validate loaded definitions with every check that spans them; what `build` refuses, without the disk. */
export function checkDefinitions(
  definitions: readonly RawDefinition[],
  options: {
    templates?: boolean;
    validated?: ReadonlyMap<RawDefinition, Service>;
    /** definitions/estate.json, when there is one. */
    settings?: EstateSettings;
  } = {},
): Result<Estate> {
  const built = buildEstate(
    definitions,
    options.validated !== undefined ? { validated: options.validated } : {},
  );
  if (!built.ok) return built;
  const estate: Result<Estate> =
    options.settings === undefined
      ? built
      : { ok: true, value: { ...built.value, settings: options.settings } };
  if (options.templates !== false) {
    const templates = estateTemplateProblems(estate.value);
    if (templates.length > 0) return { ok: false, diagnostics: templates };
  }
  // Cross-definition checks of dashboards (uids, links, panel queries) before compiling them.
  const problems = checkDashboards(estate.value);
  if (problems.length > 0) return { ok: false, diagnostics: problems };
  // Output paths last: a uid clash is reported once, by the dashboard check.
  const paths = checkOutputPaths(estate.value);
  if (paths.length > 0) return { ok: false, diagnostics: paths };
  // What the deploy targets cannot load: fields newer than the declared
  // engine versions, and what a Kubernetes resource cannot carry.
  const deploy = [...checkTargetVersions(estate.value), ...checkKubernetesResources(estate.value)];
  if (deploy.length > 0) return { ok: false, diagnostics: deploy };
  return estate;
}

/** The artifacts from the incremental cache when there is one: the same bytes either way. */
function emitWith(
  incremental: Incremental | undefined,
  estate: Estate,
  options: CompileOptions,
  into: { out: string } | undefined,
  pool: CompilePool | undefined,
): Iterable<Artifact> {
  if (incremental === undefined) return emitEstate(estate, options);
  pool?.start(estate, {
    grafana: estateGrafanaSettings(estate, options.grafana),
    kubernetes: estate.settings?.kubernetes,
  });
  return incremental.emit(estate, options, into, pool);
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
  /** How many services the estate has. */
  services: number;
}

/**
 * `obsforge build`: validate, then compile and write in one stream into a
 * staging folder that replaces out/ atomically. A failed build writes nothing.
 * (The CLI first tries src/pipeline/cached-build.ts, which needs no model.)
 */
export async function buildProject(options: BuildOptions = {}): Promise<Result<Built>> {
  return withPrepared(options, buildPrepared);
}

async function buildPrepared(
  prepared: Prepared & { pool: CompilePool | undefined },
  options: BuildOptions,
): Promise<Result<Built>> {
  const { estate, warnings, incremental, rulers, pool } = prepared;
  const cwd = options.cwd ?? process.cwd();
  const definitions = resolve(cwd, options.definitions ?? "definitions");
  const out = resolve(cwd, options.out ?? "out");
  // A writer given a test filesystem reads only through it.
  const index = options.fs === undefined ? incremental?.statIndex(out) : undefined;
  const recorder = recorderFor(prepared);
  // Entries of compiled artifacts link to out/'s files, not through a test filesystem.
  const into = options.fs === undefined ? { out } : undefined;
  const artifacts = counted(
    withManifest(emitWith(incremental, estate, compileOptions(options, rulers), into, pool)),
    { doing: "writing", items: "artifacts" },
    options.onProgress,
  );
  const written = await writeOutput(out, recorder?.observe(artifacts) ?? artifacts, {
    cwd,
    protect: await protectedFolders(cwd, definitions),
    ...(options.signal !== undefined && { signal: options.signal }),
    ...(options.fs !== undefined && { fs: options.fs }),
    ...(index !== undefined && { index }),
  });
  if (!written.ok) return written;
  await finish(prepared, { options, index, recorder });
  return {
    ok: true,
    value: {
      estate,
      services: estate.services.length,
      warnings: [...warnings, ...written.value.warnings],
      artifactCount: written.value.count,
    },
  };
}

/** What records the estate as it is emitted; none when the estate has no key (nothing held then). */
function recorderFor(prepared: {
  incremental: Incremental | undefined;
  estateKey: { key: string } | undefined;
}): ReturnType<typeof estateRecorder> | undefined {
  if (prepared.incremental === undefined || prepared.estateKey === undefined) return undefined;
  return estateRecorder(prepared.incremental.entryOf);
}

/**
 * After a build or check that succeeded: the cache's record, index and
 * pruning, and the estate record when the estate's inputs are what they
 * were before it was loaded.
 */
async function finish(
  prepared: {
    estate: Estate;
    warnings: Problem[];
    incremental: Incremental | undefined;
    estateKey: { key: string; modules: string[] } | undefined;
  },
  at: {
    options: ProjectOptions;
    index: StatIndex | undefined;
    recorder: ReturnType<typeof estateRecorder> | undefined;
  },
): Promise<void> {
  const { incremental, estateKey: before } = prepared;
  if (incremental === undefined) return;
  if (before !== undefined && at.recorder !== undefined) {
    const after = await estateKey(incremental.cache, estateInputs(at.options));
    if (after?.key === before.key)
      at.recorder.save(incremental.cache, {
        definitionsDir: estateInputs(at.options).definitionsDir,
        key: before.key,
        services: prepared.estate.services.length,
        modules: before.modules,
        warnings: prepared.warnings,
      });
  }
  incremental.finish(at.index);
}

/**
 * `obsforge check`: compile in a stream and compare with out/. Never writes
 * out/. Served by the estate record (src/pipeline/cached-build.ts) when the
 * estate is the one it was made from.
 */
export async function checkProject(options: ProjectOptions = {}): Promise<CheckOutcome> {
  const fast = await cachedCheck(options);
  return "miss" in fast ? await checkCompiled({ ...options, cache: fast.cache }) : fast;
}

/** `check` without the estate record: what `checkProject` does when the record does not fit. */
export async function checkCompiled(options: ProjectOptions = {}): Promise<CheckOutcome> {
  return withPrepared(options, checkPrepared);
}

async function checkPrepared(
  prepared: Prepared & { pool: CompilePool | undefined },
  options: ProjectOptions,
): Promise<CheckOutcome> {
  const { estate, warnings, incremental, rulers, pool } = prepared;
  const cwd = options.cwd ?? process.cwd();
  const recorder = recorderFor(prepared);
  const artifacts = counted(
    withManifest(emitWith(incremental, estate, compileOptions(options, rulers), undefined, pool)),
    { doing: "comparing", items: "artifacts" },
    options.onProgress,
  );
  const out = resolve(cwd, options.out ?? "out");
  const index = incremental?.statIndex(out);
  const compared = await compareOutput(out, recorder?.observe(artifacts) ?? artifacts, {
    cwd,
    ...(index !== undefined && { index }),
  });
  if (!compared.ok) return compared;
  await finish(prepared, { options, index, recorder });
  return { ok: true, value: compared.value, warnings };
}
