import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";

/** An engine server obsforge started on 127.0.0.1 over a storage folder of its own. */
export interface EngineServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The process id, so callers (and tests) can tell it has gone. */
  pid: number;
  /** The end of what it wrote to stderr. */
  log: () => string;
}

/** Every engine process this process started and has not stopped yet. */
export const RUNNING_ENGINES = new Set<number>();

/** Called with the pid of every engine process as it starts (tests check each one is gone afterwards). */
export const ENGINE_STARTS: Array<(pid: number) => void> = [];

/** How to start one kind of server and tell it is ready. */
export interface ServerSpec {
  /** `Prometheus`, `VictoriaMetrics`: for messages. */
  name: string;
  binary: string;
  args: (port: number) => string[];
  /**
   * Ready, and the server answering is the one started (another server may
   * have taken the port in between: the machine runs several).
   */
  ready: (url: string) => Promise<boolean>;
  /** Log text that says the port was taken. */
  portTaken: RegExp;
}

/** A free TCP port on 127.0.0.1, asked of the kernel and released for the server to take. */
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
 * Start a server, run `use`, and stop it afterwards whether `use`
 * succeeded or threw. The port is free when asked, but another process may
 * bind it before the server does (tests start their own servers): then it
 * starts again on another.
 */
export async function withServer<T>(
  spec: ServerSpec,
  use: (engine: EngineServer) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runServer(spec, use, signal);
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt === 5) throw error;
    }
  }
}

/** The server could not bind the port it was given (nothing of `use` has run). */
class PortTaken extends Error {}

/** A process obsforge started, tracked until it has exited. */
export interface Tracked {
  child: ChildProcess;
  /** Resolves once the process has exited and its stderr is read to its end. */
  exited: Promise<void>;
  /** Rejects when the process could not be started (no such binary); never resolves. */
  failed: Promise<never>;
  /** The end of its stderr. */
  log: () => string;
}

/** Spawn an engine process and track it in RUNNING_ENGINES until it exits. */
export function spawnEngine(name: string, binary: string, args: readonly string[]): Tracked {
  const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr?.on("data", (chunk) => {
    log = (log + chunk).slice(-4000);
  });
  const pid = child.pid;
  const exited = new Promise<void>((resolve) =>
    child.once("close", () => {
      if (pid !== undefined) RUNNING_ENGINES.delete(pid);
      resolve();
    }),
  );
  if (pid !== undefined) {
    RUNNING_ENGINES.add(pid);
    for (const listener of ENGINE_STARTS) listener(pid);
  }
  const failed = new Promise<never>((_, reject) =>
    child.once("error", (error) => reject(new Error(`Cannot start ${name}: ${error.message}`))),
  );
  failed.catch(() => {});
  return { child, exited, failed, log: () => log };
}

async function runServer<T>(
  spec: ServerSpec,
  use: (engine: EngineServer) => Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T> {
  signal?.throwIfAborted();
  const port = await freePort();
  const tracked = spawnEngine(spec.name, spec.binary, spec.args(port));
  const engine = {
    url: `http://127.0.0.1:${port}`,
    pid: tracked.child.pid ?? -1,
    log: tracked.log,
  };
  // Asked to stop: stop the engine now; the queries in flight fail and `use` throws.
  const onAbort = () => tracked.child.kill("SIGTERM");
  signal?.addEventListener("abort", onAbort);
  if (signal?.aborted) onAbort();
  try {
    await Promise.race([waitReady(spec, engine.url, tracked), tracked.failed]);
    return await use(engine);
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await stopEngine(tracked);
  }
}

/** Poll until the server is ready; fail with the end of the log if the process exits first. */
async function waitReady(spec: ServerSpec, url: string, tracked: Tracked): Promise<void> {
  const { child } = tracked;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null || child.signalCode !== null) {
      // 'close' comes once stderr is read to its end: the reason is in the log by then.
      await tracked.exited;
      const why = lastLine(tracked.log());
      if (spec.portTaken.test(why)) throw new PortTaken(why);
      throw new Error(`${spec.name} exited before it was ready: ${why}`);
    }
    if (await spec.ready(url)) return;
    // A minute at most: a TSDB of a few hundred blocks opens in seconds.
    if (attempt > 600)
      throw new Error(`${spec.name} was not ready after a minute: ${lastLine(tracked.log())}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM, SIGKILL after ten seconds; resolves once the process has gone. */
export async function stopEngine({ child, exited }: Tracked): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    await exited;
    return;
  }
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

export function lastLine(log: string): string {
  const lines = log.trim().split("\n");
  return lines[lines.length - 1] ?? "";
}
