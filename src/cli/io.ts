/** Where a command writes. Injected so tests run commands in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Input for `-` arguments (`lint-metrics -`). */
  stdin?: AsyncIterable<Uint8Array | string>;
}

export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  stdin: process.stdin,
};

/** Exit codes from DESIGN.md's CLI contract. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
