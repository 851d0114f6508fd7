import { resolve } from "node:path";
import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import type { LintConfig } from "../lint/config.ts";
import { lintForeignFiles } from "../lint/foreign/index.ts";
import { listForeignFiles } from "../load/foreign/inputs.ts";
import { type ForeignFile, readForeignFile, UNPARSABLE } from "../load/foreign/read.ts";
import type { OtherKind } from "../load/foreign/other-kinds.ts";
import { isTemplateFile } from "../load/foreign/template-files.ts";
import { loadConfig } from "./lint-config.ts";

export interface LintFilesOptions {
  /** Files and folders to lint, as the user typed them. */
  paths: readonly string[];
  /** Base for relative paths; default the process's cwd. */
  cwd?: string;
  /** Config file; default `obsforge.config.json` in `cwd` when present. */
  config?: string;
}

export interface LintFilesReport {
  /** The files read, in lint order. */
  files: string[];
  findings: Problem[];
  /**
   * Files (or parts of them) that could not be linted: unreadable, not
   * YAML/JSON, of no known kind, or a rule no ruler could load. One-line
   * errors with the file, the field path and the line:column where known.
   */
  errors: Problem[];
  /** Templates a folder walk found that do not parse (Helm, Jinja): skipped, not errors. */
  templates: string[];
  /**
   * Files a folder walk found that are positively of a kind lint does not
   * check (src/load/foreign/other-kinds.ts), in walk order: skipped, not errors.
   */
  skipped: SkippedFile[];
}

export interface SkippedFile {
  file: string;
  kind: OtherKind;
}

/**
 * `obsforge lint FILE|DIR...`: read foreign files in place (folders walked
 * for yaml/yml/json in a fixed order), tell each document's kind from its
 * content, and lint them all with the config's checks. A file that cannot
 * be read is an error; the other files are linted all the same. A path
 * that does not exist fails the whole run (a typo should not pass CI).
 * A template a folder holds (template-files.ts), or a file it holds of a
 * kind lint does not check (other-kinds.ts: promtool tests, Kubernetes
 * manifests, package.json), is skipped, not an error; a file named as such
 * must be lintable.
 */
export async function lintFiles(
  options: LintFilesOptions,
  config?: LintConfig,
): Promise<Result<LintFilesReport>> {
  const cwd = options.cwd ?? process.cwd();
  let settings = config;
  if (settings === undefined) {
    const loaded = await loadConfig({
      cwd,
      ...(options.config !== undefined && { config: options.config }),
    });
    if (!loaded.ok) return loaded;
    settings = loaded.value;
  }
  const listed = await listForeignFiles(options.paths, cwd);
  if (!listed.ok) return listed;
  const read: ForeignFile[] = [];
  const errors: Problem[] = [...listed.value.unreadable];
  const templates: string[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of listed.value.files) {
    const named = listed.value.named.has(file);
    const result = await readForeignFile(file, cwd, { strict: named });
    if (result.ok && result.value.skipped !== undefined)
      skipped.push({ file, kind: result.value.skipped });
    else if (result.ok) read.push(result.value);
    else if (
      !named &&
      result.diagnostics.every((d) => d.code === UNPARSABLE) &&
      (await isTemplateFile(resolve(cwd, file)))
    )
      templates.push(file);
    else errors.push(...result.diagnostics);
  }
  const linted = await lintForeignFiles(read, settings);
  return {
    ok: true,
    value: {
      files: listed.value.files,
      findings: linted.findings,
      errors: [...errors, ...linted.errors],
      templates,
      skipped,
    },
  };
}
