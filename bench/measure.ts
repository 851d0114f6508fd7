import { spawnSync } from "node:child_process";

export interface Measurement {
  /** Wall-clock seconds, measured here. */
  wall: number;
  /** CPU seconds (user + system) of the process and its children, from GNU time. */
  cpu: number;
  /** Peak RSS in MiB, the kernel's figure from GNU time. */
  peakRssMiB: number;
  status: number | null;
  output: string;
}

export interface Command {
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: Record<string, string>;
  /** A file fed to standard input. */
  stdin?: string;
  /** Exit codes that mean the command did its work (lint commands exit 1 or 3 on findings). */
  okStatus?: readonly number[];
}

/**
 * Run a command as a whole process under GNU time. CPU time is what a
 * loaded machine disturbs least, so ratios are taken on it; peak RSS is
 * unaffected by load.
 */
export function measure(cmd: Command): Measurement {
  const timed = ["-f", "\n%U %S %M", cmd.command, ...cmd.args];
  const shell = `exec /usr/bin/time ${timed.map(quote).join(" ")}${cmd.stdin === undefined ? "" : ` < ${quote(cmd.stdin)}`} > /dev/null`;
  const started = process.hrtime.bigint();
  const r = spawnSync("sh", ["-c", shell], {
    cwd: cmd.cwd,
    env: { ...process.env, ...cmd.env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const lines = r.stderr.trimEnd().split("\n");
  const [user, sys, kib] = (lines.pop() ?? "").split(" ").map(Number);
  const m = {
    wall,
    cpu: (user ?? Number.NaN) + (sys ?? Number.NaN),
    peakRssMiB: (kib ?? Number.NaN) / 1024,
    status: r.status,
    output: lines.join("\n"),
  };
  if (!(cmd.okStatus ?? [0]).includes(m.status ?? -1))
    throw new Error(
      `benchmark command failed (exit ${m.status}): ${[cmd.command, ...cmd.args].join(" ")}\n${m.output.slice(0, 2000)}`,
    );
  return m;
}

function quote(arg: string): string {
  return `'${arg.replaceAll("'", "'\\''")}'`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median of each figure over several runs. */
export function medians(runs: readonly Measurement[]): Omit<Measurement, "status" | "output"> {
  return {
    wall: median(runs.map((r) => r.wall)),
    cpu: median(runs.map((r) => r.cpu)),
    peakRssMiB: median(runs.map((r) => r.peakRssMiB)),
  };
}

export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))))
    .map((cells) => cells.join("  ").trimEnd())
    .join("\n");
}
