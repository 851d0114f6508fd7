import { spawnSync } from "node:child_process";

export interface Measurement {
  seconds: number;
  peakRssMiB: number;
  status: number | null;
  output: string;
}

/**
 * Run a command as a whole process under GNU time, which reports the
 * kernel's peak RSS of the process. Wall time is measured here.
 */
export function measure(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Measurement {
  const started = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "%M", command, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const lines = r.stderr.trimEnd().split("\n");
  const kib = Number(lines.pop());
  return { seconds, peakRssMiB: kib / 1024, status: r.status, output: r.stdout + lines.join("\n") };
}

/** Best (minimum) of `runs` measurements: the least disturbed by a noisy machine. */
export function bestOf(runs: number, run: () => Measurement): Measurement {
  let best: Measurement | undefined;
  for (let i = 0; i < runs; i++) {
    const m = run();
    if (m.status !== 0)
      throw new Error(`benchmark command failed (exit ${m.status}):\n${m.output.slice(0, 2000)}`);
    if (best === undefined || m.seconds < best.seconds) best = m;
  }
  return best!;
}

export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padStart(widths[c]!)).join("  ")).join("\n");
}
