import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type EngineServer, withServer } from "./server.ts";

export { ENGINE_STARTS, RUNNING_ENGINES } from "./server.ts";

/** A Prometheus server obsforge started on 127.0.0.1 over a TSDB folder of its own. */
export type PrometheusEngine = EngineServer;

/** Where the binaries are: Debian's packages put them on PATH; OBSFORGE_PROMETHEUS overrides. */
export function prometheusBinary(): string {
  return process.env.OBSFORGE_PROMETHEUS ?? "prometheus";
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
  const data = join(dir, "data");
  await mkdir(data, { recursive: true });
  // No scrape configs: the server only answers queries over its blocks.
  await writeFile(join(dir, "prometheus.yml"), "global: {}\n");
  return await withServer(
    {
      name: "Prometheus",
      binary: prometheusBinary(),
      args: (port) => [
        `--config.file=${join(dir, "prometheus.yml")}`,
        `--storage.tsdb.path=${data}`,
        "--storage.tsdb.retention.time=10y",
        `--web.listen-address=127.0.0.1:${port}`,
        "--log.level=warn",
      ],
      // The server answering must report our TSDB path: another Prometheus may hold the port.
      ready: async (url) =>
        (await fetch(`${url}/-/ready`).then(
          (r) => r.ok,
          () => false,
        )) && (await tsdbPath(url)) === data,
      portTaken: /address already in use/,
    },
    use,
    signal,
  );
}

async function tsdbPath(url: string): Promise<string | undefined> {
  const answer = await fetch(`${url}/api/v1/status/flags`).then(
    (r) => r.json() as Promise<{ data?: Record<string, string> }>,
    () => undefined,
  );
  return answer?.data?.["storage.tsdb.path"];
}
