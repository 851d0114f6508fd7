import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { loadAll } from "js-yaml";
import { describe, expect, test } from "vitest";
import { checkPromQL } from "../../src/promql/typecheck.ts";
import { checkRulesText } from "../helpers/promtool.ts";
import { SHARED } from "../helpers/paths.ts";

/**
 * obsforge's verdict (grammar + type checks) against real `promtool check
 * rules` on every expression of the shared corpora: Prometheus's engine
 * test scripts (promqltest, flattened), every expr of every rule file in
 * prometheus-rules/ (read from the YAML itself), and the rule corpus list.
 * All expressions go to promtool in one file, one group per expression, so
 * each error maps back to its expression by group name.
 */

interface Case {
  expr: string;
  /** Where it comes from: `promqltest/…` (Prometheus 3.x's own tests) or a rule file. */
  source: string;
}

const PROMQL = join(SHARED, "corpora/promql/expressions");
const RULES = join(SHARED, "corpora/prometheus-rules");

function jsonl(file: string): Case[] {
  return readFileSync(join(PROMQL, file), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const row = JSON.parse(l) as { expr: string; file?: string; source?: string };
      return { expr: row.expr, source: row.file ?? row.source ?? file };
    });
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(name) ? [path] : [];
    });
}

/** Every string under an `expr` key, at any depth (plain rule files and PrometheusRule CRs alike). */
function exprsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) exprsOf(v, out);
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "expr" && typeof v === "string") out.push(v);
      else exprsOf(v, out);
    }
  }
  return out;
}

const ruleFileCases: Case[] = yamlFiles(RULES).flatMap((path) =>
  loadAll(readFileSync(path, "utf8")).flatMap((doc) =>
    exprsOf(doc).map((expr) => ({ expr, source: `prometheus-rules/${relative(RULES, path)}` })),
  ),
);

const cases: Case[] = [
  ...jsonl("from-promqltest.jsonl"),
  ...jsonl("from-shared-rule-corpora.jsonl"),
  ...ruleFileCases,
];

/**
 * The disagreements that are understood. Every one must match exactly one
 * entry, and every entry must be needed.
 *
 * The first six are features of Prometheus 3.x that the installed promtool
 * (2.42) predates; codemirror-promql 0.314 follows Prometheus 3.14 and
 * accepts them. They occur only in promqltest, Prometheus's own engine
 * tests, which evaluate each of them successfully, so the checker is right
 * for Prometheus 3.x; obsforge does not gate syntax by Prometheus version.
 */
