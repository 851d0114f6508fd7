import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { promisify } from "node:util";
import { isFresh } from "../emit/compare.ts";
import { failureSpan, type ParseFailure, readYamlFile, readYamlSource } from "../load/yaml.ts";
import { isPromtoolTestFile } from "../load/yaml-definitions.ts";
import { compareStrings } from "../core/order.ts";
import { checkProject, type ProjectOptions } from "./project.ts";
import { testGroupCopies } from "./test-group-copies.ts";

const run = promisify(execFile);

export interface RuleTestResult {
  /** Test file, relative to the working directory. */
  file: string;
  name: string;
  passed: boolean;
  /** promtool's explanation when it failed. */
  output: string;
}

export interface TestFile {
  rule_files?: string[];
  evaluation_interval?: string;
  group_eval_order?: string[];
  tests?: { name?: string }[];
}

/**
 * `obsforge test`: run the generated tests (out/tests) and hand-written ones
 * (definitions/tests/*.test.yml) in the real rule engine, promtool. Each test
 * group runs on its own, so a failure is attributed to its group (promtool
 * 2.x does not name the group of a failing expression test).
 */
export async function runRuleTests(
  options: ProjectOptions & { promtool?: string } = {},
): Promise<Result<RuleTestResult[]>> {
  const cwd = options.cwd ?? process.cwd();
  const out = resolve(cwd, options.out ?? "out");
  const definitions = resolve(cwd, options.definitions ?? "definitions");
  const fresh = await checkProject(options);
  if (!fresh.ok) return fresh;
  if (!isFresh(fresh.value)) {
    return failure(
      relative(cwd, out) || ".",
      "expected a fresh out/ to test, got a stale one; run `obsforge build` first",
    );
  }
  const files = [
    ...(await testFiles(join(out, "tests"))),
    ...(await testFiles(join(definitions, "tests"))),
    // Rule files built in place bring their own promtool tests, beside them (any .yml/.yaml name).
    ...(await besideRuleFiles(definitions)),
  ];
  // out/ is fresh, so what is in it is exactly what this build produces.
  const built = new Set(
    (await readdir(out, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => relative(out, join(e.parentPath, e.name)).split(sep).join("/")),
  );
  const jobs: (() => Promise<RuleTestResult>)[] = [];
  for (const path of files) {
    const file = relative(cwd, path);
    const parsed = await readYamlSource(path);
    if (!parsed.ok)
      return failure(file, `expected a promtool test file, got ${parsed.message}`, parsed);
    if (parsed.documents.length !== 1)
      return failure(
        file,
        `expected a promtool test file, got ${parsed.documents.length} YAML documents`,
      );
    const doc = (parsed.documents[0] ?? {}) as TestFile;
    const copies = groupCopies(parsed.text, doc, { testFile: path, out, built });
    if (!copies.ok) return failure(file, copies.message);
    // Each group on its own, so a failure is attributed to its group.
    for (const [i, group] of (doc.tests ?? []).entries()) {
      jobs.push(async () => ({
        file,
        name: groupName(group, i),
        ...(await runPromtool(copies.copies[i]!, options.promtool)),
      }));
    }
  }
  // promtool is single-threaded: one per core, and at least two so a slow group never idles
  // the other core. A pool (not batches) keeps every slot busy; results stay in test order.
  let done = 0;
  const counted = jobs.map((job) => async () => {
    const result = await job();
    options.onProgress?.({ doing: "running", items: "tests", done: ++done, total: jobs.length });
    return result;
  });
  const results = await inPool(counted, Math.max(2, availableParallelism()));
  return { ok: true, value: results };
}

/** Run `jobs` with at most `size` at a time; the results are in the order of `jobs`. */
export async function inPool<T>(jobs: readonly (() => Promise<T>)[], size: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      try {
        results[i] = await jobs[i]!();
      } catch (error) {
        next = jobs.length; // start nothing more: the first error is the outcome
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, jobs.length) }, worker));
  return results;
}

