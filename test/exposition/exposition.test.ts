import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { chooseFormat } from "../../src/exposition/format.ts";
import { parseExpositionStream, parseExpositionText } from "../../src/exposition/stream.ts";
import type { ExpositionError, MetricFamily } from "../../src/lint/check.ts";
import { EXPOSITION_CORPUS } from "../lint/helpers.ts";

function* chunked(text: string, size: number): Generator<Uint8Array> {
  const bytes = Buffer.from(text, "utf8");
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function* asAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield item;
}

async function streamErrors(
  text: string,
  options: { chunk: number; format?: "text" | "openmetrics"; maxLineLength?: number },
) {
  const errors: ExpositionError[] = [];
  const families: MetricFamily[] = [];
  await parseExpositionStream(asAsync(chunked(text, options.chunk)), {
    format: options.format ?? "text",
    onError: (e) => errors.push(e),
    onFamily: (f) => families.push(f),
    ...(options.maxLineLength !== undefined && { maxLineLength: options.maxLineLength }),
  });
  return { errors, families };
}

const at = (e: ExpositionError) => `${e.line}:${e.column}`;

describe("malformed Prometheus text expositions give errors with positions and never throw", () => {
  test.for([
    {
      name: "a truncated sample line (label value never closed)",
      text: '# HELP a_total A.\n# TYPE a_total counter\na_total{code="200',
      where: ["3:14", "3:18"],
    },
    { name: "a sample line cut after the labels", text: 'b{code="200"}\n', where: ["1:14"] },
    { name: "a bad escape in a label value", text: 'c{path="C:\\temp"} 1\n', where: ["1:11"] },
    { name: "a bad escape in HELP", text: "# HELP d Disk \\q usage.\nd 1\n", where: ["1:15"] },
    {
      name: "a duplicate TYPE line",
      text: "# TYPE e gauge\n# TYPE e gauge\ne 1\n",
      where: ["2:3"],
    },
    { name: "TYPE after samples", text: "f 1\n# TYPE f gauge\n", where: ["2:3"] },
    { name: "a duplicate HELP line", text: "# HELP g One.\n# HELP g Two.\ng 1\n", where: ["2:3"] },
    { name: "an unknown type", text: "# TYPE h gaugehistogram\nh 1\n", where: ["1:10"] },
    { name: "a misspelt NaN", text: "i NaNa\n", where: ["1:3"] },
    { name: "a signed NaN (Go's parser rejects it)", text: "j -NaN\n", where: ["1:3"] },
    { name: "an Infinity with trailing junk", text: "k +Infx\n", where: ["1:3"] },
    { name: "a value out of float64 range", text: "l 1e400\n", where: ["1:3"] },
    { name: "a hex value", text: "m 0x1p-3\n", where: ["1:3"] },
    { name: "a float timestamp", text: "n 1 1.5\n", where: ["1:5"] },
    { name: "trailing whitespace after the value", text: "o 1 \n", where: ["1:5"] },
    { name: "text after the timestamp", text: "p 1 2 3\n", where: ["1:6"] },
    { name: "a Windows line ending", text: "q 1\r\n", where: ["1:3"] },
    { name: "a duplicate label name", text: 'r{a="1",a="2"} 1\n', where: ["1:9"] },
    { name: "the reserved __name__ label", text: 's{__name__="t"} 1\n', where: ["1:3"] },
    { name: "a sample without a metric name", text: '{a="1"} 1\n', where: ["1:1"] },
    {
      name: "a non-numeric le on a histogram bucket",
      text: '# TYPE u histogram\nu_bucket{le="x"} 1\n',
      where: ["2:14"],
    },
    { name: "no newline at the end of the input", text: "v 1", where: ["1:4"] },
    { name: "binary garbage", text: "\u0000\u0001\u0002\n", where: ["1:1"] },
  ])("$name", async ({ text, where }) => {
    const { errors } = parseExpositionText(text, "text");
    expect(errors.map(at)).toEqual(where);
    for (const e of errors) expect(e.message).toMatch(/^expected /);
    // The same result whatever the chunking (a chunk boundary inside a line or a UTF-8 sequence).
    for (const chunk of [1, 3, 64]) {
      expect((await streamErrors(text, { chunk })).errors.map(at)).toEqual(where);
    }
  });

  test("valid NaN, +Inf and -Inf values and negative timestamps are accepted", () => {
    const text =
      '# HELP w W.\n# TYPE w gauge\nw{a="1"} NaN\nw{a="2"} +Inf\nw{a="3"} -Inf 1700000000000\nw{a="4"} inf -5\n';
    const { errors, families } = parseExpositionText(text, "text");
    expect(errors).toEqual([]);
    expect(families.map((f) => f.name)).toEqual(["w"]);
  });

  test("a huge label value is read whole, and its error points into it", async () => {
    const huge = "x".repeat(1_000_000);
    const text = `# HELP big Big.\n# TYPE big gauge\nbig{v="${huge}"} 1\nbig{v="${huge}\\q"} 1\n`;
    const { errors, families } = await streamErrors(text, { chunk: 65536 });
    expect(errors.map(at)).toEqual([`4:${8 + huge.length}`]);
    expect(errors[0]!.excerpt.length).toBeLessThanOrEqual(200);
    expect(errors[0]!.excerptStart).toBeGreaterThan(1);
    expect(families.map((f) => [f.name, f.labels])).toEqual([["big", ["v"]]]);
  });

  test("a line longer than the limit is reported and skipped, and the line count stays right", async () => {
    const text = `a 1\nb{v="${"y".repeat(5000)}"} 1\nc 1 z\n`;
    const { errors, families } = await streamErrors(text, { chunk: 512, maxLineLength: 1000 });
    expect(errors.map((e) => [at(e), e.message])).toEqual([
      ["2:1", "expected lines of at most 1000 characters, got a longer one (skipped)"],
      ["3:5", 'expected an integer timestamp in milliseconds, got "z"'],
    ]);
    expect(families.map((f) => f.name)).toEqual(["a", "c"]);
  });

  test("every malformed line is reported, not only the first", () => {
    const text = "a 1\nb x\nc 2\nd{ 1\ne 3\n";
    expect(parseExpositionText(text, "text").errors.map(at)).toEqual(["2:3", "4:4"]);
  });

  test("families without samples are dropped and _sum/_count join their summary, as in expfmt", () => {
    const text = [
      "# HELP only_help Never sampled.",
      "# HELP rpc_seconds RPC latency.",
      "# TYPE rpc_seconds summary",
      'rpc_seconds{quantile="0.5",le="1"} 0.2',
      "rpc_seconds_sum 3",
      "rpc_seconds_count 9",
      "rpc_seconds_bucket 1",
      "",
    ].join("\n");
    const { errors, families } = parseExpositionText(text, "text");
    expect(errors).toEqual([]);
    expect(families.map((f) => [f.name, f.type, f.labels])).toEqual([
      ["rpc_seconds", "summary", ["le"]],
      ["rpc_seconds_bucket", "untyped", []],
    ]);
  });
});

