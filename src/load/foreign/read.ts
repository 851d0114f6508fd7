import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { FieldPath, Problem } from "../../core/problem.ts";
import type { Result } from "../../core/result.ts";
import {
  failureSpan,
  MAX_YAML_BYTES,
  type ParseFailure,
  readYamlText,
  type YamlResult,
} from "../yaml.ts";
import { utf8Text } from "../utf8-text.ts";
import { type DetectedDocument, detectDocument, type ForeignKind, KNOWN_KINDS } from "./detect.ts";
import { inputError } from "./inputs.ts";
import {
  nearLintableKind,
  nearRuleFileKey,
  type OtherKind,
  recogniseDocument,
  recogniseFile,
} from "./other-kinds.ts";

/** One document of a foreign file, with its kind. */
export interface ForeignDocument extends DetectedDocument {
  /** 0-based index of the YAML document in the file (always 0 for JSON). */
  document: number;
}

/** A foreign file as read: its text (for positions and disable comments) and its documents. */
export interface ForeignFile {
  /** As the user typed it (relative to the working directory). */
  file: string;
  text: string;
  /** Parsed as JSON (a dashboard export) rather than YAML. */
  json: boolean;
  documents: ForeignDocument[];
  /**
   * Set when no document is lintable and the file is positively something
   * else (other-kinds.ts): a folder walk skips it. Never set in strict mode.
   */
  skipped?: OtherKind;
}

export interface ReadForeignOptions {
  /**
   * A file named on the command line: it must be lintable, so a file of
   * another kind is an error naming what it is, not skipped.
   */
  strict?: boolean;
}

/**
 * Read one foreign file and tell what each document is. JSON is read with
 * JSON.parse (dashboards are large); anything else, and JSON that does not
 * parse, with obsforge's one YAML parser (JSON is YAML 1.2), whose error
 * names the line and column. A file that cannot be read, does not parse,
 * is empty, or has a document of no known kind is a one-line error. A file
 * whose name says what it is (package.json, a chart's values.yaml) is
 * recognised by it (other-kinds.ts).
 */
export async function readForeignFile(
  file: string,
  cwd: string,
  options: ReadForeignOptions = {},
): Promise<Result<ForeignFile>> {
  let text: string;
  const path = resolve(cwd, file);
  try {
    const info = await stat(path);
    if (info.size > MAX_YAML_BYTES) {
      // A large package-lock.json is no rule file: its name says so before its bytes are read.
      const byName = options.strict === true ? undefined : recogniseFile(file, { path, text: "" });
      if (byName !== undefined) return skippedAs(file, byName);
      return fail(
        file,
        `expected a file of at most ${MAX_YAML_BYTES / 1048576} MiB, got a larger one`,
      );
    }
    const decoded = utf8Text(await readFile(path));
    if (!decoded.ok) return unparsable(file, decoded);
    text = decoded.text;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why =
      code === "EACCES"
        ? "permission denied"
        : code === "EISDIR"
          ? "a folder"
          : String(code ?? error);
    return fail(file, `expected a readable file, got ${why}`);
  }
  const named = recogniseFile(file, { path, text });
  return parseForeignText(file, text, { ...options, ...(named !== undefined && { named }) });
}

export interface ParseForeignOptions extends ReadForeignOptions {
  /** What the file is by its name, when its name says (other-kinds.ts `recogniseFile`). */
  named?: OtherKind;
}

/**
 * `readForeignFile` on a text already read (tests, stdin). Every lintable
 * document is linted and the documents of other known kinds beside it are
 * left alone (a ConfigMap next to a PrometheusRule in one manifest); a
 * document of no known kind is an error, unless the file's name already
 * says what it is.
 */
