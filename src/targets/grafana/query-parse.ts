import { parser as logqlParser } from "@grafana/lezer-logql";
import type { Tree } from "@lezer/common";
import { parsePromQL } from "../../promql/parse.ts";
import { typeErrors } from "../../promql/typecheck.ts";

/**
 * Dashboard queries hold Grafana template variables (`$job`, `${__rate_interval}`,
 * `[[interval]]`) that are not PromQL or LogQL. They are replaced with
 * placeholders the grammar accepts where the variable stands (a duration
 * inside `[…]`, a number after a comparison, an identifier elsewhere), as
 * Grafana would replace them with values; variables inside string literals
 * stay, since a string may hold anything, and so do `#` comments (to the
 * end of the line), where quotes are prose (`# don't page`). Positions map
 * back to the original text, so findings point at what the user wrote.
 */

export type QueryLanguage = "promql" | "logql";

export interface Substitution {
  /** Variable name, without `$`, braces or `:format`. */
  name: string;
  origFrom: number;
  origTo: number;
  expFrom: number;
  expTo: number;
}

export interface Expansion {
  original: string;
  text: string;
  substitutions: Substitution[];
}

/** Variables whose value is a number (milliseconds, seconds, epoch); they may stand before a unit (`${__range_s}s`). */
const NUMERIC_VARIABLES = new Set([
  "__interval_ms",
  "__range_ms",
  "__range_s",
  "__from",
  "__to",
  "__org",
  "__user.id",
]);

const VARIABLE_RE = /\$\{([^}]+)\}|\$([A-Za-z0-9_]+)|\[\[([^[\]]+)\]\]/y;

export function expandVariables(query: string): Expansion {
  let text = "";
  const substitutions: Substitution[] = [];
  let quote: string | undefined;
  let brackets = 0;
  let i = 0;
  while (i < query.length) {
    const ch = query[i]!;
    if (quote !== undefined) {
      text += ch;
      if (ch === "\\" && quote !== "`" && i + 1 < query.length) {
        text += query[i + 1];
        i += 2;
        continue;
      }
      if (ch === quote) quote = undefined;
      i++;
      continue;
    }
    // PromQL and LogQL both read `#` outside a string as a comment to the end of the line.
    if (ch === "#") {
      const end = query.indexOf("\n", i);
      const stop = end === -1 ? query.length : end;
      text += query.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") {
      quote = ch;
      text += ch;
      i++;
      continue;
    }
    VARIABLE_RE.lastIndex = i;
    const m = VARIABLE_RE.exec(query);
    if (m !== null && (ch === "$" || ch === "[")) {
      const raw = (m[1] ?? m[2] ?? m[3] ?? "").trim();
      const name = raw.split(":")[0]!;
      const placeholder = placeholderFor(name, text, brackets);
      substitutions.push({
        name,
        origFrom: i,
        origTo: i + m[0].length,
        expFrom: text.length,
        expTo: text.length + placeholder.length,
      });
      text += placeholder;
      i += m[0].length;
      continue;
    }
    if (ch === "[") brackets++;
    else if (ch === "]" && brackets > 0) brackets--;
    text += ch;
    i++;
  }
  return { original: query, text, substitutions };
}

function placeholderFor(name: string, before: string, brackets: number): string {
  if (NUMERIC_VARIABLES.has(name)) return "1294671549";
  const prev = before.trimEnd();
  if (brackets > 0 || /\boffset$/i.test(prev)) return "5m";
  if (/[<>=@]$/.test(prev)) return "1";
  return `__var_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

/** The position in the original query of a position in the expanded one. */
export function originalOffset(expansion: Expansion, offset: number): number {
  let delta = 0;
  for (const s of expansion.substitutions) {
    if (offset < s.expFrom) break;
    if (offset < s.expTo) return s.origFrom;
    delta = s.origTo - s.expTo;
  }
  return offset + delta;
}

/** The variable the expanded range [from, to) was substituted for, if it is exactly one. */
export function variableAt(expansion: Expansion, from: number, to: number): string | undefined {
  return expansion.substitutions.find((s) => s.expFrom === from && s.expTo === to)?.name;
}

export interface QueryError {
  /** 0-based offset into the original query. */
  offset: number;
  /** 1-based column on the offset's line. */
  column: number;
  message: string;
  /** `type` for PromQL type errors; syntax errors leave it unset. */
  kind?: "type";
}

export interface ParsedQuery {
  language: QueryLanguage;
  expansion: Expansion;
  tree: Tree;
  errors: QueryError[];
}

const cache = new Map<string, ParsedQuery>();

/** Expand variables, parse with the official grammar (and type-check PromQL); errors are positioned in the original text. */
export function parseDashboardQuery(query: string, language: QueryLanguage): ParsedQuery {
  const key = `${language}\u0000${query}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const expansion = expandVariables(query);
  const { tree, errors }: { tree: Tree; errors: readonly Omit<QueryError, "column">[] } =
    language === "promql" ? checkDashboardPromQL(expansion) : parseLogQL(expansion.text);
  const mapped = errors.map((e) => {
    const offset = originalOffset(expansion, e.offset);
    const line = query.slice(0, offset).split("\n");
    return {
      offset,
      column: (line.at(-1)?.length ?? 0) + 1,
      message: e.message,
      ...(e.kind !== undefined && { kind: e.kind }),
    };
  });
  const parsed = { language, expansion, tree, errors: mapped };
  // Dashboards repeat queries (one per panel per dashboard); a bounded cache keeps memory flat.
  if (cache.size > 10_000) cache.clear();
  cache.set(key, parsed);
  return parsed;
}

/**
 * Parse and type-check. A variable replaced by an identifier may stand for
 * anything (a number, a range, a whole sub-query), so a type error around
 * one says nothing about the query Grafana sends; it is not reported.
 */
function checkDashboardPromQL(expansion: Expansion): ReturnType<typeof parsePromQL> {
  const parsed = parsePromQL(expansion.text);
  if (parsed.errors.length > 0) return parsed;
  const opaque = expansion.substitutions.filter((s) =>
    expansion.text.startsWith("__var_", s.expFrom),
  );
  const errors = typeErrors(expansion.text, parsed.tree).filter(
    (e) => !opaque.some((s) => s.expFrom < (e.end ?? e.offset + 1) && s.expTo > e.offset),
  );
  return { tree: parsed.tree, errors };
}

/**
 * LogQL with @grafana/lezer-logql. Like the PromQL grammar it never throws
 * and marks bad input with error nodes, which are collected here.
 */
export function parseLogQL(query: string): {
  tree: Tree;
  errors: { offset: number; message: string }[];
} {
  const tree = logqlParser.parse(query);
  const errors: { offset: number; message: string }[] = [];
  tree.iterate({
    enter(node) {
      if (!node.type.isError) return undefined;
      const rest = query.slice(node.from).trimStart();
      errors.push({
        offset: node.from,
        message:
          node.from >= query.trimEnd().length
            ? "unexpected end of query"
            : `unexpected ${JSON.stringify(rest.split(/\s/)[0]!.slice(0, 20))}`,
      });
      return false;
    },
  });
  if (query.trim() === "") errors.push({ offset: 0, message: "empty query" });
  errors.sort((a, b) => a.offset - b.offset);
  return { tree, errors };
}
