import { describe, expect, test } from "vitest";
import { otelPrometheusName, promlintUnit, unitWords } from "../../src/lint/metric-names.ts";

describe("the OpenTelemetry → Prometheus name translation (specification table, otlptranslator rules)", () => {
  test.for([
    ["http.server.request.duration", "s", "histogram", "http_server_request_duration_seconds"],
    ["system.memory.usage", "By", "gauge", "system_memory_usage_bytes"],
    ["http.server.active_requests", "{request}", "gauge", "http_server_active_requests"],
    ["system.cpu.utilization", "1", "gauge", "system_cpu_utilization_ratio"],
    ["process.cpu.time", "s", "counter", "process_cpu_time_seconds_total"],
    ["system.network.io", "By/s", "gauge", "system_network_io_bytes_per_second"],
    [
      "messaging.client.sent.messages",
      "{message}",
      "counter",
      "messaging_client_sent_messages_total",
    ],
    ["jvm.memory.used_after_last_gc", "By", "gauge", "jvm_memory_used_after_last_gc_bytes"],
    [
      "db.client.operation.duration",
      "ms",
      "histogram",
      "db_client_operation_duration_milliseconds",
    ],
    ["requests.total", "1", "counter", "requests_total"],
    ["cache.size_bytes", "By", "gauge", "cache_size_bytes_bytes"],
    ["cache.size", "KiBy", "gauge", "cache_size_kibibytes"],
    ["2xx.responses", "{response}", "counter", "_2xx_responses_total"],
  ] as const)("%s [%s] %s → %s", ([name, unit, kind, expected]) => {
    expect(otelPrometheusName(name, unit, kind)).toBe(expected);
  });

  test.for([
    ["s", { main: "seconds", per: "", known: true }],
    ["By/s", { main: "bytes", per: "second", known: true }],
    ["{request}/s", { main: "", per: "second", known: true }],
    ["1", { main: "", per: "", known: true }],
    ["bit", { main: "bit", per: "", known: false }],
  ] as const)("unit %s", ([unit, expected]) => {
    expect(unitWords(unit)).toEqual(expected);
  });
});

describe("promlint's unit detection", () => {
  test.for([
    ["http_request_duration_seconds", undefined],
    ["job_duration_milliseconds", "milliseconds"],
    ["thermometers_total", undefined],
    ["trip_kilometers", "kilometers"],
    ["node_entropy_available_bits", "bits"],
    ["process_start_time_seconds_hours", "hours"],
  ] as const)("%s → %s", ([name, nonBase]) => {
    const unit = promlintUnit(name);
    expect(unit === undefined || unit.unit === unit.base ? undefined : unit.unit).toBe(nonBase);
  });
});
