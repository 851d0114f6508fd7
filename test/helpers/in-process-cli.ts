import { Readable } from "node:stream";
import type { CliIO } from "../../src/cli/io.ts";
import { run } from "../../src/cli/main.ts";

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The CLI in-process, through `run(argv, io)`, where the process boundary is
 * not what is tested; `stdin` is what `-` arguments read.
 */
export async function obsforgeInProcess(
  argv: readonly string[],
  cwd: string,
  options: { stdin?: Buffer } = {},
): Promise<CliOutcome> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    cwd,
    ...(options.stdin !== undefined && { stdin: Readable.from([options.stdin]) }),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