export function parseForeignText(
  file: string,
  text: string,
  options: ParseForeignOptions = {},
): Result<ForeignFile> {
  const { named, strict = false } = options;
  const parsed = parseDocuments(text);
  // A file its name places (a workflow, a chart's values) is its tool's to parse.
  if (!parsed.ok && named !== undefined && !strict) return skippedAs(file, named);
  if (!parsed.ok) return unparsable(file, parsed);
  const present = parsed.documents
    .map((value, document) => ({ value, document }))
    .filter((d) => d.value !== null && d.value !== undefined);
  const base = { file, text, json: parsed.json };
  if (present.length === 0) {
    if (named !== undefined && !strict)
      return { ok: true, value: { ...base, documents: [], skipped: named } };
    return fail(file, `expected ${KNOWN_KINDS}, got an empty file`);
  }
  const documents: ForeignDocument[] = [];
  const others: { kind: OtherKind; value: unknown }[] = [];
  const unknown: Problem[] = [];
  for (const { value: whole, document } of present) {
    for (const { value, path } of listItems(whole)) {
      const detected = detectDocument(value);
      if (detected !== undefined) {
        for (const d of detected) {
          const read = inReading(d, parsed, { document, path });
          if (!read.ok) return unparsable(file, read);
          documents.push({ ...read.value, path: [...path, ...d.path], document });
        }
        continue;
      }
      const other = recogniseDocument(value);
      if (other !== undefined) {
        others.push({ kind: other, value });
        continue;
      }
      const which = parsed.documents.length > 1 ? ` (document ${document + 1})` : "";
      unknown.push(
        inputError(file, `expected ${KNOWN_KINDS}${which}, got ${describe(value)}`, path),
      );
    }
  }
  if (unknown.length > 0 && named === undefined) return { ok: false, diagnostics: unknown };
  if (documents.length > 0) return { ok: true, value: { ...base, documents } };
  const first = others[0];
  const kind = first?.kind ?? named;
  if (kind === undefined) return { ok: false, diagnostics: unknown };
  if (!strict) return { ok: true, value: { ...base, documents: [], skipped: kind } };
  // A resource's kind says which one it is; the other kinds' names say enough.
  const detail = first?.kind.id === "kubernetes" ? ` (${describe(first.value)})` : "";
  return fail(file, `expected ${KNOWN_KINDS}, got ${kind.what}${detail}`);
}

/**
 * A document's parts: a Kubernetes `List` (what `kubectl get -o yaml`
 * writes) is its items, each held to the same rule as a document of a
 * multi-document manifest; anything else is itself.
 */
function listItems(doc: unknown): { value: unknown; path: FieldPath }[] {
  const list = doc as { kind?: unknown; items?: unknown };
  if (typeof doc !== "object" || doc === null || list.kind !== "List" || !Array.isArray(list.items))
    return [{ value: doc, path: [] }];
  if (list.items.length === 0) return [{ value: doc, path: [] }];
  return list.items.map((value, i) => ({ value, path: ["items", i] }));
}

/**
 * Rule files are read with every scalar as written, as Prometheus reads them
 * into its string fields (`code: 0200` is "0200", not 200: AS_WRITTEN_SCHEMA
 * in yaml.ts); dashboards and SLO specs typed, since their numbers are numbers.
 */
const RULE_KINDS: ReadonlySet<ForeignKind> = new Set(["rule-file", "prometheus-rule", "loki-rule"]);

/**
 * `d` as its kind is read: as found when the reading fits (rule files as
 * written, the rest typed), else the same object in the file's other reading.
 */
function inReading(
  d: DetectedDocument,
  parsed: { asWritten: boolean; otherReading: () => YamlResult },
  at: { document: number; path: FieldPath },
): { ok: true; value: DetectedDocument } | ParseFailure {
  if (RULE_KINDS.has(d.kind) === parsed.asWritten) return { ok: true, value: d };
  const other = parsed.otherReading();
  if (!other.ok) return other;
  const item = listItems(other.documents[at.document]).find((i) => samePath(i.path, at.path));
  const same = detectDocument(item?.value)?.find(
    (a) => a.kind === d.kind && samePath(a.path, d.path),
  );
  return { ok: true, value: same ?? d };
}

