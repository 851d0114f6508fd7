import { spawn } from "node:child_process";
import { Readable } from "node:stream";
import { BIN } from "./paths.ts";

export interface PipedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The built CLI as a process with `input` piped into its stdin as it is
 * generated (the test never holds it), `nodeFlags` for node itself
 * (`--max-old-space-size=64`).
 */
export function pipedCli(
  nodeFlags: readonly string[],
  args: readonly string[],
  input: Iterable<string>,
): Promise<PipedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, BIN, ...args], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (t: string) => {
      stdout += t;
    });
    child.stderr.setEncoding("utf8").on("data", (t: string) => {
      stderr += t;
    });
    // A child that dies early closes the pipe: that is a result, not a test error.
    child.stdin.on("error", () => {});
    Readable.from(input).pipe(child.stdin);
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
