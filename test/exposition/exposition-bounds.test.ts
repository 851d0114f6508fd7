import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { FORMAT_SNIFF_LENGTH } from "../../src/exposition/format.ts";
import type { ExpositionLimits } from "../../src/exposition/limits.ts";
import { parseExpositionStream, parseExpositionText } from "../../src/exposition/stream.ts";
import { lintExposition } from "../../src/lint/metric-lint.ts";
import type { ExpositionError, MetricFamily } from "../../src/lint/check.ts";
import { EXPOSITION_CORPUS } from "../lint/helpers.ts";

/** mulberry32: a small seeded PRNG, so "random" chunkings are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function* chunks(bytes: Buffer, sizes: () => number): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; ) {
    const n = Math.max(1, sizes());
    yield bytes.subarray(i, i + n);
    i += n;
  }
}

async function* asAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield item;
}

const CHUNKINGS = {
  whole: (bytes: Buffer) => [bytes],
  "1-byte": (bytes: Buffer) => chunks(bytes, () => 1),
  random: (bytes: Buffer) => {
    const next = random(bytes.length);
    return chunks(bytes, () => Math.floor(next() * 700));
  },
} as const;

function lintAs(bytes: Buffer, chunking: keyof typeof CHUNKINGS, profile = "strict" as const) {
  return lintExposition(asAsync(CHUNKINGS[chunking](bytes)), { file: "-", profile });
}

function corpusFiles(): string[] {
  const out: string[] = [];
  for (const dir of ["prometheus", "node_exporter"])
    for (const name of readdirSync(join(EXPOSITION_CORPUS, dir)))
      if (statSync(join(EXPOSITION_CORPUS, dir, name)).isFile()) out.push(join(dir, name));
  const om = join(EXPOSITION_CORPUS, "openmetrics");
  for (const name of readdirSync(om).sort()) out.push(join("openmetrics", name, "metrics"));
  return out.sort();
}

describe("the exposition format is decided the same way whatever the chunking", () => {
  const files = corpusFiles();

  test("the corpus has both formats in it", () => {
    expect(files.filter((f) => f.startsWith("openmetrics/")).length).toBeGreaterThan(100);
    expect(files).toContain("node_exporter/e2e-output.txt");
  });

  test.for(files)("%s: 1-byte, random and whole chunks give identical results", async (file) => {
    const bytes = readFileSync(join(EXPOSITION_CORPUS, file));
    const whole = await lintAs(bytes, "whole");
    expect(await lintAs(bytes, "1-byte")).toEqual(whole);
    expect(await lintAs(bytes, "random")).toEqual(whole);
  });

  test("an OpenMetrics exposition fed one byte at a time is read as OpenMetrics", async () => {
    const bytes = Buffer.from(
      "# TYPE jobs_started counter\n# HELP jobs_started Jobs.\njobs_started_total 3\n# EOF\n",
    );
    for (const chunking of ["1-byte", "random", "whole"] as const)
      expect((await lintAs(bytes, chunking)).format).toBe("openmetrics");
  });

  test("only the first 64 KiB are looked at: an OpenMetrics hint after them is not seen, in any chunking", async () => {
    const filler = "a_metric 1\n".repeat(Math.ceil(FORMAT_SNIFF_LENGTH / 11) + 1);
    const bytes = Buffer.from(`${filler}# TYPE b info\nb_info 1\n# EOF\n`);
    for (const chunking of ["1-byte", "random", "whole"] as const)
      expect((await lintAs(bytes, chunking)).format).toBe("text");
  });

  test("a line cut at 64 KiB is not looked at: `# EOFX` there is no `# EOF`, in 64 KiB chunks or whole", async () => {
    // The first 64 KiB end in "# EOF", the start of the line "# EOFX": a
    // look at a bare first chunk of a file read (64 KiB) would take it for `# EOF`.
    const filler = `${"a 1\n".repeat(16380)}b 12345678\n`;
    const bytes = Buffer.from(`${filler}# EOFX\n`);
    expect(bytes.subarray(0, FORMAT_SNIFF_LENGTH).toString().endsWith("\n# EOF")).toBe(true);
    const fileChunks = () => chunks(bytes, () => 65536);
    const inChunks = await lintExposition(asAsync(fileChunks()), { file: "-", profile: "strict" });
    expect(inChunks.format).toBe("text");
    expect(inChunks).toEqual(await lintAs(bytes, "whole"));
  });
});

describe("findings are capped per rule, with a count of the rest", () => {
  test("syntax errors and naming findings: the first N of each rule by line, then one finding per capped rule", async () => {
    const lines: string[] = [];
    for (let i = 0; i < 7; i++) lines.push(`bad_${i}{x="1" 1`);
    for (let i = 0; i < 5; i++) lines.push(`# TYPE c_${i} counter`, `c_${i} ${i}`);
    const result = await lintExposition([`${lines.join("\n")}\n`], {
      file: "m.prom",
      profile: "promlint",
      maxFindingsPerCheck: 2,
    });
    expect(result.findings.map((f) => [f.code, f.span?.line ?? null, f.message])).toEqual([
      ["exposition/syntax", 1, 'expected , or } after the value of label x, got "1"'],
      ["exposition/syntax", 2, 'expected , or } after the value of label x, got "1"'],
      ["metric/counter-total", 8, 'counter metrics should have "_total" suffix'],
      ["metric/no-help", 8, "no help text"],
      ["metric/counter-total", 10, 'counter metrics should have "_total" suffix'],
      ["metric/no-help", 10, "no help text"],
      [
        "exposition/syntax",
        null,
        "… and 5 more not shown (at most 2 per rule; see --max-findings)",
      ],
      [
        "metric/counter-total",
        null,
        "… and 3 more not shown (at most 2 per rule; see --max-findings)",
      ],
      ["metric/no-help", null, "… and 3 more not shown (at most 2 per rule; see --max-findings)"],
    ]);
    expect(result.families).toBe(5);
  });
});

async function families(
  text: string,
  format: "text" | "openmetrics",
  limits: Partial<ExpositionLimits>,
): Promise<{ families: MetricFamily[]; errors: ExpositionError[] }> {
  const out: MetricFamily[] = [];
  const errors: ExpositionError[] = [];
  await parseExpositionStream([text], {
    format,
    limits,
    onError: (e) => errors.push(e),
    onFamily: (f) => out.push(f),
  });
  return { families: out, errors };
}

describe("the parser's state is bounded", () => {
  test("text: beyond maxTrackedFamilies the oldest family is forgotten, with one warning; contiguous families give the same families", async () => {
    const text =
      '# HELP a A.\na{x="1"} 1\na{y="1"} 1\nb 1\n# TYPE c summary\nc_sum 1\nc_count 2\nd 1\ne{z="1"} 1\n';
    const unbounded = await families(text, "text", {});
    const bounded = await families(text, "text", { maxTrackedFamilies: 2 });
    expect(bounded.families).toEqual(unbounded.families);
    expect(unbounded.errors).toEqual([]);
    // `c` is the third family: opening it forgets `a`.
    expect(bounded.errors.map((e) => [e.line, e.kind, e.message])).toEqual([
      [
        5,
        "limit",
        "more than 2 metric families (or 4194304 characters of them) to remember: from here on, a family that comes back after others is linted as a new family",
      ],
    ]);
    expect(bounded.families.map((f) => [f.name, f.line, f.labels])).toEqual([
      ["a", 1, ["x", "y"]],
      ["b", 4, []],
      ["c", 5, []],
      ["d", 8, []],
      ["e", 9, ["z"]],
    ]);
  });

  test("text: a family that comes back is handed on again as a continuation with its new labels; beyond maxTrackedFamilies as a new family", async () => {
    const text = 'a{x="1"} 1\nb 1\nc 1\na{y="1"} 1\n';
    const streamed = await families(text, "text", {});
    expect(streamed.families.map((f) => [f.name, f.line, f.labels, f.continued ?? false])).toEqual([
      ["a", 1, ["x"], false],
      ["b", 2, [], false],
      ["c", 3, [], false],
      ["a", 1, ["y"], true],
    ]);
    // Parsed whole, the continuation is merged back, as expfmt merges it.
    expect(parseExpositionText(text, "text").families.map((f) => [f.name, f.labels])).toEqual([
      ["a", ["x", "y"]],
      ["b", []],
      ["c", []],
    ]);
    expect(
      (await families(text, "text", { maxTrackedFamilies: 2 })).families.map((f) => [
        f.name,
        f.line,
        f.labels,
        f.continued ?? false,
      ]),
    ).toEqual([
      ["a", 1, ["x"], false],
      ["b", 2, [], false],
      ["c", 3, [], false],
      ["a", 4, ["y"], false],
    ]);
  });

  test("text: maxRetainedChars closes families early too", async () => {
    const text = `a{${"l".repeat(300)}="1"} 1\nb 1\nc 1\n`;
    const seen: string[] = [];
    await parseExpositionStream([text], {
      format: "text",
      limits: { maxRetainedChars: 200 },
      onError: () => {},
      onFamily: (f) => seen.push(`${f.name}@${f.line}`),
    });
    expect(seen).toEqual(["a@1", "b@2", "c@3"]);
  });

  test("OpenMetrics: family names beyond maxTrackedNames are forgotten, oldest first", async () => {
    const text = "a 1\nb 1\nc 1\nb 2\na 2\n# EOF\n";
    const messages = async (limits: Partial<ExpositionLimits>) =>
      (await families(text, "openmetrics", limits)).errors.map((e) => `${e.line}: ${e.message}`);
    expect(await messages({})).toEqual([
      "4: expected the lines of metric family b together, got more of it after another family",
      "5: expected the lines of metric family a together, got more of it after another family",
    ]);
    // With room for two names, `a` is forgotten when `c` starts; `b` (younger) is still known.
    expect(await messages({ maxTrackedNames: 2 })).toEqual([
      "3: more than 2 metric family names (or 4194304 characters of them) to remember: from here on, a family that comes back after others, or clashes with one, may not be reported",
      "4: expected the lines of metric family b together, got more of it after another family",
    ]);
  });

  test.for([
    ["text", "# HELP h "],
    ["openmetrics", "# TYPE h gauge\n# HELP h "],
  ] as const)("%s: HELP is kept up to maxHelpLength characters", async ([format, prefix]) => {
    const text = `${prefix}${"word ".repeat(1000)}\nh 1\n${format === "openmetrics" ? "# EOF\n" : ""}`;
    const parsed = await families(text, format, {});
    expect(parsed.errors).toEqual([]);
    expect(parsed.families[0]!.help).toBe("word ".repeat(1000).slice(0, 1024));
  });

  test.for(["text", "openmetrics"] as const)(
    "%s: label names tracked per family stop at maxLabelsPerFamily",
    async (format) => {
      const lines = Array.from({ length: 1500 }, (_, i) => `m{l${i}="v"} ${i}`);
      const text = `${format === "openmetrics" ? "# TYPE m gauge\n" : ""}${lines.join("\n")}\n${format === "openmetrics" ? "# EOF\n" : ""}`;
      const parsed = await families(text, format, {});
      expect(parsed.errors).toEqual([]);
      const labels = parsed.families[0]!.labels;
      expect(labels.length).toBe(1000);
      expect(new Set(labels)).toEqual(new Set(Array.from({ length: 1000 }, (_, i) => `l${i}`)));
    },
  );
});

describe("the duplicate-label check is linear (a Set per line, not a scan of the names so far)", () => {
  // 100,000 labels on one line (just under 1 MiB). The former scan compared
  // each name with every earlier one: 5e9 comparisons per line.
  const labels = Array.from({ length: 100_000 }, (_, i) => `l${i}="v"`);
  test.for(["text", "openmetrics"] as const)(
    "%s: a duplicate at the end of 100,000 labels is found, and none is reported without one",
    (format) => {
      const wrap = (line: string) =>
        format === "openmetrics" ? `# TYPE m gauge\n${line}\n# EOF\n` : `${line}\n`;
      const dup = parseExpositionText(wrap(`m{${labels.join(",")},l99999="w"} 1`), format);
      expect(dup.errors.map((e) => e.message)).toEqual([
        format === "text"
          ? "expected each label name once per sample, got l99999 again"
          : "expected each label name once in the label set, got l99999 again",
      ]);
      const clean = parseExpositionText(wrap(`m{${labels.join(",")}} 1`), format);
      expect(clean.errors).toEqual([]);
      expect(clean.families[0]!.labels.length).toBe(1000);
    },
  );
});
