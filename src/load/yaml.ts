import { readFile, stat } from "node:fs/promises";
import {
  CORE_SCHEMA,
  constructFromEvents,
  EVENT_ID,
  type Event,
  FAILSAFE_SCHEMA,
  mergeTag,
  nullCoreTag,
  parseEvents,
} from "js-yaml";
import type { Span } from "../core/problem.ts";
import { utf8Text } from "./utf8-text.ts";

/**
 * The one place obsforge parses YAML. Every YAML input (Sloth/OpenSLO specs
 * in definitions/, `obsforge import`, promtool test files, rule samples)
 * goes through here, so every one has the same budget:
 *
 * - at most MAX_YAML_BYTES of text;
 * - aliases may add at most MAX_ALIAS_NODES nodes to a file once expanded.
 *   js-yaml builds an alias as a shared reference, so loading a "billion
 *   laughs" file is cheap; the cost comes later, when the schema validator
 *   or the TypeScript printer walks the value and visits every copy. The
 *   budget is checked on the parser's events before any value is built;
 * - expanded nesting (through aliases too) of at most MAX_EXPANDED_DEPTH, so
 *   no recursive walk over the value can overflow the stack;
 * - no recursive alias (`&a [*a]`): js-yaml would build a cyclic value.
 */

/**
 * YAML 1.2 core plus merge keys (`<<: *base`): Go's yaml.v3, which
 * Prometheus, promtool and Sloth read their files with, merges them, and
 * rule files use them (prometheus model/rulefmt/testdata/test_aliases.yaml).
 */
const SCHEMA = CORE_SCHEMA.withTags(mergeTag);

/**
 * Scalars as Go's decoder hands them to a string field, which every field of
 * a Prometheus rule file is (names, expr, for, labels, annotations): the
 * text as written. Under the core schema `code: 0200` is the number 200 and
 * `version: 1.10` is 1.1, and no String() brings back "0200" or "1.10". Null
 * (`~`, `null`, nothing) stays null, which Go reads as the empty string.
 */
const AS_WRITTEN_SCHEMA = FAILSAFE_SCHEMA.withTags(nullCoreTag, mergeTag);

/** Largest YAML file read: definitions and rule files are hand-written or generated at a few MiB. */
export const MAX_YAML_BYTES = 32 * 1024 * 1024;

/** Nodes aliases may add to one file once expanded (a node is a scalar, sequence or mapping). */
export const MAX_ALIAS_NODES = 100_000;

/** Deepest nesting of the expanded value; js-yaml already limits the written nesting to 100. */
export const MAX_EXPANDED_DEPTH = 1000;

/**
 * Why a text does not parse, in one line that reads after "got", and the
 * `line`/`column` (1-based) where the parser stopped, when it says: problems
 * carry them as their span (`failureSpan`), so every error leads with
 * `file:line:col:` as all of obsforge's do, never with them at its end.
 */
export interface ParseFailure {
  ok: false;
  message: string;
  line?: number;
  column?: number;
}

export type YamlResult = { ok: true; documents: unknown[] } | ParseFailure;

/** The span a problem about a failed parse carries: where the parser stopped. */
export function failureSpan(failure: ParseFailure): { span: Span } | Record<string, never> {
  if (failure.line === undefined) return {};
  return {
    span: { line: failure.line, ...(failure.column !== undefined && { column: failure.column }) },
  };
}

/**
 * Parse every document of `text`. Empty documents (null) are kept; callers
 * filter them. The error message is one line that reads after "got" (js-yaml's
 * reason without its position and source snippet, or what broke the budget),
 * and the line and column are given apart.
 */
export function parseYaml(text: string, options: { filename?: string } = {}): YamlResult {
  const read = readYamlText(text, options);
  return read.ok ? read.typed() : read;
}

/**
 * The documents of `text` read two ways from one parse, each built on first
 * use and kept: `typed()` under the core schema (numbers are numbers: SLO
 * specs, dashboards), `asWritten()` with every scalar as its text (rule
 * files, see AS_WRITTEN_SCHEMA). A caller that needs one builds only that one.
 */
