import { createWriteStream } from "node:fs";

/**
 * JSON log lines as an instrumented HTTP service writes them (OpenTelemetry
 * field names), with the faults lint-logs looks for in realistic
 * proportions: per 1,000 lines about 900 request lines with both ids, 30
 * without a span id, 20 with an all-zero trace id, 10 spelling it
 * `traceId`, 20 without a level and 20 start-up or background lines. Every
 * line is a JSON object, so `jq -c` reads the whole file too.
 */
export async function writeJsonLogs(bytes: number, path: string): Promise<number> {
  const out = createWriteStream(path);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r()));
  let written = 0;
  let lines = 0;
  let buffer = "";
  const levels = ["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"];
  while (written < bytes) {
    const i = lines++;
    const trace = hex(i * 2654435761, 32);
    const span = hex(i * 40503, 16);
    const k = i % 1000;
    const level = k < 20 ? "" : `"severity_text":"${levels[i % levels.length]}",`;
    const ts = `"timestamp":"2026-12-03T05:${String(Math.floor(i / 60000) % 60).padStart(2, "0")}:${String(Math.floor(i / 1000) % 60).padStart(2, "0")}.${String(i % 1000).padStart(3, "0")}Z"`;
    let ids: string;
    if (k >= 980) ids = "";
    else if (k >= 950) ids = `"trace_id":"${trace}",`;
    else if (k >= 930) ids = `"trace_id":"${"0".repeat(32)}","span_id":"${span}",`;
    else if (k >= 920) ids = `"traceId":"${trace}","span_id":"${span}",`;
    else ids = `"trace_id":"${trace}","span_id":"${span}",`;
    const request =
      k >= 980
        ? `"body":"cache refreshed","entries":${i % 5000}`
        : `"body":"GET /api/orders/${i % 977} served","http.request.method":"GET","http.route":"/api/orders/{id}","http.response.status_code":${i % 50 === 0 ? 500 : 200},"duration_ms":${(i % 1300) / 10}`;
    const line = `{${ts},${level}${ids}"service.name":"checkout-api",${request}}\n`;
    buffer += line;
    written += line.length;
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = "";
    }
  }
  await write(buffer);
  await new Promise<void>((resolve, reject) =>
    out.end((e?: Error | null) => (e ? reject(e) : resolve())),
  );
  return lines;
}

function hex(seed: number, digits: number): string {
  let out = "";
  let x = seed >>> 0 || 1;
  while (out.length < digits) {
    // xorshift32: cheap, deterministic, hex-looking ids.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += (x >>> 0).toString(16).padStart(8, "0");
  }
  return out.slice(0, digits);
}
