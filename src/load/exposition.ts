import { createReadStream } from "node:fs";
import { resolve } from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

export interface OpenedExposition {
  /** Byte chunks, read lazily: nothing is buffered beyond the stream's chunk. */
  chunks: AsyncIterable<Uint8Array | string>;
  /** The Content-Type a URL answered with. */
  contentType?: string;
}

export function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

/**
 * Open an exposition: `-` is stdin, `http(s)://` is fetched (a `/metrics`
 * endpoint), anything else is a file. Errors while reading surface from the
 * iteration; a failed HTTP request is reported here.
 */
export async function openExposition(
  input: string,
  options: { cwd: string; stdin?: AsyncIterable<Uint8Array | string> },
): Promise<OpenedExposition> {
  if (input === "-") {
    if (options.stdin === undefined) throw new Error("Cannot read stdin: none attached");
    return { chunks: options.stdin };
  }
  if (isUrl(input)) {
    const response = await fetch(input, {
      headers: {
        accept:
          "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
      },
    });
    if (!response.ok || response.body === null) {
      throw new Error(
        `Cannot fetch ${input}: HTTP ${response.status} ${response.statusText}`.trimEnd(),
      );
    }
    const contentType = response.headers.get("content-type");
    return {
      chunks: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      ...(contentType !== null && { contentType }),
    };
  }
  return { chunks: createReadStream(resolve(options.cwd, input)) };
}