describe("OpenMetrics conformance suite (../shared/corpora/exposition/openmetrics)", () => {
  const dir = join(EXPOSITION_CORPUS, "openmetrics");
  const cases = readdirSync(dir)
    .sort()
    .map((name) => {
      const meta = JSON.parse(readFileSync(join(dir, name, "test.json"), "utf8")) as {
        shouldParse: boolean;
      };
      return {
        name,
        shouldParse: meta.shouldParse,
        text: readFileSync(join(dir, name, "metrics"), "utf8"),
      };
    });

  test("has both valid and invalid cases", () => {
    expect(cases.filter((c) => c.shouldParse).length).toBeGreaterThan(20);
    expect(cases.filter((c) => !c.shouldParse).length).toBeGreaterThan(100);
  });

  // No bad_* case is deliberately accepted: each is rejected by a line-level
  // check or by per-family/per-series state (grouping, histogram buckets).
  test.for(cases)("$name: shouldParse=$shouldParse", async ({ text, shouldParse, name }) => {
    const { errors } = parseExpositionText(text, "openmetrics");
    if (shouldParse) expect(errors).toEqual([]);
    else {
      expect(errors.length).toBeGreaterThan(0);
      expect(name.startsWith("bad_")).toBe(true);
      for (const e of errors) expect(e.line).toBeGreaterThan(0);
    }
    const streamed = await streamErrors(text, { chunk: 7, format: "openmetrics" });
    expect(streamed.errors).toEqual(errors);
  });

  test("OpenMetrics counters and info metrics are linted under the names Prometheus stores", () => {
    const text =
      '# TYPE a counter\n# HELP a A.\na_total 1\n# TYPE b info\nb_info{v="1"} 1\n# TYPE c_seconds gauge\n# UNIT c_seconds seconds\nc_seconds 1\n# EOF\n';
    const { families, errors } = parseExpositionText(text, "openmetrics");
    expect(errors).toEqual([]);
    expect(families.map((f) => [f.name, f.type, f.help ?? null, f.unit ?? null])).toEqual([
      ["a_total", "counter", "A.", null],
      ["b_info", "info", null, null],
      ["c_seconds", "gauge", null, "seconds"],
    ]);
  });
});

