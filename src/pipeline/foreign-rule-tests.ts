import type { Problem, Span } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { readdir, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join, relative, resolve } from "node:path";
import { compareStrings } from "../core/order.ts";
import { reason } from "../load/foreign/inputs.ts";
import { isTemplateFile } from "../load/foreign/template-files.ts";
import { failureSpan, readYamlSource } from "../load/yaml.ts";
import {
  groupCopies,
  groupName,
  inPool,
  type RuleTestResult,
  runPromtool,
  type TestFile,
} from "./rule-tests.ts";

/**
 * `obsforge test PATH...`: the promtool unit tests a repository of plain
 * rule YAML already has, run as promtool runs them (rule_files relative to
 * the test file), one group at a time so a failure names its group. No
 * definitions, no build: with `obsforge lint PATH...` this is the loop a
 * team has before it writes a line of TS. A folder is searched (recursively)
 * for YAML files whose document is a promtool test file (a `tests` list);
 * a file named on the command line must be one. A file in a folder that
 * does not parse is an error (it may be a broken test file), unless it is a
 * template (Helm, Jinja; template-files.ts): those are skipped and listed,
 * as `lint DIR` lists them.
 */
export async function runForeignRuleTests(
  paths: readonly string[],
  options: { cwd?: string; promtool?: string } = {},
): Promise<Result<ForeignTestRun>> {
  const cwd = options.cwd ?? process.cwd();
  const found: { path: string; doc: TestFile; text: string }[] = [];
  const diagnostics: Problem[] = [];
  const templates: string[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) {
      diagnostics.push(problem(given, "expected a test file or folder, got nothing at that path"));
      continue;
    }
    let named: string[];
    try {
      named = info.isDirectory() ? await yamlFilesUnder(path) : [path];
    } catch (error) {
      // One sub-folder that cannot be listed hides its tests: the run fails rather than pass without them.
      const where = (error as { path?: unknown }).path;
      diagnostics.push(
        problem(
          given,
          `expected a folder whose files can all be listed, got ${reason(error)}${typeof where === "string" ? `: ${relative(cwd, where)}` : ""}`,
        ),
      );
      continue;
    }
    for (const file of named) {
      const doc = await testFileAt(file);
      if (doc.ok) found.push({ path: file, doc: doc.value, text: doc.text });
      // In a folder, YAML that parses and is no test file is what tests sit beside (rule files).
      else if (info.isDirectory() && !doc.unparsable) continue;
      else if (info.isDirectory() && (await isTemplateFile(file)))
        templates.push(relative(cwd, file));
      else
        diagnostics.push({
          ...problem(relative(cwd, file), doc.message),
          ...(doc.span !== undefined && { span: doc.span }),
        });
    }
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  if (found.length === 0)
    return {
      ok: false,
      diagnostics: [
        problem(
          paths.join(" "),
          `expected promtool test files (YAML with tests:), got none${templates.length > 0 ? ` (only templates: ${templates.join(", ")})` : ""}`,
        ),
      ],
    };
  const jobs: (() => Promise<RuleTestResult>)[] = [];
  for (const { path, doc, text } of found) {
    const file = relative(cwd, path);
    const copies = groupCopies(text, doc, { testFile: path, out: cwd, built: new Set() });
    if (!copies.ok) return { ok: false, diagnostics: [problem(file, copies.message)] };
    for (const [i, group] of (doc.tests ?? []).entries())
      jobs.push(async () => ({
        file,
        name: groupName(group, i),
        ...(await runPromtool(copies.copies[i]!, options.promtool)),
      }));
  }
  const results = await inPool(jobs, Math.max(2, availableParallelism()));
  return { ok: true, value: { results, templates } };
}

export interface ForeignTestRun {
  results: RuleTestResult[];
  /** Templates the folders held that do not parse (Helm, Jinja): skipped, not errors. */
  templates: string[];
}

async function yamlFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort(compareStrings);
}

/** The file's document when it is a promtool test file (one document with a `tests` list). */
async function testFileAt(
  path: string,
): Promise<
  | { ok: true; value: TestFile; text: string }
  | { ok: false; message: string; span?: Span; unparsable: boolean }
> {
  const parsed = await readYamlSource(path);
  if (!parsed.ok)
    return {
      ok: false,
      message: `expected a promtool test file, got ${parsed.message}`,
      ...failureSpan(parsed),
      unparsable: true,
    };
  const [doc, ...more] = parsed.documents;
  const isTestFile =
    more.length === 0 &&
    typeof doc === "object" &&
    doc !== null &&
    Array.isArray((doc as { tests?: unknown }).tests);
  return isTestFile
    ? { ok: true, value: doc as TestFile, text: parsed.text }
    : {
        ok: false,
        message: "expected a promtool test file (with tests:), got another document",
        unparsable: false,
      };
}

function problem(file: string, message: string): Problem {
  return { code: "test/setup", severity: "error", file, path: [], message };
}
