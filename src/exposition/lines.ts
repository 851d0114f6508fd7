import type { ExpositionParser } from "./line-parser.ts";
import type { ExpositionError } from "./syntax-error.ts";

/** Text chunks in, lines out to a parser. */
export interface LineSplitter {
  push(text: string): void;
  /** End of input: the last line, if it had no `\n`, and then the parser's end. */
  end(): void;
}

export interface LineSplitterOptions {
  /** Longer lines are reported and skipped. */
  maxLineLength: number;
  onError: (error: ExpositionError) => void;
}

/**
 * Split chunks on `\n` alone (a `\r` is data in both formats) and feed the
 * lines to `parser`. Only the current line is held: a line split across
 * chunks is kept in pieces until its end, and one that grows past
 * maxLineLength is dropped and reported instead of buffered.
 */
export function createLineSplitter(
  parser: ExpositionParser,
  options: LineSplitterOptions,
): LineSplitter {
  const maxLine = options.maxLineLength;
  let pending: string[] = [];
  let pendingLength = 0;
  let overlong = false;
  let lineNo = 0;

  const feed = (line: string) => {
    lineNo++;
    parser.line(line);
  };
  const skipOverlong = () => {
    lineNo++;
    parser.skip();
    options.onError({
      line: lineNo,
      column: 1,
      message: `expected lines of at most ${maxLine} characters, got a longer one (skipped)`,
      excerpt: "",
      excerptStart: 1,
    });
  };

  return {
    push(text) {
      let start = 0;
      for (;;) {
        const nl = text.indexOf("\n", start);
        if (nl < 0) break;
        // The line's end can come in the chunk that takes it past the limit, or a
        // chunk can hold a whole overlong line: both are measured here too.
        if (overlong || pendingLength + (nl - start) > maxLine) {
          overlong = false;
          pending = [];
          pendingLength = 0;
          skipOverlong();
        } else if (pending.length === 0) {
          feed(text.slice(start, nl));
        } else {
          pending.push(text.slice(start, nl));
          feed(pending.join(""));
          pending = [];
          pendingLength = 0;
        }
        start = nl + 1;
      }
      if (start < text.length && !overlong) {
        pending.push(text.slice(start));
        pendingLength += text.length - start;
        if (pendingLength > maxLine) {
          overlong = true;
          pending = [];
          pendingLength = 0;
        }
      }
    },
    end() {
      let finalNewline = true;
      if (overlong || pendingLength > maxLine) {
        skipOverlong();
      } else if (pending.length > 0) {
        feed(pending.join(""));
        finalNewline = false;
      }
      parser.end(finalNewline);
    },
  };
}
