import type { Problem } from "../../src/core/problem.ts";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { lintExposition } from "../../src/lint/metric-lint.ts";
import { EXPOSITION_CORPUS } from "./helpers.ts";

/**
 * `promtool check metrics` (promlint) and `obsforge lint-metrics --profile
 * promlint` must report the same problems per metric. promlint repeats a
 * problem once per offending series or abbreviation; obsforge reports it
 * once, so the comparison is of sets of "metric text" lines. Where promtool
 * cannot parse the input, obsforge must report a syntax error on the same
 * line.
 */
interface PromtoolResult {
  exit: number;
  problems: Set<string>;
  parseErrorLine?: number;
}

function promtool(input: string | Buffer): PromtoolResult {
  const run = spawnSync("promtool", ["check", "metrics"], { input, encoding: "utf8" });
  if (run.error !== undefined) throw run.error;
  const lines = run.stderr.split("\n").filter((l) => l !== "");
  const parse = /text format parsing error in line (\d+)/.exec(run.stderr);
  return {
    exit: run.status ?? -1,
    problems: new Set(lines.filter((l) => !l.startsWith("error while linting"))),
    ...(parse !== null && { parseErrorLine: Number(parse[1]) }),
  };
}

async function obsforge(text: string | Buffer): Promise<Problem[]> {
  const result = await lintExposition([text], { file: "-", profile: "promlint", format: "text" });
  return result.findings;
}

function compare(theirs: PromtoolResult, ours: Problem[]): void {
  const syntax = ours.filter((f) => f.code === "exposition/syntax");
  if (theirs.exit === 1) {
    expect(theirs.parseErrorLine).toBeDefined();
    expect(syntax.length).toBeGreaterThan(0);
    expect(Math.min(...syntax.map((f) => f.span?.line ?? 0))).toBe(theirs.parseErrorLine);
    return;
  }
  expect(syntax).toEqual([]);
  const mine = new Set(ours.map((f) => `${f.subject} ${f.message}`));
  expect([...mine].sort()).toEqual([...theirs.problems].sort());
  expect(theirs.exit).toBe(mine.size === 0 ? 0 : 3);
}

/** Every Prometheus text-format file of the corpus (not the OpenMetrics ones). */
function textFormatFiles(): string[] {
  return readdirSync(EXPOSITION_CORPUS, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(EXPOSITION_CORPUS, join(e.parentPath, e.name)).split(sep).join("/"))
    .filter(
      (p) =>
        !p.startsWith("openmetrics/") && !p.startsWith("promlint-reference/") && !p.endsWith(".md"),
    )
    .filter((p) => !p.includes(".om."))
    .sort();
}

describe("promlint parity on ../shared/corpora/exposition", () => {
  const files = textFormatFiles();

  test("covers the node_exporter and Prometheus samples", () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  test.for(files)("%s: the same problems as promtool check metrics", async (file) => {
    const bytes = readFileSync(join(EXPOSITION_CORPUS, file));
    const theirs = promtool(bytes);
    compare(theirs, await obsforge(bytes));
    // The corpus also stores promtool 2.42's answer; it must agree with the live one.
    const reference = join(EXPOSITION_CORPUS, "promlint-reference", `${file}.promlint.txt`);
    if (existsSync(reference)) {
      const stored = readFileSync(reference, "utf8")
        .split("\n")
        .filter((l) => l !== "" && !l.startsWith("#"));
      expect(new Set(stored)).toEqual(theirs.problems);
    }
  });

  test.for(["prometheus/1histogram.om.txt", "prometheus/alltypes.5mfs.om.txt"])(
    "%s (OpenMetrics) read as text fails on the line where promtool fails",
    async (file) => {
      const bytes = readFileSync(join(EXPOSITION_CORPUS, file));
      compare(promtool(bytes), await obsforge(bytes));
    },
  );
});

// ---------------------------------------------------------------------------
// Generated expositions

const WORDS = [
  "http",
  "requests",
  "queue",
  "node",
  "memory",
  "rpc",
  "latency",
  "disk",
  "errors",
  "cache",
];
/** At most one unit token per name: with two, promlint's pick depends on Go's map order. */
const UNITS = [
  "seconds",
  "milliseconds",
  "bytes",
  "kilobytes",
  "bits",
  "hours",
  "meters",
  "celsius",
  "fahrenheit",
  "volts",
  "pounds",
  "kibibytes",
];
const ODD = [
  "s",
  "ms",
  "kb",
  "m",
  "h",
  "sec",
  "counter",
  "gauge",
  "histogram",
  "summary",
  "MemFree",
  "httpRequests",
];
const SUFFIXES = ["", "", "", "_total", "_count", "_sum", "_bucket"];
const TYPES = ["counter", "gauge", "histogram", "summary", "untyped", null] as const;
const LABELS = ["method", "code", "le", "quantile", "statusCode", "path", "instance"];

const familyArb = fc.record({
  words: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }),
  unit: fc.option(fc.constantFrom(...UNITS), { nil: undefined }),
  odd: fc.option(fc.constantFrom(...ODD), { nil: undefined }),
  colon: fc.boolean(),
  suffix: fc.constantFrom(...SUFFIXES),
  type: fc.constantFrom(...TYPES),
  help: fc.boolean(),
  labels: fc.uniqueArray(fc.constantFrom(...LABELS), { maxLength: 3 }),
});