export interface YamlReadings {
  ok: true;
  typed(): YamlResult;
  asWritten(): YamlResult;
}

export function readYamlText(
  text: string,
  options: { filename?: string } = {},
): YamlReadings | ParseFailure {
  if (text.length > MAX_YAML_BYTES) {
    return { ok: false, message: `a file larger than ${mib(MAX_YAML_BYTES)}` };
  }
  const parserOptions = options.filename === undefined ? {} : { filename: options.filename };
  let events: Event[];
  try {
    events = parseEvents(text, parserOptions);
  } catch (error) {
    return yamlFailure(error);
  }
  // An alias counts only when it names an anchor, and an anchor is written `&name`: a text
  // without `&` (most rule files) has nothing to expand, and its ~800,000 events per 60,000
  // rules need no walk.
  const over = text.includes("&") ? checkAliasBudget(events, text) : undefined;
  if (over !== undefined)
    return { ok: false, message: over.message, ...position(text, over.offset) };
  const construct = (schema: typeof SCHEMA): YamlResult => {
    try {
      return {
        ok: true,
        documents: constructFromEvents(events, { source: text, schema, ...parserOptions }),
      };
    } catch (error) {
      return yamlFailure(error);
    }
  };
  let typed: YamlResult | undefined;
  let asWritten: YamlResult | undefined;
  return {
    ok: true,
    typed: () => (typed ??= construct(SCHEMA)),
    asWritten: () => (asWritten ??= construct(AS_WRITTEN_SCHEMA)),
  };
}

/**
 * js-yaml throws YAMLException for bad input: its `reason` is the message
 * without the position and the code snippet that follow it.
 */
function yamlFailure(error: unknown): ParseFailure {
  const { reason, mark } = error as {
    reason?: unknown;
    mark?: { line?: unknown; column?: unknown };
  };
  const message =
    typeof reason === "string" ? reason : error instanceof Error ? error.message : String(error);
  const at =
    typeof mark?.line === "number" && typeof mark.column === "number"
      ? { line: mark.line + 1, column: mark.column + 1 }
      : {};
  return { ok: false, message: message.split("\n")[0] ?? message, ...at };
}

/** Exactly one document (an empty file is one null document), as js-yaml's `load`. */
export function parseYamlDocument(
  text: string,
  options: { filename?: string } = {},
): { ok: true; document: unknown } | ParseFailure {
  const parsed = parseYaml(text, options);
  if (!parsed.ok) return parsed;
  if (parsed.documents.length > 1) {
    return {
      ok: false,
      message: `${parsed.documents.length} YAML documents where one was expected`,
    };
  }
  return { ok: true, document: parsed.documents[0] ?? null };
}

/** Read and parse a YAML file; a file over the budget is refused before it is read. */
export async function readYamlFile(path: string): Promise<YamlResult> {
  const read = await readYamlReadings(path);
  return read.ok ? read.typed() : read;
}

/** readYamlFile with the text it parsed, for a caller that must cut from the source itself. */
export async function readYamlSource(
  path: string,
): Promise<{ ok: true; documents: unknown[]; text: string } | ParseFailure> {
  const read = await readYamlReadings(path);
  if (!read.ok) return read;
  const typed = read.typed();
  return typed.ok ? { ...typed, text: read.text } : typed;
}

/** A YAML file's text and its two readings (see readYamlText). */
export async function readYamlReadings(
  path: string,
): Promise<(YamlReadings & { text: string }) | ParseFailure> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.isFile() && info.size > MAX_YAML_BYTES) {
      return { ok: false, message: `a file larger than ${mib(MAX_YAML_BYTES)}` };
    }
    const decoded = utf8Text(await readFile(path));
    if (!decoded.ok) return decoded;
    text = decoded.text;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message: message.split("\n")[0] ?? message };
  }
  // No filename for js-yaml: callers name the file as the user typed it.
  const read = readYamlText(text);
  return read.ok ? { ...read, text } : read;
}

