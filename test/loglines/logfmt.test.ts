import { describe, expect, test } from "vitest";
import { readLine } from "../../src/loglines/line.ts";
import { scanLogfmt } from "../../src/loglines/logfmt.ts";

/** Cases of go-logfmt's decoder (decode_test.go), the grammar Loki's `| logfmt` forks. */
describe("scanLogfmt follows go-logfmt", () => {
  test.for([
    [
      "a=1 b=2",
      2,
      [
        ["a", "1"],
        ["b", "2"],
      ],
    ],
    [
      "  a=1   b=2  ",
      2,
      [
        ["a", "1"],
        ["b", "2"],
      ],
    ],
    ["a", 0, [["a", ""]]],
    ["a=", 1, [["a", ""]]],
    [
      "a= b=2",
      2,
      [
        ["a", ""],
        ["b", "2"],
      ],
    ],
    ['a=""', 1, [["a", ""]]],
    [
      'a="1 2" b',
      1,
      [
        ["a", "1 2"],
        ["b", ""],
      ],
    ],
    ['a="say \\"hi\\"\\n\\t\\u00e9"', 1, [["a", 'say "hi"\n\té']]],
    [
      "a=ü b=☕",
      2,
      [
        ["a", "ü"],
        ["b", "☕"],
      ],
    ],
    [
      "http.route=/orders/{id} trace_id=4bf9",
      2,
      [
        ["http.route", "/orders/{id}"],
        ["trace_id", "4bf9"],
      ],
    ],
  ] as const)("%j has %i pair(s) with a value", ([line, withValue, pairs]) => {
    expect(scanLogfmt(line)).toEqual({ ok: true, pairs, withValue });
  });

  test.for([
    ["=1", 1, 'expected key=value pairs separated by spaces, got "="'],
    ["a=1 =2", 5, 'expected key=value pairs separated by spaces, got "="'],
    ["a=1=2", 4, 'expected key=value pairs separated by spaces, got "="'],
    ['a"b=1', 2, 'expected key=value pairs separated by spaces, got "\\""'],
    ['a="1"b', 6, 'expected key=value pairs separated by spaces, got "b"'],
    ['a="open', 3, "expected a closing quote, got the end of the line"],
    [
      'a="bad \\q"',
      3,
      'expected a quoted value with JSON escapes (\\", \\\\, \\n, \\t, \\uXXXX), got an invalid escape',
    ],
  ] as const)("%j is malformed at column %i", ([line, column, message]) => {
    expect(scanLogfmt(line)).toEqual({ ok: false, column, message });
  });
});

describe("readLine tells the formats apart", () => {
  test.for([
    ['{"a":1}', "json"],
    ['  {"a":{"b":{"c":"d"}}}', "json"],
    ["a=1 msg=hi", "logfmt"],
    ["just some words", "plain"],
    ['{"a":', "plain"],
    ["[1,2]", "plain"],
    ['"a string"', "plain"],
    ["a=1\u0000", "plain"],
    ["a=\uFFFD", "plain"],
  ] as const)("%j is %s", ([text, format]) => {
    expect(readLine(text, 1).format).toBe(format);
  });

  test("nested JSON objects are flattened with dots; arrays are not descended", () => {
    const line = readLine('{"trace":{"id":"x","flags":1},"tags":["a"],"n":null}', 1);
    expect([...line.fields]).toEqual([
      ["trace.id", "x"],
      ["trace.flags", 1],
      ["tags", "[array]"],
      ["n", null],
    ]);
  });

  test("a broken JSON line says where it broke", () => {
    expect(readLine('{"a":1,}', 3).error).toEqual({
      tried: "json",
      column: 8,
      message: "expected a JSON object, got invalid JSON",
    });
  });

  test("objects nested deeper than the limit are not read", () => {
    const deep = `${'{"a":'.repeat(20)}1${"}".repeat(20)}`;
    expect(readLine(deep, 1).fields.size).toBe(0);
  });

  test("a repeated logfmt key keeps its first value", () => {
    expect(readLine("a=1 a=2", 1).fields.get("a")).toBe("1");
  });

  test("a logcli --output=jsonl line is read as the log line it wraps", () => {
    const wrapped = JSON.stringify({
      labels: { service_name: "payment-worker" },
      line: "level=info msg=settled trace_id=4bf92f3577b34da6a3ce929d0e0e4736",
      timestamp: "2026-12-03T05:00:01.1Z",
    });
    const line = readLine(wrapped, 4);
    expect(line.format).toBe("logfmt");
    expect(line.text).toBe("level=info msg=settled trace_id=4bf92f3577b34da6a3ce929d0e0e4736");
    expect(line.fields.get("trace_id")).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    // The same keys and more is an app's own JSON, not logcli's envelope.
    const own = readLine('{"labels":{},"line":"x","timestamp":"t","level":"info"}', 1);
    expect(own.fields.get("line")).toBe("x");
  });
});
