import { type LogValue, scanJsonLine } from "./json-line.ts";
import { scanLogfmt } from "./logfmt.ts";

export type { LogValue };

/** What a line is written in. `plain`: neither a JSON object nor logfmt pairs. */
export type LineFormat = "json" | "logfmt" | "plain";

/** One non-blank log line, read. */
export interface LogLine {
  /** 1-based line number in the input. */
  number: number;
  /** The line as read (at most the reader's maximum line length). */
  text: string;
  format: LineFormat;
  /** Its fields by name (nested JSON objects flattened with dots); empty for plain lines. */
  fields: ReadonlyMap<string, LogValue>;
  /**
   * Why it is plain although it looked like a format: a line starting with
   * `{` that is not a JSON object, or one with `=` that is not logfmt.
   */
  error?: { tried: "json" | "logfmt"; column: number; message: string };
}

const EMPTY: ReadonlyMap<string, LogValue> = new Map();

/**
 * Read one line: JSON when it starts with `{` (after blanks), else plain
 * when it holds bytes that are not text, else logfmt
 * when it scans as pairs and at least one has a value (`msg=hi`; a bare
 * sentence is plain text, not keys without values), else plain.
 */
export function readLine(text: string, number: number): LogLine {
  let start = 0;
  while (start < text.length && text.charCodeAt(start) <= 32) start++;
  if (text.charCodeAt(start) === 123) {
    const inner = logcliLine(text, start);
    if (inner !== undefined) return readLine(inner, number);
    const json = scanJsonLine(text);
    if (json.ok) return { number, text, format: "json", fields: json.fields };
    return {
      number,
      text,
      format: "plain",
      fields: EMPTY,
      error: { tried: "json", column: json.column, message: json.message },
    };
  }
  // Bytes that are not text (NUL, invalid UTF-8 decoded as U+FFFD) make a line binary, not pairs.
  if (text.includes("\0") || text.includes("\uFFFD"))
    return { number, text, format: "plain", fields: EMPTY };
  const logfmt = scanLogfmt(text);
  if (logfmt.ok && logfmt.withValue > 0) {
    const fields = new Map<string, LogValue>();
    // go-logfmt hands every pair; the first of a repeated key is the one read here.
    for (const [key, value] of logfmt.pairs) if (!fields.has(key)) fields.set(key, value);
    return { number, text, format: "logfmt", fields };
  }
  if (!logfmt.ok && text.includes("="))
    return {
      number,
      text,
      format: "plain",
      fields: EMPTY,
      error: { tried: "logfmt", column: logfmt.column, message: logfmt.message },
    };
  return { number, text, format: "plain", fields: EMPTY };
}

/**
 * `logcli query --output=jsonl` wraps each line as
 * `{"labels":{…},"line":"…","timestamp":"…"}`: the log line is `line`. Only
 * that exact shape is unwrapped (an app's own JSON with a `line` field is
 * not), and only once.
 */
function logcliLine(text: string, start: number): string | undefined {
  if (!text.startsWith('{"labels":', start)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  if (keys.join(",") !== "labels,line,timestamp" || typeof o.line !== "string") return undefined;
  return o.line.startsWith('{"labels":') ? undefined : o.line;
}