const KNOWN_GAPS: readonly {
  reason: string;
  /** Who accepts it: obsforge (promtool rejects) or promtool (obsforge rejects). */
  accepted: "obsforge" | "promtool";
  /** Matched against promtool's error (accepted: obsforge) or obsforge's (accepted: promtool). */
  error: RegExp;
  expr?: RegExp;
}[] = [
  {
    reason:
      "functions added after Prometheus 2.42 (limitk and limit_ratio, mad_over_time, sort_by_label, double_exponential_smoothing, histogram_avg/stddev/stdvar/quantiles, info, first_over_time, ts_of_*_over_time, start_timestamp)",
    accepted: "obsforge",
    error:
      /unknown function with name "(limitk|limit_ratio|first_over_time|mad_over_time|sort_by_label|sort_by_label_desc|double_exponential_smoothing|ts_of_(min|max|last|first)_over_time|histogram_avg|histogram_stddev|histogram_stdvar|histogram_quantiles|info|start_timestamp)"|unexpected <by> in aggregation/,
    expr: /\b(limitk|limit_ratio|first_over_time|mad_over_time|sort_by_label(_desc)?|double_exponential_smoothing|ts_of_\w+|histogram_(avg|stddev|stdvar|quantiles)|info|start_timestamp)\s*(by\s*\([^)]*\)\s*)?\(/,
  },
  {
    reason:
      "duration expressions and numbers as durations (Prometheus 3.x: [5m+1m], [300], offset 2*1m, @ 100s, step(), range(), min_of(), max_of(), start(), end(), predict_linear(x[1h], 1h))",
    accepted: "obsforge",
    error:
      /unknown function with name "(step|range|min_of|max_of)"|in subquery or range, expected|missing unit character in duration|bad duration syntax|in offset, expected duration|in @, expected timestamp|unexpected "\("|trailing commas not allowed in function call args/,
    expr: /\[[^\]]*([-+*/%^]|\(|\d(?![\d.]*(ms|[smhdwy])))[^\]]*\]|offset\s*[-+(]?\s*[\d(a-z]|@\s*\d+[smh]|\b(step|range|min_of|max_of|start|end)\(|,\s*\d+(ms|[smhdwy])\s*\)/,
  },
  {
    reason: "the anchored and smoothed range modifiers (Prometheus 3.x, experimental)",
    accepted: "obsforge",
    error: /unexpected identifier "(anchored|smoothed)"/,
    expr: /\b(anchored|smoothed)\b/,
  },
  {
    reason: "the fill, fill_left and fill_right binary-operator modifiers (Prometheus 3.x)",
    accepted: "obsforge",
    error: /unknown function with name "fill(_left|_right)?"/,
    expr: /\bfill(_left|_right)?\s*\(/,
  },
  {
    reason: "the native-histogram trim operators </ and >/ (Prometheus 3.x)",
    accepted: "obsforge",
    error: /unexpected <op:\/>/,
    expr: /[<>]\//,
  },
  {
    reason:
      "float literals with a trailing dot (2., 1./6.): lezer-promql's grammar has no rule for them (obsforge's syntax check is that grammar); Go's lexer reads them",
    accepted: "promtool",
    error: /^unexpected "\."$/,
    expr: /\d\.(?!\d)/,
  },
];

interface Verdict {
  c: Case;
  obsforge: string | undefined;
  promtool: string | undefined;
}

function promtoolErrors(exprs: readonly string[]): Map<number, string> {
  const groups = exprs.map((expr, i) => ({ name: `e${i}`, rules: [{ record: "r", expr }] }));
  const run = checkRulesText(JSON.stringify({ groups }));
  const errors = new Map<number, string>();
  for (const line of run.stderr.split("\n")) {
    const m = /group "e(\d+)", rule 1, "r": (.*)$/.exec(line);
    if (m !== null) errors.set(Number(m[1]), m[2]!);
  }
  // A YAML-level or unexpected failure would leave errors unmapped: make it loud.
  expect(run.status, run.stderr.slice(0, 500)).toBe(errors.size === 0 ? 0 : 1);
  return errors;
}

function verdicts(): Verdict[] {
  const unique = [...new Map(cases.map((c) => [c.expr, c])).values()];
  const promtool = promtoolErrors(unique.map((c) => c.expr));
  return unique.map((c, i) => ({
    c,
    obsforge: checkPromQL(c.expr).errors[0]?.message,
    promtool: promtool.get(i),
  }));
}

function gapOf(v: Verdict): (typeof KNOWN_GAPS)[number] | undefined {
  const accepted = v.obsforge === undefined ? "obsforge" : "promtool";
  const error = (accepted === "obsforge" ? v.promtool : v.obsforge) ?? "";
  const matches = KNOWN_GAPS.filter(
    (g) => g.accepted === accepted && g.error.test(error) && (g.expr?.test(v.c.expr) ?? true),
  );
  return matches.length === 1 ? matches[0] : undefined;
}

describe("obsforge and promtool agree on which expressions are valid PromQL", () => {
  const all = verdicts();
  const disagreements = all.filter(
    (v) => (v.obsforge === undefined) !== (v.promtool === undefined),
  );

  test("the corpora are the ones promised", () => {
    expect(all.length).toBeGreaterThan(2500);
    // promtool rejects some of them, so the comparison has both verdicts to compare.
    expect(all.filter((v) => v.promtool !== undefined).length).toBeGreaterThan(100);
    // prometheus-testdata/rulefmt/bad_expr.bad.yaml: a type error the grammar alone accepts.
    expect(all.find((v) => v.c.expr === "rate(hi)")).toMatchObject({
      obsforge: expect.stringContaining("type error"),
      promtool: expect.stringContaining("parse error"),
    });
  });

  test("every expression of the rule corpora gets the same verdict", () => {
    const ruleCorpus = disagreements.filter((v) => !v.c.source.startsWith("promqltest/"));
    expect(
      ruleCorpus.map((v) => `${v.c.source}: ${v.c.expr} (${v.obsforge ?? v.promtool})`),
    ).toEqual([]);
  });

  test("every disagreement is a listed, understood gap", () => {
    const unexplained = disagreements
      .filter((v) => gapOf(v) === undefined)
      .map(
        (v) =>
          `${v.c.source}: ${JSON.stringify(v.c.expr)}: obsforge ${v.obsforge ?? "accepts"}, promtool ${v.promtool ?? "accepts"}`,
      );
    expect(unexplained).toEqual([]);
  });

  test("every listed gap is needed", () => {
    const used = new Set(disagreements.map(gapOf));
    expect(KNOWN_GAPS.filter((g) => !used.has(g)).map((g) => g.reason)).toEqual([]);
  });

  test("expressions both reject: obsforge finds type errors promtool also reports", () => {
    const typeErrors = all.filter((v) => v.obsforge?.startsWith("type error") && v.promtool);
    expect(typeErrors.length).toBeGreaterThan(10);
  });
});
