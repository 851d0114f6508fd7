import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll } from "vitest";
import { toYaml } from "../../src/emit/serialize.ts";

// Every Prometheus a test file started is stopped after its tests, even one that never got ready.
const running = new Set<() => Promise<void>>();
afterAll(async () => {
  await Promise.all([...running].map((stop) => stop()));
});

/** A real Prometheus (Debian's package) on 127.0.0.1, started by a test. */
export interface RunningPrometheus {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** GET `path` of the HTTP API, as JSON. */
  get<T = unknown>(path: string): Promise<{ status: string; data: T }>;
  /** Resolves once `check` holds; polls, bounded by the test timeout (no clock of ours). */
  until(check: () => Promise<boolean>, what: string): Promise<void>;
  /** SIGTERM, and resolves when it has exited (also done after the file's tests). */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for Prometheus). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * Write `config` as `dir/prometheus.yml`, start Prometheus on it with its TSDB
 * in `dir/data`, and resolve once it reports ready. A Prometheus that exits
 * early fails the caller with the end of its log.
 */
export async function startPrometheus(dir: string, config: unknown): Promise<RunningPrometheus> {
  await writeFile(join(dir, "prometheus.yml"), toYaml(config));
  await mkdir(join(dir, "data"), { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = "";
  const child: ChildProcess = spawn(
    "prometheus",
    [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const exited = new Promise((r) => child.once("exit", r));

  const get = async <T>(path: string) =>
    (await (await fetch(`${url}${path}`)).json()) as { status: string; data: T };
  const until = async (check: () => Promise<boolean>, what: string) => {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`Prometheus exited while waiting for ${what}:\n${log.slice(-3000)}`);
      if (await check().catch(() => false)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const stop = async () => {
    running.delete(stop);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
  };
  running.add(stop);
  await until(async () => (await fetch(`${url}/-/ready`)).ok, "Prometheus to be ready");
  return { url, get, until, stop };
}
