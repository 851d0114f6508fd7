import { StringDecoder } from "node:string_decoder";
import { createLineSplitter } from "../exposition/lines.ts";
import { type LogLine, readLine } from "./line.ts";

/**
 * A line longer than this is reported and skipped, never buffered: a log
 * line is rarely over a few KiB (Loki refuses lines over 256 KiB by
 * default, `max_line_size`), and a binary file or a runaway stack trace
 * without newlines must not take the process's memory with it.
 */
export const MAX_LOG_LINE_LENGTH = 256 * 1024;

export interface ReadLogStreamOptions {
  /** Each non-blank line, read, in order. */
  onLine: (line: LogLine) => void;
  /** A line over `maxLineLength`, skipped: its 1-based number. */
  onOverlong: (lineNumber: number) => void;
  maxLineLength?: number;
}

export interface ReadLogStreamResult {
  /** Lines in the input, blank ones included. */
  lines: number;
}

/**
 * Read log lines from byte or text chunks, holding only the current line
 * (the exposition stage's splitter: split on `\n`, overlong lines dropped
 * while they are read). A trailing `\r` is cut (CRLF files); invalid UTF-8
 * becomes U+FFFD, as Loki stores it.
 */
export async function readLogStream(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: ReadLogStreamOptions,
): Promise<ReadLogStreamResult> {
  let lineNo = 0;
  const splitter = createLineSplitter(
    {
      line(text) {
        lineNo++;
        const cut = text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text;
        if (!isBlank(cut)) options.onLine(readLine(cut, lineNo));
      },
      skip() {
        lineNo++;
      },
      end() {},
    },
    {
      maxLineLength: options.maxLineLength ?? MAX_LOG_LINE_LENGTH,
      onError: () => options.onOverlong(lineNo),
    },
  );
  const decoder = new StringDecoder("utf8");
  for await (const chunk of source) {
    const text = typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer);
    if (text !== "") splitter.push(text);
  }
  const rest = decoder.end();
  if (rest !== "") splitter.push(rest);
  splitter.end();
  return { lines: lineNo };
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 32) return false;
  return true;
}
