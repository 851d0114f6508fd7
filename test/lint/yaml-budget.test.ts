import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  MAX_ALIAS_NODES,
  MAX_EXPANDED_DEPTH,
  MAX_YAML_BYTES,
  parseYaml,
} from "../../src/load/yaml.ts";
import { BIN } from "../helpers/paths.ts";
import { tempTree } from "../helpers/temp.ts";

/**
 * "Billion laughs": ten anchors, each a list of nine aliases of the one
 * before, so the last expands to 9^9 (387 million) scalars from under 1 KB
 * of text. js-yaml shares aliased values, so loading is cheap; what hangs is
 * the first walk over the value (the schema validator).
 */
function aliasBomb(): string {
  const lines = [
    'version: "prometheus/v1"',
    'service: "myservice"',
    "labels:",
    '  owner: &a "lol"',
  ];
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    lines.push(`  ${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
  }
  lines.push(
    "slos:",
    '  - name: "requests-availability"',
    "    objective: 99.9",
    "    labels: *j",
    "    sli:",
    "      events:",
    '        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))',
    "        total_query: sum(rate(http_requests_total[{{.window}}]))",
    "    alerting:",
    "      name: MyServiceHighErrorRate",
    "      page_alert:",
    "        disable: true",
    "      ticket_alert:",
    "        disable: true",
  );
  return `${lines.join("\n")}\n`;
}

function obsforge(args: string[], cwd: string) {
  // The timeout only stops a hang (the code before the budget never returned); it is not a speed assertion.
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("YAML inputs have an alias-expansion and size budget", () => {
  test("the alias bomb is under 1 KB and is refused before any value is built", () => {
    const bomb = aliasBomb();
    expect(bomb.length).toBeLessThan(1024);
    expect(parseYaml(bomb)).toEqual({
      ok: false,
      message: `aliases that expand to more than ${MAX_ALIAS_NODES} nodes (at alias *f)`,
      line: 10,
      column: 10,
    });
  });

  test("aliases within the budget load, as the same value as written out", () => {
    const parsed = parseYaml("a: &x [1, 2]\nb: *x\nc: [*x, *x]\n---\nd: &y 3\ne: *y\n");
    expect(parsed).toEqual({
      ok: true,
      documents: [
        {
          a: [1, 2],
          b: [1, 2],
          c: [
            [1, 2],
            [1, 2],
          ],
        },
        { d: 3, e: 3 },
      ],
    });
  });

  test("the budget counts expanded nodes exactly: at the limit loads, one node over is refused", () => {
    // A list of 999 scalars is 1000 nodes; 100 aliases of it add exactly 100,000.
    const list = `&l [${Array(999).fill("0").join(",")}]`;
    const at = `a: ${list}\nb: [${Array(MAX_ALIAS_NODES / 1000)
      .fill("*l")
      .join(",")}]\n`;
    expect(parseYaml(at).ok).toBe(true);
    const over = `${at}s: &s x\nc: *s\n`;
    expect(parseYaml(over)).toEqual({
      ok: false,
      message: `aliases that expand to more than ${MAX_ALIAS_NODES} nodes (at alias *s)`,
      line: 4,
      column: 4,
    });
  });

  test("a recursive alias (which js-yaml would build as a cyclic value) is refused", () => {
    expect(parseYaml("a: &a [1, *a]\n")).toEqual({
      ok: false,
      message: "a recursive alias *a inside its own anchor",
      line: 1,
      column: 11,
    });
    expect(parseYaml("a: &m {k: {j: *m}}\n")).toEqual({
      ok: false,
      message: "a recursive alias *m inside its own anchor",
      line: 1,
      column: 15,
    });
  });

  test("nesting through aliases is limited, so no walk over the value can overflow the stack", () => {
    // Each anchor nests the previous one 50 levels deeper: 25 anchors are 1250 levels.
    const lines: string[] = ["a0: &a0 x"];
    for (let i = 1; i <= 25; i++)
      lines.push(`a${i}: &a${i} ${"[".repeat(50)}*a${i - 1}${"]".repeat(50)}`);
    const parsed = parseYaml(`${lines.join("\n")}\n`);
    expect(parsed.ok).toBe(false);
    // a20's line: \`a20: &a20 \` and 50 brackets, then the alias.
    expect(parsed).toEqual({
      ok: false,
      message: `aliases that nest more than ${MAX_EXPANDED_DEPTH} levels deep (at alias *a19)`,
      line: 21,
      column: 61,
    });
  });

  test("text over the size budget is refused without being parsed", () => {
    expect(parseYaml(`a: "${"x".repeat(MAX_YAML_BYTES)}"\n`)).toEqual({
      ok: false,
      message: "a file larger than 32 MiB",
    });
  });

  test("js-yaml's own errors stay one line, the position given apart", () => {
    expect(parseYaml("a: [\n")).toEqual({
      ok: false,
      message: "deficient indentation",
      line: 2,
      column: 1,
    });
  });

  test("obsforge build: an alias bomb in definitions/ exits 1 with one line, and writes nothing", async () => {
    const dir = await tempTree({ "definitions/bomb.yml": aliasBomb() });
    const out = obsforge(["build"], dir);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(
      `definitions/bomb.yml:10:10: expected valid YAML, got aliases that expand to more than ${MAX_ALIAS_NODES} nodes (at alias *f)\nobsforge build: 1 error(s); out/ left unchanged\n`,
    );
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  test("obsforge import: an alias bomb exits 1 with one line, and writes nothing", async () => {
    const dir = await tempTree({ "bomb.yml": aliasBomb() });
    const out = obsforge(["import", "bomb.yml", "--out", "ts"], dir);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(
      `bomb.yml:10:10: expected a readable YAML file, got aliases that expand to more than ${MAX_ALIAS_NODES} nodes (at alias *f)\n`,
    );
    expect(existsSync(join(dir, "ts"))).toBe(false);
  });
});
