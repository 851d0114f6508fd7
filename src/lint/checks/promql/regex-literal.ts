import { oncePerQuery, selectorsOf } from "../../promql/tree-facts.ts";
import type { CheckProblem, RuleCheck } from "../../check.ts";

/** RE2 syntax characters; a regex without any (escapes aside) is a plain string. */
const META = /[.+*?()|[\]{}^$]/;

/** The literal a regex stands for, or undefined when it uses regex syntax. */
export function regexLiteral(regex: string): string | undefined {
  let out = "";
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i]!;
    if (c === "\\") {
      const next = regex[i + 1];
      // `\.` is a literal dot; `\d`, `\w`, `\s` and the like are classes.
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return undefined;
      out += next;
      i++;
      continue;
    }
    if (META.test(c)) return undefined;
    out += c;
  }
  return out;
}

export const regexLiteralCheck: RuleCheck<"literalRegex"> = {
  id: "promql/regex-literal",
  target: "rule",
  generated: true,
  severity: "warning",
  docs: `A regex matcher without any regex syntax should be an equality matcher.

Why: \`job=~"api"\` and \`job="api"\` select the same series, but the regex is
slower to evaluate, hides intent, and invites the classic bug of a \`.\` that
was meant literally. Use \`=\` (or \`!=\` for \`!~\`).`,
  good: [
    'sum(rate(http_requests_total{route="/login"}[5m]))',
    'sum(rate(http_requests_total{route=~"/login|/logout"}[5m]))',
  ],
  bad: [
    'sum(rate(http_requests_total{route=~"/login"}[5m]))',
    'sum(rate(http_requests_total{route!~"/health"}[5m]))',
  ],
  messages: {
    literalRegex: "expected {{literal}} for a regex without special characters, got {{matcher}}",
  },
  // Depends on the query and the catalogue only.
  check: oncePerQuery(({ rule }) => {
    if (!rule.syntaxOk) return [];
    const problems: CheckProblem<"literalRegex">[] = [];
    for (const { info } of selectorsOf(rule.expr, rule.tree)) {
      for (const m of info.matchers) {
        if ((m.op !== "=~" && m.op !== "!~") || m.value === undefined) continue;
        const literal = regexLiteral(m.value);
        if (literal === undefined) continue;
        const op = m.op === "=~" ? "=" : "!=";
        problems.push({
          messageId: "literalRegex",
          data: {
            literal: `${m.label}${op}${JSON.stringify(literal)}`,
            matcher: `${m.label}${m.op}${JSON.stringify(m.value)}`,
          },
          span: { from: m.node.from, to: m.node.to },
        });
      }
    }
    return problems;
  }),
};
