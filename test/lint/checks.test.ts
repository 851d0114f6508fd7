import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import {
  CHECKS_DIR,
  checkFiles,
  readCheckModules,
  renderCheckIndex,
} from "../../scripts/generate-check-index.ts";
import type { Check } from "../../src/lint/check.ts";
import { CHECKS } from "../../src/lint/checks/index.ts";
import { formatMessage } from "../../src/lint/messages.ts";
import { runSample } from "../../src/lint/samples.ts";

describe("the check registry", () => {
  test("src/lint/checks/index.ts and metric-index.ts are what `npm run checks` writes (run it after adding a check)", async () => {
    const files = renderCheckIndex(await readCheckModules());
    expect(
      readdirSync(CHECKS_DIR)
        .filter((name) => name.endsWith(".ts"))
        .sort(),
    ).toEqual([...files.keys()].sort());
    for (const [name, content] of files)
      expect(readFileSync(join(CHECKS_DIR, name), "utf8"), name).toBe(content);
  });

  test("lists exactly the check files, and each id is its file path under src/lint/checks", () => {
    const ids = CHECKS.map((c) => c.id).sort();
    expect(ids).toEqual(
      checkFiles()
        .map((f) => f.replace(/\.ts$/, ""))
        .sort(),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  test.for(checkFiles())(
    "%s exports one check, by name, and it is the registered one",
    async (file) => {
      const mod = (await import(pathToFileURL(join(CHECKS_DIR, file)).href)) as Record<
        string,
        unknown
      >;
      expect(mod.default).toBeUndefined();
      const checks = Object.values(mod).filter(
        (v): v is Check => typeof v === "object" && v !== null && "check" in v,
      );
      expect(checks).toHaveLength(1);
      expect(checks[0]!.id).toBe(file.replace(/\.ts$/, ""));
      expect(CHECKS).toContain(checks[0]);
    },
  );
});

describe("messages are declared by id and formatted in one place", () => {
  const probe = {
    id: "test/probe",
    messages: { gap: "expected {{want}}, got {{got}}", fixed: "expected nothing, got this" },
  };

  test("{{name}} is replaced by data.name, verbatim and without re-scanning the value", () => {
    expect(formatMessage(probe, { messageId: "gap", data: { want: "{{got}}", got: 2 } })).toBe(
      "expected {{got}}, got 2",
    );
    expect(formatMessage(probe, { messageId: "fixed" })).toBe("expected nothing, got this");
  });

  test("a message id the check does not declare is a bug, and throws", () => {
    expect(() => formatMessage(probe, { messageId: "missing" })).toThrow(
      'Bug: check test/probe gave message id "missing", which its messages do not declare',
    );
    expect(() => formatMessage(probe, { messageId: "toString" })).toThrow(/do not declare/);
  });

  test("a placeholder without a value is a bug, and throws", () => {
    expect(() => formatMessage(probe, { messageId: "gap", data: { want: "x" } })).toThrow(
      'Bug: message "gap" of check test/probe has placeholder {{got}}, which its data lacks',
    );
    expect(() =>
      formatMessage(
        { id: "test/probe", messages: { spaced: "got {{ got }}" } },
        { messageId: "spaced", data: { got: 1 } },
      ),
    ).toThrow(/placeholder \{\{ got \}\}/);
  });
});

/**
 * Messages no sample can reach, with where they are tested instead: the model
 * rejects a malformed recording-rule name before lint sees it, so only
 * estates built in code get `badShape` (test/lint/estate-targets.test.ts).
 */
const NOT_IN_SAMPLES: Readonly<Record<string, readonly string[]>> = {
  "rule/record-name": ["badShape"],
  // A disable comment lives in a foreign file, which rule samples are not: test/lint/foreign.
  "lint/unknown-rule": ["unknownCommentId"],
  // Lines over the reader's limit (256 KiB) are skipped before any check: test/lint/logs.
  "logs/unparsable-line": ["tooLong"],
};

describe.for(CHECKS.map((c) => [c.id, c] as const))("%s", ([, check]) => {
  test("declares its messages, with plain {{name}} placeholders, and its bad samples give each", async () => {
    const ids = Object.keys(check.messages);
    expect(ids.length).toBeGreaterThan(0);
    for (const template of Object.values<string>(check.messages)) {
      expect(template).toMatch(/\S/);
      for (const [, name] of template.matchAll(/\{\{([^{}]*)\}\}/g))
        expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
    }
    const given = new Set<string>();
    for (const sample of check.bad)
      for (const p of await runSample(check, sample)) given.add(p.messageId);
    for (const id of NOT_IN_SAMPLES[check.id] ?? []) given.add(id);
    expect([...given].sort()).toEqual(ids.sort());
  });

  test("has an area/kebab-name id, docs and at least one good and one bad sample", () => {
    expect(check.id).toMatch(/^[a-z]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(check.docs.trim().length).toBeGreaterThan(40);
    expect(check.docs.split("\n")[0]).toMatch(/\.$/);
    expect(check.good.length).toBeGreaterThan(0);
    expect(check.bad.length).toBeGreaterThan(0);
  });

  test.for(check.good.map((s, i) => [i, s] as const))(
    "good sample %i gives no finding",
    async ([, sample]) => {
      expect(await runSample(check, sample)).toEqual([]);
    },
  );

  // What the bad samples give is compared, message and caret, with the check's
  // snapshot: test/lint/checks/snapshots.test.ts.
});
