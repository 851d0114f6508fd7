import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/** A Prometheus server obsforge started on 127.0.0.1 over a TSDB folder of its own. */
export interface PrometheusEngine {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The process id, so callers (and tests) can tell it has gone. */
  pid: number;
}

/** Every engine this process started and has not stopped yet. */
export const RUNNING_ENGINES = new Set<number>();

/** Called with the pid of every engine as it starts (tests check each one is gone afterwards). */
export const ENGINE_STARTS: Array<(pid: number) => void> = [];

/** Where the binaries are: Debian's packages put them on PATH; OBSFORGE_PROMETHEUS overrides. */
export function prometheusBinary(): string {
  return process.env.OBSFORGE_PROMETHEUS ?? "prometheus";
}

/** A free TCP port on 127.0.0.1, asked of the kernel and released for Prometheus to take. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Start Prometheus on `dir/data` (blocks written there beforehand are its
 * history), run `use`, and stop it afterwards whether `use` succeeded or
 * threw. Retention is ten years: history is old data, and the default 15
 * days would delete it as soon as the TSDB looks at it.
 */
export async function withPrometheus<T>(
  dir: string,
  use: (engine: PrometheusEngine) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  // The port is free when asked, but another process may bind it before Prometheus does
  // (the machine runs other servers, tests start their own): then start again on another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await runPrometheus(dir, use, signal);
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt === 5) throw error;
    }
  }
}

/** Prometheus could not bind the port it was given (nothing of `use` has run). */
class PortTaken extends Error {}

async function runPrometheus<T>(
  dir: string,
  use: (engine: PrometheusEngine) => Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T> {
  signal?.throwIfAborted();
  await mkdir(join(dir, "data"), { recursive: true });
  // No scrape configs: the server only answers queries over its blocks.
  await writeFile(join(dir, "prometheus.yml"), "global: {}\n");
  const port = await freePort();
  const child = spawn(
    prometheusBinary(),
    [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      "--storage.tsdb.retention.time=10y",
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr?.on("data", (chunk) => {
    log = (log + chunk).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const spawnError = new Promise<never>((_, reject) =>
    child.once("error", (error) => reject(new Error(`Cannot start Prometheus: ${error.message}`))),
  );
  spawnError.catch(() => {});
  if (child.pid !== undefined) {
    RUNNING_ENGINES.add(child.pid);
    for (const listener of ENGINE_STARTS) listener(child.pid);
  }
  const engine = { url: `http://127.0.0.1:${port}`, pid: child.pid ?? -1 };
  // Asked to stop: stop the engine now; the queries in flight fail and `use` throws.
  const onAbort = () => child.kill("SIGTERM");
  signal?.addEventListener("abort", onAbort);
  if (signal?.aborted) onAbort();
  try {
    await Promise.race([
      waitReady(engine.url, join(dir, "data"), exited, child, () => log),
      spawnError,
    ]);
    return await use(engine);
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await stop(child, exited);
    RUNNING_ENGINES.delete(engine.pid);
  }
}

/** Poll /-/ready until it answers; fail with the end of the log if the process exits first. */
async function waitReady(
  url: string,
  dataDir: string,
  closed: Promise<void>,
  child: ChildProcess,
  log: () => string,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null || child.signalCode !== null) {
      // 'close' comes once stderr is read to its end: the reason is in the log by then.
      await closed;
      const why = lastLine(log());
      if (why.includes("address already in use")) throw new PortTaken(why);
      throw new Error(`Prometheus exited before it was ready: ${why}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    // The port was free when asked; make sure the server answering is this one, not
    // another Prometheus that took the port in between (the machine may run several).
    if (ready && (await tsdbPath(url)) === dataDir) return;
    // A minute at most: a TSDB of a few hundred blocks opens in seconds.
    if (attempt > 600)
      throw new Error(`Prometheus was not ready after a minute: ${lastLine(log())}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

function lastLine(log: string): string {
  const lines = log.trim().split("\n");
  return lines[lines.length - 1] ?? "";
}

async function tsdbPath(url: string): Promise<string | undefined> {
  const answer = await fetch(`${url}/api/v1/status/flags`).then(
    (r) => r.json() as Promise<{ data?: Record<string, string> }>,
    () => undefined,
  );
  return answer?.data?.["storage.tsdb.path"];
}
