import { resolve } from "node:path";
import { fileChunks } from "../exposition/reader.ts";

/**
 * The chunks of `-` (stdin) or a file, read lazily one 64 KiB chunk at a
 * time (the exposition reader's, measured there against a ReadStream).
 */
export function openLogInput(
  input: string,
  options: { cwd: string; stdin?: AsyncIterable<Uint8Array | string> },
): AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string> {
  if (input === "-") {
    if (options.stdin === undefined) throw new Error("Cannot read stdin: none attached");
    return options.stdin;
  }
  return fileChunks(resolve(options.cwd, input));
}
