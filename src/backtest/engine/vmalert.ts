import { lastLine, spawnEngine, stopEngine } from "./server.ts";

/** Debian's `victoria-metrics` package ships vmalert; OBSFORGE_VMALERT overrides. */
export function vmalertBinary(): string {
  return process.env.OBSFORGE_VMALERT ?? "vmalert";
}

export interface VmalertReplay {
  /** VictoriaMetrics: read from (datasource) and written back to (remote write). */
  url: string;
  /** A rule file whose groups all have `interval`. */
  rulesFile: string;
  /** First and last evaluation time (Unix seconds), both evaluated. */
  from: number;
  to: number;
  /** The groups' evaluation interval in seconds: the step of every range query. */
  step: number;
  signal?: AbortSignal | undefined;
}

function rfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * `vmalert -replay`: evaluate every rule of the file over the range, by
 * range queries at the group interval, and remote-write what it records
 * (recording rules' series, alerts' `ALERTS`) into VictoriaMetrics. Rules of
 * one file must not read each other: without a delay between rules (the
 * default second per rule would cost minutes) a rule may not see what the
 * one before it wrote. The caller flushes VictoriaMetrics afterwards.
 */
export async function vmalertReplay(run: VmalertReplay): Promise<void> {
  run.signal?.throwIfAborted();
  const tracked = spawnEngine("vmalert", vmalertBinary(), [
    `-rule=${run.rulesFile}`,
    `-datasource.url=${run.url}`,
    `-remoteWrite.url=${run.url}`,
    `-replay.timeFrom=${rfc3339(run.from)}`,
    `-replay.timeTo=${rfc3339(run.to)}`,
    `-datasource.queryStep=${run.step}s`,
    "-replay.rulesDelay=0s",
    "-replay.disableProgressBar",
    // Every alert sample is one series to write: the default queue (100,000 entries) can
    // fill on a month of a firing alert, and vmalert fails. 500,000 cost no CPU measurable
    // on bench/backtest.ts; batches of 10,000 instead of the default 1,000 cost 80% more.
    "-remoteWrite.maxQueueSize=500000",
    "-loggerLevel=ERROR",
  ]);
  const onAbort = () => tracked.child.kill("SIGTERM");
  run.signal?.addEventListener("abort", onAbort);
  try {
    await Promise.race([tracked.exited, tracked.failed]);
    run.signal?.throwIfAborted();
    if (tracked.child.exitCode !== 0)
      throw new Error(`vmalert could not replay the rules: ${lastLine(tracked.log())}`);
  } finally {
    run.signal?.removeEventListener("abort", onAbort);
    await stopEngine(tracked);
  }
}
