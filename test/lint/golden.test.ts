import { join } from "node:path";
import { describe, test } from "vitest";
import { formatFindings, REPORT_FORMATS, type ReportFormat } from "../../src/report/index.ts";
import { CHECKS } from "../../src/lint/checks/index.ts";
import { GOLDEN, GOLDEN_CASES } from "./golden-cases.ts";
import { expectGoldenFile } from "../helpers/golden.ts";

/**
 * Reporter goldens: the same findings through every reporter. Run with
 * UPDATE_GOLDEN=1 to rewrite `expected/`, then read the diff like code.
 */
const FILE: Record<ReportFormat, string> = {
  text: "text.txt",
  json: "json.json",
  github: "github.txt",
  sarif: "sarif.json",
};

describe.for(GOLDEN_CASES)("golden lint output: $name", ({ name, findings }) => {
  test.for(REPORT_FORMATS)("%s reporter", async (format) => {
    const actual = formatFindings(await findings(), format, { rules: CHECKS });
    const path = join(GOLDEN, name, "expected", FILE[format]);
    await expectGoldenFile(path, actual);
  });
});
