import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "vitest";
import { compileProject } from "../../src/pipeline/project.ts";
import { PROJECT_ROOT } from "../helpers/paths.ts";
import { expectGoldenTree } from "../helpers/golden.ts";

/**
 * test/golden/<case>/input is a definitions folder; expected/ is the out/
 * tree obsforge must write for it, reviewed by eye. UPDATE_GOLDEN=1
 * rewrites expected/ (then read the diff as carefully as code).
 */
const GOLDEN = join(PROJECT_ROOT, "test/golden");
// A build case is a folder with input/; the others hold other goldens (lint reporters,
// SLO-spec imports, the diff comment), checked by their own tests.
const cases = (await readdir(GOLDEN, { withFileTypes: true }))
  .filter((e) => e.isDirectory() && existsSync(join(GOLDEN, e.name, "input")))
  .map((e) => e.name);

describe("golden artifacts", () => {
  test.for(cases)("%s", async (name) => {
    const result = await compileProject({
      definitions: join(GOLDEN, name, "input"),
      cwd: PROJECT_ROOT,
    });
    if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
    const actual = Object.fromEntries(result.value.artifacts.map((a) => [a.path, a.content]));
    const expectedDir = join(GOLDEN, name, "expected");
    await expectGoldenTree(expectedDir, actual);
  });
});
