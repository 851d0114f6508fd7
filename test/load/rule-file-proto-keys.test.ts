import { describe, expect, test } from "vitest";
import { obsforgeInProcess as cli } from "../helpers/in-process-cli.ts";
import { tempTree } from "../helpers/temp.ts";

/**
 * `__proto__` is a label and annotation name promtool accepts, but a
 * JavaScript object drops it as a plain key: the build used to write the
 * rule without it, and say nothing. It is refused by name instead, in a
 * rule file and in a TS module alike.
 */

const RULES = `groups:
  - name: a
    rules:
      - alert: A
        expr: up == 0
        labels:
          __proto__: polluted
        annotations:
          __proto__: x
`;

const MODULE = `import { defineService } from "obsforge";
export default defineService({
  name: "a",
  team: "a",
  plainGroups: [{ name: "a", rules: [{ alert: "A", expr: "up == 0", labels: { ["__proto__"]: "polluted" } }] }],
});
`;

const PROTO =
  'expected a key other than __proto__ (zod, which validates every definition, drops that key from objects, so it would be lost), got "__proto__"';

describe("a __proto__ label or annotation", () => {
  test("in a rule file is an error naming each field, and nothing is built", async () => {
    const dir = await tempTree({ "definitions/a.rules.yml": RULES });
    const run = await cli(["build"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      `definitions/a.rules.yml:7:22: groups[0].rules[0].labels.__proto__: ${PROTO}`,
      `definitions/a.rules.yml:9:22: groups[0].rules[0].annotations.__proto__: ${PROTO}`,
      "obsforge build: 2 error(s); out/ left unchanged",
    ]);
  });

  test("in a TS module's plainGroups is the same error", async () => {
    const dir = await tempTree({ "definitions/a.ts": MODULE });
    const run = await cli(["build"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`plainGroups[0].rules[0].labels.__proto__: ${PROTO}`);
  });
});
