import { closeSync, openSync, readSync } from "node:fs";
import { resolve } from "node:path";
import { StringDecoder } from "node:string_decoder";

export interface OpenedExposition {
  /** Byte chunks, read lazily: nothing is buffered beyond the current chunk. */
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
  /** The Content-Type a URL answered with. */
  contentType?: string;
}

/** How long a URL may keep lint-metrics waiting: for the response, and between body chunks. */
export const URL_TIMEOUT_MS = 10_000;

/** Largest response body read from a URL (after decompression). */
export const URL_MAX_BYTES = 64 * 1024 * 1024;

/** Redirects followed before giving up (curl's and browsers' limits are of this order). */
export const URL_MAX_REDIRECTS = 10;

export interface OpenExpositionOptions {
  cwd: string;
  stdin?: AsyncIterable<Uint8Array | string>;
  /** For URLs (default URL_TIMEOUT_MS). */
  timeoutMs?: number;
  /** For URLs (default URL_MAX_BYTES). */
  maxBytes?: number;
}

export function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

/**
 * Open an exposition: `-` is stdin, `http(s)://` is fetched (a `/metrics`
 * endpoint), anything else is a file. Errors while reading surface from the
 * iteration; a failed HTTP request is reported here. Error messages read
 * after "got" (`HTTP 503 Service Unavailable`, `no response: timed out after 10s`).
 */
export async function openExposition(
  input: string,
  options: OpenExpositionOptions,
): Promise<OpenedExposition> {
  if (input === "-") {
    if (options.stdin === undefined) throw new Error("Cannot read stdin: none attached");
    return { chunks: options.stdin };
  }
  if (isUrl(input)) {
    return openUrl(input, {
      timeoutMs: options.timeoutMs ?? URL_TIMEOUT_MS,
      maxBytes: options.maxBytes ?? URL_MAX_BYTES,
    });
  }
  return { chunks: fileChunks(resolve(options.cwd, input)) };
}

/** What a file is read in: fs.ReadStream's default chunk, which the format sniffing is tested with. */
const FILE_CHUNK = 64 * 1024;

/**
 * A file's text, read synchronously one chunk at a time when the parser
 * asks for the next. A ReadStream costs about three times the CPU for the
 * same bytes (a thread-pool hop, a promise and stream bookkeeping per
 * chunk), and a lint run has nothing else to do while it waits. One buffer
 * is reused and each chunk is decoded here (a UTF-8 sequence cut at the end
 * of a chunk is completed by the next): a fresh 64 KiB buffer per chunk
 * cost more than the read. Errors (ENOENT, EISDIR) surface from the
 * iteration, as they did from the stream.
 */
export function* fileChunks(path: string): Generator<string> {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(FILE_CHUNK);
    const decoder = new StringDecoder("utf8");
    for (;;) {
      const n = readSync(fd, buffer, 0, FILE_CHUNK, null);
      if (n === 0) break;
      yield decoder.write(n === FILE_CHUNK ? buffer : buffer.subarray(0, n));
    }
    const rest = decoder.end();
    if (rest !== "") yield rest;
  } finally {
    closeSync(fd);
  }
}

interface UrlLimits {
  timeoutMs: number;
  maxBytes: number;
}

const ACCEPT =
  "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

/**
 * fetch with the limits Prometheus puts on a scrape, each with its own
 * message: redirects followed by hand (to name a loop, and to refuse
 * anything but http(s)), a timeout for the response headers and for every
 * pause in the body (so a stalled server cannot hang CI), and a size cap on
 * the decompressed body.
 */
async function openUrl(input: string, limits: UrlLimits): Promise<OpenedExposition> {
  const chain = [input];
  let url = input;
  for (;;) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { accept: ACCEPT },
        redirect: "manual",
        signal: controller.signal,
      });
    } catch (error) {
      clearTimeout(timer);
      if (controller.signal.aborted)
        throw new Error(`no response: timed out after ${seconds(limits.timeoutMs)}`);
      throw new Error(networkError(error));
    }
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location !== null) {
      clearTimeout(timer);
      await response.body?.cancel();
      const next = new URL(location, url);
      if (next.protocol !== "http:" && next.protocol !== "https:")
        throw new Error(`a redirect to ${JSON.stringify(next.href)}, which is not http(s)`);
      if (chain.includes(next.href))
        throw new Error(`a redirect loop (${[...chain, next.href].join(" -> ")})`);
      if (chain.length > URL_MAX_REDIRECTS)
        throw new Error(`more than ${URL_MAX_REDIRECTS} redirects (last to ${next.href})`);
      chain.push(next.href);
      url = next.href;
      continue;
    }
    if (!response.ok || response.body === null) {
      clearTimeout(timer);
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status} ${response.statusText}`.trimEnd());
    }
    const declared = Number(response.headers.get("content-length") ?? Number.NaN);
    // Content-Length counts encoded bytes; the cap is on decoded ones, so only an identity body can be refused early.
    if (
      declared > limits.maxBytes &&
      (response.headers.get("content-encoding") ?? "identity") === "identity"
    ) {
      clearTimeout(timer);
      await response.body.cancel();
      throw new Error(`a response larger than ${size(limits.maxBytes)}`);
    }
    clearTimeout(timer);
    const contentType = response.headers.get("content-type");
    return {
      chunks: limitedBody(response.body, controller, limits),
      ...(contentType !== null && { contentType }),
    };
  }
}

/** The body's chunks, failing when it pauses longer than the timeout or grows past the cap. */
async function* limitedBody(
  body: ReadableStream<Uint8Array>,
  controller: AbortController,
  limits: UrlLimits,
): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let received = 0;
  let timer: NodeJS.Timeout | undefined;
  try {
    for (;;) {
      timer = setTimeout(() => controller.abort(), limits.timeoutMs);
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (controller.signal.aborted)
          throw new Error(
            `a stalled response: timed out after ${seconds(limits.timeoutMs)} waiting for more of the body`,
          );
        throw new Error(networkError(error));
      }
      clearTimeout(timer);
      if (chunk.done) return;
      received += chunk.value.byteLength;
      if (received > limits.maxBytes) {
        controller.abort();
        throw new Error(`a response larger than ${size(limits.maxBytes)}`);
      }
      yield chunk.value;
    }
  } finally {
    clearTimeout(timer);
    // Stop the download when the reader stops early (an error, or the consumer gave up).
    if (!controller.signal.aborted) controller.abort();
    reader.releaseLock();
  }
}

/** undici says "fetch failed" and puts the reason in `cause`: name that instead. */
function networkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  if (cause?.code !== undefined)
    return `a network error: ${cause.code}${cause.message === undefined ? "" : ` (${cause.message})`}`;
  if (cause?.message !== undefined) return `a network error: ${cause.message}`;
  return `a network error: ${error instanceof Error ? error.message : String(error)}`;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function size(bytes: number): string {
  const MiB = 1024 * 1024;
  if (bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
