import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Problem } from "../../core/problem.ts";
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
}

/**
 * Read one foreign file and tell what each document is. JSON is read with
 * JSON.parse (dashboards are large); anything else, and JSON that does not
 * parse, with obsforge's one YAML parser (JSON is YAML 1.2), whose error
 * names the line and column. A file that cannot be read, does not parse,
 * is empty, or has a document of no known kind is a one-line error.
 */
export async function readForeignFile(file: string, cwd: string): Promise<Result<ForeignFile>> {
  let text: string;
  try {
    const path = resolve(cwd, file);
    const info = await stat(path);
    if (info.size > MAX_YAML_BYTES)
      return fail(
        file,
        `expected a file of at most ${MAX_YAML_BYTES / 1048576} MiB, got a larger one`,
      );
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
  return parseForeignText(file, text);
}

/** `readForeignFile` on a text already read (tests, stdin). */
export function parseForeignText(file: string, text: string): Result<ForeignFile> {
  const parsed = parseDocuments(text);
  if (!parsed.ok) return unparsable(file, parsed);
  const present = parsed.documents
    .map((value, document) => ({ value, document }))
    .filter((d) => d.value !== null && d.value !== undefined);
  if (present.length === 0) return fail(file, `expected ${KNOWN_KINDS}, got an empty file`);
  const documents: ForeignDocument[] = [];
  const diagnostics: Problem[] = [];
  for (const { value, document } of present) {
    const detected = detectDocument(value);
    if (detected === undefined) {
      const which = parsed.documents.length > 1 ? ` (document ${document + 1})` : "";
      diagnostics.push(inputError(file, `expected ${KNOWN_KINDS}${which}, got ${describe(value)}`));
      continue;
    }
    for (const d of detected) {
      if (RULE_KINDS.has(d.kind) === parsed.asWritten) {
        documents.push({ ...d, document });
        continue;
      }
      // Read the other way: rule files with scalars as written, everything else typed.
      const other = parsed.otherReading();
      if (!other.ok) return unparsable(file, other);
      const again = detectDocument(other.documents[document]);
      const same = again?.find((a) => a.kind === d.kind && samePath(a.path, d.path));
      documents.push({ ...(same ?? d), document });
    }
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, value: { file, text, json: parsed.json, documents } };
}

/**
 * Rule files are read with every scalar as written, as Prometheus reads them
 * into its string fields (`code: 0200` is "0200", not 200: AS_WRITTEN_SCHEMA
 * in yaml.ts); dashboards and SLO specs typed, since their numbers are numbers.
 */
const RULE_KINDS: ReadonlySet<ForeignKind> = new Set(["rule-file", "prometheus-rule", "loki-rule"]);

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

/** What a document of no known kind looks like, in a few words. */
function describe(value: unknown): string {
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value !== "object" || value === null) return `a ${typeof value}`;
  const d = value as Record<string, unknown>;
  if (typeof d.apiVersion === "string" || typeof d.kind === "string")
    return `apiVersion ${JSON.stringify(d.apiVersion ?? "")} kind ${JSON.stringify(d.kind ?? "")}`;
  const keys = Object.keys(d).slice(0, 4);
  return keys.length === 0 ? "an empty mapping" : `a mapping with keys ${keys.join(", ")}`;
}

/** The code of a file's problem when the file does not parse (a folder walk may skip templates). */
export const UNPARSABLE = "load/unparsable";

/** A file that is not YAML or JSON, at the line and column where its parser stopped. */
function unparsable(file: string, failure: ParseFailure): Result<never> {
  const message = `expected valid YAML or JSON, got ${failure.message}`;
  const problem = { ...inputError(file, message), code: UNPARSABLE, ...failureSpan(failure) };
  return { ok: false, diagnostics: [problem] };
}

function fail(file: string, message: string): Result<never> {
  return { ok: false, diagnostics: [inputError(file, message)] };
}
