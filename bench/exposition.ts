import { createWriteStream } from "node:fs";

/**
 * A realistic exposition: counters, gauges and histograms with 2–4 labels,
 * HELP and TYPE for each family, 200 series per family, and a few naming
 * problems (about one family in fifty) so both tools have something to say.
 */
export async function writeExposition(lines: number, path: string): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r()));
  let n = 0;
  let buffer = "";
  for (let f = 0; n < lines; f++) {
    const kind = f % 3 === 0 ? "histogram" : f % 3 === 1 ? "counter" : "gauge";
    const odd = f % 50 === 7;
    const name =
      kind === "histogram"
        ? `app_rpc_${f}_duration_${odd ? "milliseconds" : "seconds"}`
        : kind === "counter"
          ? `app_requests_${f}${odd ? "" : "_total"}`
          : `app_queue_${f}_items`;
    buffer += `# HELP ${name} Generated family ${f}.\n# TYPE ${name} ${kind}\n`;
    n += 2;
    for (let s = 0; s < 200 && n < lines; s++) {
      const labels = `method="${s % 2 === 0 ? "GET" : "POST"}",route="/api/v1/items/${s % 40}",instance="10.0.${f % 250}.${s % 250}:9090"`;
      if (kind === "histogram") {
        for (const le of ["0.005", "0.05", "0.5", "5", "+Inf"]) {
          buffer += `${name}_bucket{${labels},le="${le}"} ${s * 3}\n`;
        }
        buffer += `${name}_sum{${labels}} ${s * 0.75}\n${name}_count{${labels}} ${s * 3}\n`;
        n += 7;
      } else {
        buffer += `${name}{${labels}} ${s * 1.5} 1700000000000\n`;
        n += 1;
      }
      if (buffer.length > 1 << 20) {
        await write(buffer);
        buffer = "";
      }
    }
  }
  await write(buffer);
  await new Promise<void>((r) => out.end(() => r()));
}
