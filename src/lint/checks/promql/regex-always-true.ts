import { oncePerQuery, selectorsOf } from "../../promql/tree-facts.ts";
import type { CheckProblem, RuleCheck } from "../../check.ts";

/** Regexes that match every value, the empty one included (Prometheus anchors them). */
export function matchesEverything(regex: string): boolean {
  let r = regex;
  for (let changed = true; changed; ) {
    const before = r;
    r = r
      .replace(/^\(\?s\)/, "")
      .replace(/^\^/, "")
      .replace(/\$$/, "");
    if (r.startsWith("(") && r.endsWith(")") && !r.slice(1, -1).includes("("))
      r = r.slice(1, -1).replace(/^\?:/, "");
    changed = r !== before;
  }
  return r === ".*" || r === ".*?" || r === "(?s:.*)";
}

export const regexAlwaysTrue: RuleCheck<"matchesEverything"> = {
  id: "promql/regex-always-true",
  target: "rule",
  generated: true,
  severity: "warning",
  docs: `A regex matcher that matches every value (\`=~".*"\`) is dead weight.

Why: Prometheus anchors regexes, and \`.*\` also matches the empty string, so
\`label=~".*"\` selects exactly what the selector without it selects, series
lacking the label included. It usually marks a template variable that was
never filled in, or a filter someone meant to write. Remove it, or use
\`=~".+"\` if the label must be present.`,
  good: ['sum(rate(http_requests_total{code=~"5.."}[5m]))'],
  bad: ['sum(rate(http_requests_total{route=~".*"}[5m]))'],
  messages: {
    matchesEverything:
      'expected a matcher that filters, got {{matcher}}, which matches every series (drop it, or use =~".+" to require the label)',
  },
  // Depends on the query and the catalogue only.
  check: oncePerQuery(({ rule }) => {
    if (!rule.syntaxOk) return [];
    const problems: CheckProblem<"matchesEverything">[] = [];
    for (const { info } of selectorsOf(rule.expr, rule.tree)) {
      for (const m of info.matchers) {
        if (m.op !== "=~" || m.value === undefined || !matchesEverything(m.value)) continue;
        problems.push({
          messageId: "matchesEverything",
          data: { matcher: `${m.label}=~${JSON.stringify(m.value)}` },
          span: { from: m.node.from, to: m.node.to },
        });
      }
    }
    return problems;
  }),
};
