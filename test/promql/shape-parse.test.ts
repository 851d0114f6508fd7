import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Tree, TreeBuffer } from "@lezer/common";
import { describe, expect, test } from "vitest";
import { parsePromQL } from "../../src/promql/parse.ts";
import {
  createShapeParses,
  parseByShape,
  typeErrorsByShape,
} from "../../src/promql/shape-parse.ts";
import { typeErrors } from "../../src/promql/typecheck.ts";
import { SHARED } from "../helpers/paths.ts";

/** Every rule expression of the shared corpora, and every query of lezer-promql's own fixture file (valid or not). */
function queries(): string[] {
  const corpus = readFileSync(
    join(SHARED, "corpora/promql/expressions/from-shared-rule-corpora.jsonl"),
    "utf8",
  )
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => (JSON.parse(l) as { expr: string }).expr);
  const fixture = readFileSync(join(SHARED, "corpora/promql/lezer-promql/expression.txt"), "utf8")
    .split(/^# /m)
    .slice(1)
    .map((block) => block.split(/^==>$/m)[0]!.split("\n").slice(1).join("\n").trim());
  return [...corpus, ...fixture, ...HAND_PICKED];
}

/** Where a scan of the text could go wrong: quotes in comments, escapes, other quotes inside. */
const HAND_PICKED = [
  'up{job="a"} # the "job" label\n',
  "up{job=\"a\"} # it's\n+ up{job='b'}",
  'up{job="a\\"b"}',
  'up{job="a"} # unterminated "',
  'label_replace(up, "dst", "$1", "src", `(.*)\n`)',
  "up{job='it\"s'}",
  'up{job="it\'s"}',
  'up{job="a",job="b"}',
  'x{"quoted.name"="v"}',
  '{"x.y", job="a"}',
  'count_values("le", x{job="a"})',
  'up{job="unterminated}',
  'up{job="a"',
  'sum by (job) (up{job="a"}) > bool',
  '"just a string"',
];

/** Contents for a literal of each quote: none may hold the quote, a backslash or (but `…`) a line break. */
const CONTENTS = [
  "",
  "a",
  "svc-1042",
  "5..",
  "it's ü 😀 # not a comment",
  "x".repeat(40),
  '"quoted"',
];

function contentsFor(quote: string): string[] {
  return CONTENTS.filter(
    (c) => !c.includes(quote) && !c.includes("\\") && (quote === "`" || !c.includes("\n")),
  );
}

/** Non-empty contents that a checker reading literals would tell apart: regexes (broken too), names. */
const NON_EMPTY = ["x", "((", ".*", "__name__", "5..", "a|b", "[a-", "up", "svc-7"];

/** The query with each non-empty literal's content replaced by another non-empty one (empty ones kept). */
function sameEmptiness(query: string, k: number): string {
  return rewrite(query, (quote, i, content) =>
    content === "" ? "" : NON_EMPTY.filter((c) => !c.includes(quote))[(i + k) % NON_EMPTY.length]!,
  );
}

/** The query with the content of each StringLiteral (as lezer reads them) replaced, variant `k` of it. */
function rewritten(query: string, k: number): string {
  return rewrite(query, (quote, i) => {
    const pick = contentsFor(quote);
    return pick[(i + k) % pick.length]!;
  });
}

function rewrite(
  query: string,
  content: (quote: string, index: number, old: string) => string,
): string {
  const literals: { from: number; to: number }[] = [];
  parsePromQL(query).tree.iterate({
    enter(node) {
      if (node.name === "StringLiteral") literals.push({ from: node.from, to: node.to });
    },
  });
  let out = "";
  let last = 0;
  literals.forEach(({ from, to }, i) => {
    const quote = query[from]!;
    if (query[to - 1] !== quote || to - from < 2) return;
    out += `${query.slice(last, from + 1)}${content(quote, i, query.slice(from + 1, to - 1))}`;
    last = to - 1;
  });
  return out + query.slice(last);
}

/** Everything of a tree that a reader can see, and how lezer laid it out (buffers, positions). */
function layout(tree: Tree | TreeBuffer): unknown {
  if (tree instanceof TreeBuffer) return { buffer: [...tree.buffer], length: tree.length };
  return {
    type: tree.type.name,
    length: tree.length,
    props: tree.propValues.length,
    positions: tree.positions,
    children: tree.children.map(layout),
  };
}

describe("parseByShape gives lezer's own parse", () => {
  const all = queries();

  test("the corpora with their literals rewritten: the same tree, buffer for buffer, and the same errors", () => {
    const memo = createShapeParses();
    let compared = 0;
    for (const query of all) {
      for (let k = 0; k < 4; k++) {
        const variant = k === 0 ? query : rewritten(query, k);
        const ours = parseByShape(variant, memo);
        const lezer = parsePromQL(variant);
        expect(ours.errors, variant).toEqual(lezer.errors);
        expect(layout(ours.tree), variant).toEqual(layout(lezer.tree));
        compared++;
      }
    }
    expect(compared).toBe(all.length * 4);
    // The comparison means something only if many shapes had a pattern to copy from.
    const patterns = [...createdPatterns(memo)];
    expect(patterns.length).toBeGreaterThan(300);
  });

  test("type errors shared by shape are the checker's own, for literals rewritten with empty ones kept", () => {
    const memo = createShapeParses();
    let shared = 0;
    for (const query of all) {
      for (let k = 0; k < 6; k++) {
        const variant = k === 0 ? query : k < 3 ? rewritten(query, k) : sameEmptiness(query, k);
        const lezer = parsePromQL(variant);
        if (lezer.errors.length > 0) continue;
        const ours = parseByShape(variant, memo);
        const before = memo.typeChecked.size;
        expect(typeErrorsByShape(variant, ours.tree), variant).toEqual(
          typeErrors(variant, lezer.tree),
        );
        if (memo.typeChecked.size === before && k > 0) shared++;
      }
    }
    expect([...memo.typeChecked.values()].filter((clean) => clean).length).toBeGreaterThan(200);
    expect(shared).toBeGreaterThan(1000);
  });

  test("a query of a known shape is not parsed again: its tree is a moved copy", () => {
    const memo = createShapeParses();
    const first = parseByShape('sum by (job) (rate(x{job="a", code=~"5.."}[5m]))', memo);
    const query = 'sum by (job) (rate(x{job="checkout", code=~"5.."}[5m]))';
    const second = parseByShape(query, memo);
    expect(second.tree).not.toBe(first.tree);
    const names: string[] = [];
    second.tree.iterate({
      enter(n) {
        if (n.name === "StringLiteral") names.push(`${n.from}-${n.to}`);
      },
    });
    const at = (literal: string) =>
      `${query.indexOf(literal)}-${query.indexOf(literal) + literal.length}`;
    expect(names).toEqual([at('"checkout"'), at('"5.."')]);
    expect(memo.patterns.size).toBe(1);
  });

  test("queries with escapes, line breaks in quotes or no literal at all are left to lezer", () => {
    const memo = createShapeParses();
    for (const query of ['up{job="a\\"b"}', 'up{job="a\nb"}', "up", "rate(x[5m])"])
      expect(layout(parseByShape(query, memo).tree)).toEqual(layout(parsePromQL(query).tree));
    expect(memo.patterns.size).toBe(0);
  });
});

function createdPatterns(memo: ReturnType<typeof createShapeParses>) {
  return [...memo.patterns.values()].filter((p) => p !== false);
}
