import { existsSync, readdirSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { describe, expect, test } from "vitest";
import type { Check } from "../../../src/lint/check.ts";
import { CHECKS } from "../../../src/lint/checks/index.ts";
import { formatText } from "../../../src/report/text.ts";
import { type SampleKind, sampleFindings, sampleKind } from "../../../src/lint/samples.ts";
import { PROJECT_ROOT } from "../helpers.ts";

/**
 * Per-check snapshots (pint's .snap files, ruff's fixture tables): every
 * good and bad sample of a check runs through the engine, and the text
 * reporter's output for that check's findings, carets included, is compared
 * with test/lint/checks/__snapshots__/<area>/<name>.snap. A changed message
 * or span fails here. UPDATE_GOLDEN=1 writes the files (missing ones
 * too); without it nothing is written, so CI never records a snapshot
 * nobody read. Read every changed .snap before committing it.
 */
const SNAPSHOTS = join(PROJECT_ROOT, "test/lint/checks/__snapshots__");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

const EXTENSION: Record<SampleKind, string> = {
  foreign: "yaml",
  exposition: "prom",
  catalogue: "yaml",
  rules: "yaml",
  query: "promql",
  dashboard: "json",
  logql: "logql",
  "logql-yaml": "yaml",
  routing: "yaml",
  logs: "log",
};

/** The file a sample is read as: `bad[0].promql`, `good[1].json`; findings and the snapshot name it. */
function sampleFile(check: Check, which: "good" | "bad", i: number): string {
  const sample = check[which][i]!;
  return `${which}[${i}].${EXTENSION[sampleKind(check, sample)]}`;
}

async function render(check: Check): Promise<string> {
  const blocks = [
    `# ${check.id}: its samples run through the engine, printed by the text reporter.\n` +
      "# Written by UPDATE_GOLDEN=1 (test/lint/checks/snapshots.test.ts); review changes by eye.",
  ];
  for (const [which, samples] of [
    ["good", check.good],
    ["bad", check.bad],
  ] as const) {
    for (const [i, sample] of samples.entries()) {
      const file = sampleFile(check, which, i);
      const findings = await sampleFindings(check, sample, file);
      blocks.push(`== ${file} ==\n${formatText(findings).trimEnd()}`);
    }
  }
  return `${blocks.join("\n\n")}\n`;
}

describe.for(CHECKS.map((c) => [c.id, c] as const))("%s", ([id, check]) => {
  test("good samples give no finding through the engine, and the text output is the snapshot", async () => {
    for (const [i, sample] of check.good.entries())
      expect(
        await sampleFindings(check, sample, sampleFile(check, "good", i)),
        `good[${i}]`,
      ).toEqual([]);
    for (const [i, sample] of check.bad.entries())
      expect(
        (await sampleFindings(check, sample, sampleFile(check, "bad", i))).length,
        `bad[${i}]`,
      ).toBeGreaterThan(0);
    const path = join(SNAPSHOTS, `${id}.snap`);
    const actual = await render(check);
    if (UPDATE) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, actual, "utf8");
    }
    expect(existsSync(path), `${path} is missing: run with UPDATE_GOLDEN=1 and read it`).toBe(true);
    expect(actual).toBe(await readFile(path, "utf8"));
  });
});

test("every snapshot belongs to a check (none left behind by a removed or renamed one)", () => {
  const files = readdirSync(SNAPSHOTS, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(SNAPSHOTS, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
  expect(files).toEqual(CHECKS.map((c) => `${c.id}.snap`).sort());
});