async function testFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir))
      .filter((f) => f.endsWith(".test.yml") || f.endsWith(".test.yaml"))
      .sort(compareStrings)
      .map((f) => join(dir, f));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

export /** Promtool test files at the top of definitions/, told apart from definitions by their content. */
async function besideRuleFiles(definitions: string): Promise<string[]> {
  const names = await readdir(definitions).catch(() => [] as string[]);
  const found: string[] = [];
  for (const name of names.filter((n) => /\.ya?ml$/.test(n)).sort(compareStrings)) {
    const parsed = await readYamlFile(join(definitions, name));
    if (parsed.ok && parsed.documents.length === 1 && isPromtoolTestFile(parsed.documents[0]))
      found.push(join(definitions, name));
  }
  return found;
}

export function groupName(group: { name?: string }, index: number): string {
  return group.name ?? `tests[${index}]`;
}

/**
 * The file's single-group copies (test-group-copies.ts), one per group of
 * `doc` (the same file as parsed for its structure), with its rule files
 * resolved (see resolveRuleFile).
 */
export function groupCopies(
  text: string,
  doc: TestFile,
  where: { testFile: string; out: string; built: ReadonlySet<string> },
): { ok: true; copies: string[] } | { ok: false; message: string } {
  const cut = testGroupCopies(text, (entry) => resolveRuleFile(entry, where));
  if (!cut.ok) return { ok: false, message: `expected a promtool test file, got ${cut.message}` };
  const groups = doc.tests?.length ?? 0;
  if (cut.copies.length !== groups)
    return {
      ok: false,
      message: `expected a promtool test file whose YAML reads the same in every parser, got ${groups} test group(s) in one reading and ${cut.copies.length} in another`,
    };
  return cut;
}

/** promtool on one single-group copy of a test file. */
export async function runPromtool(
  copy: string,
  promtool: string | undefined,
): Promise<{ passed: boolean; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), "obsforge-test-"));
  try {
    const file = join(dir, "test.yml");
    await writeFile(file, copy);
    try {
      await run(promtool ?? "promtool", ["test", "rules", file], {
        cwd: dir,
        maxBuffer: 64 * 1024 * 1024,
      });
      return { passed: true, output: "" };
    } catch (error) {
      const e = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
      if (e.code === "ENOENT") throw new PromtoolMissing();
      const output = `${e.stdout ?? ""}${e.stderr ?? ""}`.replace(/^Unit Testing:.*\n/m, "").trim();
      return { passed: false, output };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Where a test's `rule_files` entry points. Hand-written tests name the
 * built rule files as seen from their folder (`../../out/prometheus/x.rules.yml`),
 * which is right only for the default --out: an entry whose path ends in
 * the path of a file this build produced (`prometheus/x.rules.yml`) is
 * taken from the output folder being tested, wherever it is, and even when
 * a stale copy sits at the written path. Any other entry is a path relative
 * to the test file, as promtool reads it.
 */
export function resolveRuleFile(
  entry: string,
  where: { testFile: string; out: string; built: ReadonlySet<string> },
): string {
  const segments = entry.split(/[\\/]+/).filter((s) => s !== "" && s !== ".");
  for (let k = 0; k < segments.length; k++) {
    const suffix = segments.slice(k).join("/");
    if (where.built.has(suffix)) return join(where.out, ...segments.slice(k));
  }
  // Rule files are relative to the test file; the single-group copy lives elsewhere.
  return resolve(dirname(where.testFile), entry);
}

/** Raised when promtool is not installed; the CLI turns it into a one-line error. */
export class PromtoolMissing extends Error {
  constructor() {
    super("promtool not found: install Debian's prometheus package or put promtool on PATH");
  }
}

function failure(file: string, message: string, parse?: ParseFailure): Result<never> {
  const d: Problem = {
    code: "test/setup",
    severity: "error",
    file,
    path: [],
    message,
    ...(parse !== undefined && failureSpan(parse)),
  };
  return { ok: false, diagnostics: [d] };
}
