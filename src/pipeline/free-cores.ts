import { cpus } from "node:os";

/**
 * How many cores sat idle while the build was loading its definitions: the
 * question "would a worker thread get a core of its own?" asked of the
 * last second or two, not of the 1-minute load average, which lags. A
 * build started right after `npm ci`, `tsc` or another build (a CI job, the
 * bench) saw a load average above 1 on two free cores and ran serial.
 */

/** The machine's CPU time so far, summed over its cores, in ms. */
export interface CpuTimes {
  idle: number;
  total: number;
  cores: number;
}

/** Below this much CPU time per core in the window, idleness is not told apart from noise. */
const MIN_WINDOW_MS_PER_CORE = 100;

export function cpuTimes(): CpuTimes {
  let idle = 0;
  let total = 0;
  const all = cpus();
  for (const { times } of all) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  return { idle, total, cores: all.length };
}

/**
 * The average number of idle cores between two readings, or undefined when
 * the window is too short to say (or the core count changed in between).
 */
export function idleCores(since: CpuTimes, now: CpuTimes): number | undefined {
  const total = now.total - since.total;
  if (now.cores !== since.cores || now.cores === 0) return undefined;
  if (total < MIN_WINDOW_MS_PER_CORE * now.cores) return undefined;
  return ((now.idle - since.idle) / total) * now.cores;
}