function samePath(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/**
 * The file's documents in one reading (YAML as written, or JSON), and the
 * other reading on demand: typed YAML for a YAML file, YAML as written for a
 * JSON file (JSON.parse reads `1.10` as 1.1).
 */
function parseDocuments(text: string):
  | {
      ok: true;
      documents: unknown[];
      json: boolean;
      asWritten: boolean;
      otherReading: () => YamlResult;
    }
  | ParseFailure {
  const start = text.trimStart()[0];
  if (start === "{" || start === "[") {
    try {
      const documents = [JSON.parse(text)];
      const otherReading = () => {
        const read = readYamlText(text);
        return read.ok ? read.asWritten() : read;
      };
      return { ok: true, documents, json: true, asWritten: false, otherReading };
    } catch {
      // Fall through: the YAML parser says where it breaks, and reads JSON-like YAML.
    }
  }
  const read = readYamlText(text);
  if (!read.ok) return read;
  const parsed = read.asWritten();
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    documents: parsed.documents,
    json: false,
    asWritten: true,
    otherReading: read.typed,
  };
}

/**
 * What a document of no known kind looks like, in a few words, and what it
 * was probably meant to be when it is one slip from a kind lint reads.
 */
function describe(value: unknown): string {
  if (Array.isArray(value))
    return `a list of ${value.length}${value.some(isRuleGroup) ? " (rule groups belong in a list under groups:)" : ""}`;
  if (typeof value !== "object" || value === null) return `a ${typeof value}`;
  const d = value as Record<string, unknown>;
  if (typeof d.apiVersion === "string" || typeof d.kind === "string") {
    const shape = `apiVersion ${JSON.stringify(d.apiVersion ?? "")} kind ${JSON.stringify(d.kind ?? "")}`;
    const near = typeof d.kind === "string" ? nearLintableKind(d) : undefined;
    if (near === undefined) return shape;
    return near === d.kind
      ? `${shape}, an apiVersion lint does not read for that kind`
      : `${shape} (did you mean kind ${near}?)`;
  }
  const keys = Object.keys(d).slice(0, 4);
  if (keys.length === 0) return "an empty mapping";
  const near = nearRuleFileKey(d);
  // The key the hint is about is always shown, even past the first four.
  if (near !== undefined && !keys.includes(near)) keys.push("…", near);
  const sloth = near === undefined && "slos" in d && "service" in d;
  const hint = sloth ? " (a Sloth spec says version: prometheus/v1)" : ruleFileHint(near, d);
  return `a mapping with keys ${keys.join(", ")}${hint}`;
}

/** A rule group on its own: a mapping with `name` and `rules`. */
function isRuleGroup(value: unknown): boolean {
  return typeof value === "object" && value !== null && "name" in value && "rules" in value;
}

/** What a mapping one slip from a rule file is missing. */
function ruleFileHint(key: string | undefined, doc: Record<string, unknown>): string {
  if (key === undefined) return "";
  if (key === "rules" && isRuleGroup(doc)) return " (a rule group belongs in a list under groups:)";
  if (key === "rules") return " (rules belong in a group: groups: [{ name, rules }])";
  if (key === "groups") return " (groups must be a list of { name, rules })";
  return ` (did you mean groups?)`;
}

/** The code of a file's problem when the file does not parse (a folder walk may skip templates). */
export const UNPARSABLE = "load/unparsable";

/** A file that is not YAML or JSON, at the line and column where its parser stopped. */
function unparsable(file: string, failure: ParseFailure): Result<never> {
  const message = `expected valid YAML or JSON, got ${failure.message}`;
  const problem = { ...inputError(file, message), code: UNPARSABLE, ...failureSpan(failure) };
  return { ok: false, diagnostics: [problem] };
}

/** A file a folder walk skips, of `kind`, without its documents. */
function skippedAs(file: string, kind: OtherKind): Result<ForeignFile> {
  return { ok: true, value: { file, text: "", json: false, documents: [], skipped: kind } };
}

function fail(file: string, message: string): Result<never> {
  return { ok: false, diagnostics: [inputError(file, message)] };
}
