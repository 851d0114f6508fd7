import { createReadStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../inputs.ts";
import type { Series, TimeRange } from "../series.ts";
import { type EngineServer, withServer } from "./server.ts";

/** Debian's `victoria-metrics` package puts it on PATH; OBSFORGE_VICTORIA_METRICS overrides. */
export function victoriaMetricsBinary(): string {
  return process.env.OBSFORGE_VICTORIA_METRICS ?? "victoria-metrics";
}

/**
 * Start single-node VictoriaMetrics on `dir/vm`, run `use`, stop it
 * afterwards whether `use` succeeded or threw. The flags bring its query
 * engine as close to Prometheus's as it goes: a 5-minute lookback for bare
 * selectors (Prometheus's lookback delta; VictoriaMetrics guesses one from
 * the sample interval otherwise), no response cache (history arrives after
 * the first queries) and no latency offset (a live range ends now).
 */
export async function withVictoriaMetrics<T>(
  dir: string,
  use: (engine: EngineServer) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const data = join(dir, "vm");
  await mkdir(data, { recursive: true });
  return await withServer(
    {
      name: "VictoriaMetrics",
      binary: victoriaMetricsBinary(),
      args: (port) => [
        `-storageDataPath=${data}`,
        `-httpListenAddr=127.0.0.1:${port}`,
        // History is old data: the default month would drop it on import.
        "-retentionPeriod=100y",
        "-search.maxLookback=5m",
        "-search.disableCache",
        "-search.latencyOffset=0s",
        "-search.maxQueryDuration=10m",
        // vmalert's replay asks for the point where two requests meet twice.
        "-dedup.minScrapeInterval=1ms",
        "-loggerLevel=ERROR",
      ],
      // The server answering must run on our storage folder: another may hold the port.
      ready: async (url) =>
        (
          await fetch(`${url}/flags`).then(
            (r) => (r.ok ? r.text() : ""),
            () => "",
          )
        ).includes(`-storageDataPath=${JSON.stringify(data)}`),
      portTaken: /address already in use/,
    },
    use,
    signal,
  );
}

/** Lines are sent in requests of about this many bytes: memory holds one at a time. */
const IMPORT_CHUNK = 16 * 1024 * 1024;

/**
 * Import an OpenMetrics file with timestamps (seconds, which
 * VictoriaMetrics tells from milliseconds by size) into the server, in
 * requests of whole lines, and make it searchable. VictoriaMetrics skips a
 * line it cannot parse and logs why: the first such line is the history's
 * error.
 */
export async function importOpenMetrics(engine: EngineServer, file: string): Promise<void> {
  const before = engine.log().length;
  let rest = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: IMPORT_CHUNK })) {
    const data = Buffer.concat([rest, chunk as Buffer]);
    const end = data.lastIndexOf(10) + 1;
    rest = data.subarray(end);
    if (end > 0) await postLines(engine.url, data.subarray(0, end));
  }
  if (rest.length > 0) await postLines(engine.url, rest);
  await forceFlush(engine.url);
  const bad = /cannot unmarshal Prometheus line (.*)/.exec(engine.log().slice(before));
  if (bad !== null) throw new InputError(`VictoriaMetrics could not read the history: ${bad[1]}`);
}

async function postLines(url: string, lines: Buffer): Promise<void> {
  const response = await fetch(`${url}/api/v1/import/prometheus`, { method: "POST", body: lines });
  if (!response.ok)
    throw new InputError(
      `VictoriaMetrics could not read the history: ${(await response.text()).trim()}`,
    );
}

/** Make every sample written so far visible to queries (they are otherwise within a second or so). */
export async function forceFlush(url: string): Promise<void> {
  const response = await fetch(`${url}/internal/force_flush`);
  if (!response.ok) throw new Error(`VictoriaMetrics did not flush: ${response.status}`);
}

/** The raw samples of the series `match` selects, through /api/v1/export (JSON lines). */
export async function exportSeries(
  url: string,
  match: string,
  range: TimeRange,
): Promise<Series[]> {
  const query = new URLSearchParams({
    "match[]": match,
    start: String(range.start),
    end: String(range.end),
  });
  const response = await fetch(`${url}/api/v1/export?${query}`);
  if (!response.ok)
    throw new Error(`VictoriaMetrics refused to export ${match}: ${await response.text()}`);
  const series: Series[] = [];
  for (const line of (await response.text()).split("\n")) {
    if (line === "") continue;
    const { metric, values, timestamps } = JSON.parse(line) as {
      metric: Record<string, string>;
      values: number[];
      timestamps: number[];
    };
    series.push({ labels: metric, samples: timestamps.map((t, i) => [t / 1000, values[i]!]) });
  }
  return series;
}