interface Frame {
  /** Nodes in this collection once expanded, itself included. */
  size: number;
  /** Height of the expanded subtree (a scalar is 1). */
  height: number;
  /** Depth of this node in the expanded document (the root is 1). */
  depth: number;
  anchor: string | undefined;
}

interface AnchorInfo {
  size: number;
  height: number;
}

/** Marks an anchor whose node is still open: an alias to it would be recursive. */
const OPEN: AnchorInfo = { size: -1, height: -1 };

/**
 * Walk the events once, sizing every anchored node as expanded (an alias
 * counts as the whole node it names), and stop at the first alias that goes
 * over the budget. Linear in the number of events.
 */
function checkAliasBudget(
  events: readonly Event[],
  source: string,
): { message: string; offset: number } | undefined {
  const anchors = new Map<string, AnchorInfo>();
  const stack: Frame[] = [];
  let aliasNodes = 0;

  const name = (start: number, end: number) => (start < 0 ? undefined : source.slice(start, end));
  const addChild = (size: number, height: number): void => {
    const parent = stack.at(-1);
    if (parent === undefined) return;
    parent.size += size;
    if (height + 1 > parent.height) parent.height = height + 1;
  };
  const depthHere = () => (stack.at(-1)?.depth ?? 0) + 1;

  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        // Anchors are scoped to their document (YAML 1.2 §7.1); the document
        // itself is a frame with no size so its root adds to nothing.
        anchors.clear();
        stack.push({ size: 0, height: 0, depth: 0, anchor: undefined });
        break;
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING: {
        const anchor = name(event.anchorStart, event.anchorEnd);
        if (anchor !== undefined) anchors.set(anchor, OPEN);
        stack.push({ size: 1, height: 1, depth: depthHere(), anchor });
        break;
      }
      case EVENT_ID.SCALAR: {
        const anchor = name(event.anchorStart, event.anchorEnd);
        if (anchor !== undefined) anchors.set(anchor, { size: 1, height: 1 });
        addChild(1, 1);
        break;
      }
      case EVENT_ID.ALIAS: {
        const alias = source.slice(event.anchorStart, event.anchorEnd);
        const target = anchors.get(alias);
        // An unknown alias is left to js-yaml, which names it.
        if (target === undefined) break;
        const offset = event.anchorStart - 1;
        if (target === OPEN) {
          return { message: `a recursive alias *${alias} inside its own anchor`, offset };
        }
        aliasNodes += target.size;
        if (aliasNodes > MAX_ALIAS_NODES) {
          return {
            message: `aliases that expand to more than ${MAX_ALIAS_NODES} nodes (at alias *${alias})`,
            offset,
          };
        }
        if (depthHere() + target.height - 1 > MAX_EXPANDED_DEPTH) {
          return {
            message: `aliases that nest more than ${MAX_EXPANDED_DEPTH} levels deep (at alias *${alias})`,
            offset,
          };
        }
        addChild(target.size, target.height);
        break;
      }
      case EVENT_ID.POP: {
        const frame = stack.pop();
        if (frame === undefined || frame.depth === 0) break;
        if (frame.anchor !== undefined)
          anchors.set(frame.anchor, { size: frame.size, height: frame.height });
        addChild(frame.size, frame.height);
        break;
      }
    }
  }
  return undefined;
}

/** Line and column (1-based) of a source offset. */
function position(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = source.indexOf("\n"); i >= 0 && i < offset; i = source.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Why `text` is not JSON, where it breaks: JSON is YAML 1.2, so js-yaml
 * says the line and column JSON.parse does not. Text js-yaml reads (YAML
 * that is not JSON) keeps JSON.parse's message, without a position.
 */
export function jsonFailure(text: string, error: unknown): ParseFailure {
  const parsed = text.length > MAX_YAML_BYTES ? undefined : parseYaml(text);
  if (parsed !== undefined && !parsed.ok && parsed.line !== undefined) return parsed;
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, message: message.split("\n")[0] ?? message };
}

function mib(bytes: number): string {
  return `${bytes / (1024 * 1024)} MiB`;
}
