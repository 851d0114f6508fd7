import { formatProblem } from "../../src/report/line.ts";
import { describe, expect, test } from "vitest";
import { alert, defineService, metric, record } from "../../src/authoring.ts";
import { durationSeconds, formatDuration } from "../../src/core/duration.ts";
import { buildEstate } from "../../src/estate/build.ts";
import type { RawDefinition } from "../../src/model/estate.ts";
import { serviceJsonSchema } from "../../src/model/json-schema.ts";

function service(overrides: Record<string, unknown> = {}) {
  return defineService({
    name: "api",
    team: "web",
    groups: [
      {
        name: "api",
        interval: "30s",
        rules: [
          record({
            name: "job:http_requests:rate5m",
            expr: "sum by (job) (rate(http_requests_total[5m]))",
          }),
          alert({ name: "ApiDown", expr: "up == 0", for: "2m", severity: "page" }),
        ],
      },
    ],
    ...overrides,
  });
}

/** Validate one definition and return its error lines (empty when valid). */
function errorsFor(exported: unknown, file = "definitions/api.ts"): string[] {
  const defs: RawDefinition[] = [{ file, source: "api.ts", exported }];
  const result = buildEstate(defs);
  return result.ok ? [] : result.diagnostics.map(formatProblem);
}

describe("valid definitions", () => {
  test("a service with a group, a record and an alert validates, with defaults filled", () => {
    const result = buildEstate([{ file: "d/api.ts", source: "api.ts", exported: service() }]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const api = result.value.services[0]!.value;
    expect(api.labels).toEqual({});
    expect(api.metrics).toEqual([]);
    expect(api.groups[0]!.rules[1]).toMatchObject({ kind: "alert", labels: {}, annotations: {} });
  });

  test("the same alert name with different labels (page and ticket variants) is allowed", () => {
    const rules = [
      alert({ name: "DiskFull", expr: "disk_free_ratio < 0.05", severity: "page" }),
      alert({ name: "DiskFull", expr: "disk_free_ratio < 0.10", severity: "ticket" }),
    ];
    expect(errorsFor(service({ groups: [{ name: "disk", rules }] }))).toEqual([]);
  });

  test("a histogram catalogue entry with ascending buckets validates", () => {
    const m = metric({
      name: "http_server_request_duration_seconds",
      type: "histogram",
      unit: "s",
      help: "Duration of HTTP server requests.",
      buckets: [0.1, 0.5, 1],
    });
    expect(errorsFor(service({ metrics: [m] }))).toEqual([]);
  });
});

describe("invalid definitions give one-line errors with file and field path", () => {
  const rule = (r: Record<string, unknown>) => service({ groups: [{ name: "g", rules: [r] }] });

  test.for([
    {
      name: "a malformed duration",
      input: rule({
        kind: "alert",
        name: "A",
        expr: "up == 0",
        severity: "page",
        for: "5 minutes",
      }),
      error:
        'definitions/api.ts: groups[0].rules[0].for: expected a duration such as "30s", "5m" or "1h30m", got "5 minutes"',
    },
    {
      name: "an unknown severity",
      input: rule({ kind: "alert", name: "A", expr: "up == 0", severity: "critical" }),
      error:
        'definitions/api.ts: groups[0].rules[0].severity: expected "page" | "ticket" | "info", got "critical"',
    },
    {
      name: "a PromQL syntax error, with its column",
      input: rule({ kind: "record", name: "job:x:sum", expr: "sum(rate(x[5m]) by" }),
      error:
        'definitions/api.ts: groups[0].rules[0].expr: expected valid PromQL, got unexpected "by" at column 17',
    },
    {
      name: "a PromQL type error, with its column",
      input: rule({ kind: "record", name: "job:x:rate5m", expr: "sum by (job) (rate(x))" }),
      error:
        'definitions/api.ts: groups[0].rules[0].expr: expected valid PromQL, got type error: expected type matrix in call to function "rate", got vector at column 20',
    },
    {
      name: "a range on a function result in an alert",
      input: rule({ kind: "alert", name: "A", expr: "sum(rate(x[5m])[1h]) > 1", severity: "page" }),
      error:
        "definitions/api.ts: groups[0].rules[0].expr: expected valid PromQL, got type error: ranges only allowed for vector selectors at column 16",
    },
    {
      name: "a recording-rule name that is not level:metric:operations",
      input: rule({ kind: "record", name: "http_requests_rate", expr: "up" }),
      error:
        'definitions/api.ts: groups[0].rules[0].name: expected a recording rule name of the form level:metric:operations, e.g. job:http_requests:rate5m, got "http_requests_rate"',
    },
    {
      name: "a misspelt field",
      input: rule({ kind: "alert", name: "A", expr: "up == 0", severity: "page", fro: "5m" }),
      error:
        "definitions/api.ts: groups[0].rules[0].fro: expected no such field (unknown field; check the spelling)",
    },
    {
      name: "a missing required field",
      input: rule({ kind: "alert", name: "A", expr: "up == 0" }),
      error:
        'definitions/api.ts: groups[0].rules[0].severity: expected "page" | "ticket" | "info", got nothing',
    },
    {
      name: "an empty group",
      input: service({ groups: [{ name: "empty", rules: [] }] }),
      error:
        "definitions/api.ts: groups[0].rules: expected at least one rule (an empty group is a mistake), got an array of 0",
    },
    {
      name: "a path-escaping service name",
      input: service({ name: "../x" }),
      error:
        'definitions/api.ts: name: expected a service name of lowercase letters, digits, - and _ (it names output files), got "../x"',
    },
    {
      name: "a label obsforge owns",
      input: rule({
        kind: "alert",
        name: "A",
        expr: "up == 0",
        severity: "page",
        labels: { severity: "critical" },
      }),
      error:
        'definitions/api.ts: groups[0].rules[0].labels.severity: expected no "severity" label (obsforge sets it on every alert from the severity field), got "critical"',
    },
    {
      name: "a reserved label name",
      input: rule({ kind: "record", name: "a:b:c", expr: "up", labels: { __name__: "x" } }),
      error:
        'definitions/api.ts: groups[0].rules[0].labels.__name__: expected a label name not starting with __ (reserved for Prometheus), got "__name__"',
    },
    {
      name: "a rule without a kind",
      input: rule({ name: "A", expr: "up" }),
      error:
        "definitions/api.ts: groups[0].rules[0].kind: expected a known kind (use the alert()/record() helpers), got nothing",
    },
    {
      name: "buckets on a counter",
      input: service({
        metrics: [{ name: "x_total", type: "counter", unit: "1", help: "h", buckets: [1] }],
      }),
      error:
        'definitions/api.ts: metrics[0].buckets: expected buckets only on histograms, got type "counter"',
    },
    {
      name: "something that is not a service",
      input: 42,
      error: "definitions/api.ts: expected object, got 42",
    },
  ])("$name", ({ input, error }) => {
    expect(errorsFor(input)).toEqual([error]);
  });

  test("duplicate rules in a group are reported at the second one", () => {
    const rules = [
      alert({ name: "ApiDown", expr: "up == 0", severity: "page" }),
      alert({ name: "ApiDown", expr: "up < 1", severity: "page" }),
    ];
    expect(errorsFor(service({ groups: [{ name: "g", rules }] }))).toEqual([
      'definitions/api.ts: groups[0].rules[1].name: expected a rule name unique in the group, got "ApiDown" again (same labels as rules[0])',
    ]);
  });

  test("duplicate group names in a service are errors", () => {
    const g = { name: "same", rules: [record({ name: "a:b:c", expr: "up" })] };
    expect(errorsFor(service({ groups: [g, g] }))).toEqual([
      'definitions/api.ts: groups[1].name: expected a unique group name, got "same" again (also at groups[0])',
    ]);
  });

  test("every mistake in a file is reported, not just the first", () => {
    const bad = rule({ kind: "alert", name: "bad name", expr: "up ==", severity: "sev", for: "x" });
    expect(errorsFor(bad)).toHaveLength(4);
  });

  test("two files defining the same service name are an error naming both", () => {
    const result = buildEstate([
      { file: "definitions/a.ts", source: "a.ts", exported: service() },
      { file: "definitions/b.ts", source: "b.ts", exported: service() },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map(formatProblem)).toEqual([
      'definitions/b.ts: name: expected a service name unique in the estate, got "api" (also defined in definitions/a.ts)',
    ]);
  });
});

describe("durations", () => {
  test.for([
    ["30s", 30],
    ["5m", 300],
    ["1h30m", 5400],
    ["28d", 2419200],
    ["30d", 2592000],
    ["90d", 7776000],
    ["1w", 604800],
    ["250ms", 0.25],
  ] as const)("%s is %d seconds and prints back the same", ([text, seconds]) => {
    expect(durationSeconds(text)).toBe(seconds);
    expect(formatDuration(seconds)).toBe(text === "28d" ? "4w" : text);
  });

  test("parsed durations are remembered by their text, bounded, and never confused", () => {
    // More distinct durations than the memo holds, twice: every answer is that text's own.
    for (let round = 0; round < 2; round++)
      for (let n = 1; n <= 3000; n++) {
        expect(durationSeconds(`${n}m`)).toBe(n * 60);
        expect(durationSeconds(`${n}h${n}s`)).toBe(n * 3601);
      }
  });
});

describe("JSON Schema for editors", () => {
  test("is generated from the zod schemas and describes the input shape", () => {
    const schema = serviceJsonSchema() as {
      title: string;
      required: string[];
      properties: Record<string, { description?: string }>;
      additionalProperties: boolean;
    };
    expect(schema.title).toBe("obsforge service definition");
    expect(schema.required).toEqual(["kind", "name", "team"]);
    expect(Object.keys(schema.properties)).toEqual([
      "kind",
      "name",
      "team",
      "description",
      "labels",
      "metrics",
      "groups",
      "plainGroups",
      "slos",
      "logs",
      "logVolume",
      "logGroups",
      "plainLogGroups",
      "explore",
      "dashboards",
      "kubernetes",
      "sloth",
    ]);
    expect(schema.additionalProperties).toBe(false);
    expect(JSON.stringify(schema)).toContain("level:metric:operations");
  });
});