describe("format detection", () => {
  test.for([
    { head: "a 1\n", contentType: undefined, expected: "text" },
    {
      head: "# TYPE a counter\na_total 1\n# EOF\n",
      contentType: undefined,
      expected: "openmetrics",
    },
    { head: "# TYPE a info\n", contentType: undefined, expected: "openmetrics" },
    { head: "# UNIT a_seconds seconds\n", contentType: undefined, expected: "openmetrics" },
    {
      head: "a 1\n",
      contentType: "application/openmetrics-text; version=1.0.0; charset=utf-8",
      expected: "openmetrics",
    },
    { head: "# EOF\n", contentType: "text/plain; version=0.0.4", expected: "text" },
  ] as const)("$expected for $contentType / $head", ({ head, contentType, expected }) => {
    expect(chooseFormat("auto", contentType, head)).toBe(expected);
  });
});

describe("label sets that repeat the line before are not checked again, and nothing is missed", () => {
  const parse = (text: string) => {
    const { errors, families } = parseExpositionText(text, "text");
    return {
      errors: errors.map((e) => `${e.line}:${e.column} ${e.message}`),
      families: families.map((f) => [f.name, f.labels]),
    };
  };

  test("a duplicate after names reused from the line before is found, wherever it is", () => {
    expect(parse('a{x="1",y="2"} 1\na{x="1",x="2"} 1\n').errors).toEqual([
      "2:9 expected each label name once per sample, got x again",
    ]);
    expect(parse('a{x="1",y="1"} 1\na{x="1",y="1",x="3"} 1\n').errors).toEqual([
      "2:15 expected each label name once per sample, got x again",
    ]);
    expect(parse('a{x="1",y="1"} 1\na{y="1",x="1"} 1\na{y="1",x="1",y="1"} 1\n').errors).toEqual([
      "3:15 expected each label name once per sample, got y again",
    ]);
  });

  test("after a line that failed half-way, the names it did not check are checked", () => {
    expect(parse('a{x="1",x="1"} 1\na{x="1",x="1"} 1\n').errors).toEqual([
      "1:9 expected each label name once per sample, got x again",
      "2:9 expected each label name once per sample, got x again",
    ]);
    expect(parse('a{x="1",y="1} 1\na{x="1",y="1",y="2"} 1\n').errors).toEqual([
      '1:11 expected a closing " for the value of label y, got the end of the line',
      "2:15 expected each label name once per sample, got y again",
    ]);
  });

  test("the same label names in another family, or in a family that came back, are tracked for it", () => {
    const text = 'a{x="1"} 1\nb{x="1"} 1\na{x="1",z="1"} 1\nb{x="1"} 1\n';
    expect(parse(text)).toEqual({
      errors: [],
      families: [
        ["a", ["x", "z"]],
        ["b", ["x"]],
      ],
    });
  });
});
