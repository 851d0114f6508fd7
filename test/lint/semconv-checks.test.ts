import { describe, expect, test } from "vitest";
import type { Check } from "../../src/lint/check.ts";
import { semconvAttribute } from "../../src/lint/checks/otel/semconv-attribute.ts";
import { semconvType } from "../../src/lint/checks/otel/semconv-type.ts";
import { semconvUnit } from "../../src/lint/checks/otel/semconv-unit.ts";
import { runSample } from "../../src/lint/samples.ts";

/** One catalogue entry as a metric-check sample. */
function entry(fields: Record<string, string>): string {
  const lines = Object.entries(fields).map(([k, v]) => `    ${k}: ${v}`);
  return `metrics:\n  - help: A metric.\n${lines.join("\n")}\n`;
}

/** A text exposition of one family with one sample line. */
function exposition(name: string, type: string, series: string): string {
  return `# HELP ${name} A metric.\n# TYPE ${name} ${type}\n${series} 1\n`;
}

interface Case {
  title: string;
  check: Check;
  sample: string;
  messages: string[];
}

// Conventions (registry v1.44.0): jvm.memory.used updowncounter By; jvm.cpu.time counter s;
// system.cpu.utilization gauge 1; http.server.active_requests updowncounter {request} with
// http.request.method and url.scheme required.
const CASES: Case[] = [
  {
    title: "an UpDownCounter exported as a gauge is its type",
    check: semconvType,
    sample: entry({ name: "jvm_memory_used_bytes", type: "gauge", unit: "By" }),
    messages: [],
  },
  {
    title: "an UpDownCounter exported as a counter is not",
    check: semconvType,
    sample: entry({ name: "jvm_memory_used_bytes_total", type: "counter", unit: "By" }),
    messages: [
      "expected type gauge for semantic-convention metric jvm.memory.used (instrument updowncounter), got counter",
    ],
  },
  {
    title: "a counter is found by its name with _seconds_total stripped",
    check: semconvType,
    sample: exposition("jvm_cpu_time_seconds_total", "counter", "jvm_cpu_time_seconds_total"),
    messages: [],
  },
  {
    title: "a gauge of unit 1 is found by its name with _ratio stripped, and its unit is right",
    check: semconvUnit,
    sample: exposition("system_cpu_utilization_ratio", "gauge", "system_cpu_utilization_ratio"),
    messages: [],
  },
  {
    title: "a utilisation in percent is the wrong unit",
    check: semconvUnit,
    sample: entry({
      name: "system_cpu_utilization_percent",
      type: "gauge",
      unit: '"%"',
      otelName: "system.cpu.utilization",
    }),
    messages: ['expected unit "1" for semantic-convention metric system.cpu.utilization, got "%"'],
  },
  {
    title: "a count with another {annotation} is the same unit",
    check: semconvUnit,
    sample: entry({
      name: "http_server_active_requests",
      type: "gauge",
      unit: '"{req}"',
      otelName: "http.server.active_requests",
    }),
    messages: [],
  },
  {
    title: "an exposition duration in milliseconds has the wrong suffix",
    check: semconvUnit,
    sample: exposition(
      "jvm_cpu_time_milliseconds_total",
      "counter",
      "jvm_cpu_time_milliseconds_total",
    ),
    messages: [
      'expected the unit suffix _seconds for semantic-convention metric jvm.cpu.time (unit "s"), got _milliseconds',
    ],
  },
  {
    title: "job, instance, otel_scope_name and promoted resource attributes are always allowed",
    check: semconvAttribute,
    sample: exposition(
      "http_server_active_requests",
      "gauge",
      'http_server_active_requests{http_request_method="GET",url_scheme="https",job="a",instance="b",otel_scope_name="c",service_name="d",k8s_pod_name="e"}',
    ),
    messages: [],
  },
  {
    title: "a catalogue entry without a required attribute and with a misspelt one",
    check: semconvAttribute,
    sample: entry({
      name: "http_server_active_requests",
      type: "gauge",
      unit: '"{request}"',
      otelName: "http.server.active_requests",
      labels: "[http_request_method, url_schema]",
    }),
    messages: [
      "expected the attributes of semantic-convention metric http.server.active_requests as labels, got url_schema: did you mean url_scheme?",
      "expected label url_scheme (attribute url.scheme, required by the convention) on http.server.active_requests, got none",
    ],
  },
  {
    title: "a metric no convention has is not checked",
    check: semconvAttribute,
    sample: entry({
      name: "orders_placed_total",
      type: "counter",
      unit: '"{order}"',
      labels: "[tenant]",
    }),
    messages: [],
  },
];

describe("semantic-convention checks (type, unit, attributes)", () => {
  test.for(CASES)("$title", async ({ check, sample, messages }) => {
    expect((await runSample(check, sample)).map((p) => p.message)).toEqual(messages);
  });
});