type GenFamily = typeof familyArb extends fc.Arbitrary<infer T> ? T : never;

function familyText(f: GenFamily, index: number): string {
  const tokens = [...f.words, `f${index}`];
  if (f.odd !== undefined) tokens.splice(1, 0, f.odd);
  if (f.unit !== undefined) tokens.push(f.unit);
  const name = `${f.colon ? "job:" : ""}${tokens.join("_")}${f.suffix}`;
  const lines: string[] = [];
  if (f.help) lines.push(`# HELP ${name} Generated family ${index}.`);
  if (f.type !== null) lines.push(`# TYPE ${name} ${f.type}`);
  const labels = (extra: string) => {
    const pairs = f.labels
      .filter(
        (l) =>
          !(f.type === "histogram" && l === "le") && !(f.type === "summary" && l === "quantile"),
      )
      .map((l, i) => `${l}="v${i}"`);
    if (extra !== "") pairs.push(extra);
    return pairs.length === 0 ? "" : `{${pairs.join(",")}}`;
  };
  if (f.type === "histogram") {
    lines.push(
      `${name}_bucket${labels('le="0.5"')} 1`,
      `${name}_bucket${labels('le="+Inf"')} 2`,
      `${name}_sum${labels("")} 0.7`,
      `${name}_count${labels("")} 2`,
    );
  } else if (f.type === "summary") {
    lines.push(
      `${name}${labels('quantile="0.9"')} 0.4`,
      `${name}_sum${labels("")} 1.5`,
      `${name}_count${labels("")} 4`,
    );
  } else {
    lines.push(`${name}${labels("")} ${index}`);
  }
  return `${lines.join("\n")}\n`;
}

describe("promlint parity on generated expositions", () => {
  const documents = fc
    .sample(fc.array(familyArb, { minLength: 20, maxLength: 40 }), { seed: 20260601, numRuns: 12 })
    .map((families) => families.map(familyText).join(""));

  test.for(documents.map((d, i) => [i, d] as const))(
    "document %i: the same problems as promtool",
    async ([, text]) => {
      compare(promtool(text), await obsforge(text));
    },
  );

  test("the generated documents exercise every promlint rule", async () => {
    const rules = new Set<string>();
    for (const d of documents) for (const f of await obsforge(d)) rules.add(f.code);
    expect([...rules].sort()).toEqual([
      "label/camel-case",
      "metric/base-unit",
      "metric/camel-case",
      "metric/counter-total",
      "metric/no-colon",
      "metric/no-help",
      "metric/reserved-label",
      "metric/reserved-suffix",
      "metric/type-in-name",
      "metric/unit-abbreviation",
    ]);
  });
});

// ---------------------------------------------------------------------------
// Families whose lines come back after other families (expfmt merges them)

/**
 * The same generated families, but each family's lines in two parts: all
 * first parts (TYPE and the first sample), then all second parts (the other
 * samples, a label only they have, and HELP last). obsforge lints a family
 * as soon as another one's line comes, so every family here continues
 * later: its findings must still be those promtool gives for the merged family.
 */
function interleaved(families: GenFamily[]): string {
  const first: string[] = [];
  const second: string[] = [];
  families.forEach((f, index) => {
    const lines = familyText(f, index).trimEnd().split("\n");
    const help = lines.filter((l) => l.startsWith("# HELP "));
    const type = lines.filter((l) => l.startsWith("# TYPE "));
    const samples = lines.filter((l) => !l.startsWith("#"));
    first.push(...type, samples[0]!);
    const extra = index % 2 === 0 ? "extraCode" : "zone";
    const more = samples
      .slice(1)
      .map((l) =>
        l.includes("{") ? l.replace("{", `{${extra}="1",`) : l.replace(" ", `{${extra}="1"} `),
      );
    second.push(...more, ...help);
  });
  return `${[...first, ...second].join("\n")}\n`;
}

describe("promlint parity when families come back after others", () => {
  const documents = fc
    .sample(fc.array(familyArb, { minLength: 20, maxLength: 40 }), { seed: 20261202, numRuns: 8 })
    .map(interleaved);

  test.for(documents.map((d, i) => [i, d] as const))(
    "document %i: the same problems as promtool on the merged families",
    async ([, text]) => {
      const theirs = promtool(text);
      // A real test of merging: promtool parses it, and every family continues.
      expect(theirs.exit).not.toBe(1);
      compare(theirs, await obsforge(text));
    },
  );

  test("a HELP line after the family came back takes back its no-help finding; a new label adds one", async () => {
    const text = 'a_total{x="1"} 1\nb 1\na_total{fooBar="1"} 2\n# HELP b B.\n';
    const findings = (await obsforge(text)).map((f) => [f.span?.line, f.code, f.subject]);
    expect(findings).toEqual([
      [1, "label/camel-case", "a_total"],
      [1, "metric/no-help", "a_total"],
    ]);
    expect(promtool(text).problems).toEqual(
      new Set([
        "a_total label names should be written in 'snake_case' not 'camelCase'",
        "a_total no help text",
      ]),
    );
  });
});
