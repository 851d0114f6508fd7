import type { LintedRule, RuleCheck } from "../../check.ts";

const ruleKey = (r: LintedRule) =>
  JSON.stringify([r.kind, r.name, Object.entries(r.labels).sort()]);

// The first rule of each rule's key, once per rule file: a search per rule is quadratic, and rule
// files reach 60,000 rules. Rules are told apart by kind and name first; only a name given twice
// builds keys. Most names are given once: such a rule is its own first, known from the name
// alone, so only the rules of repeated names get an entry of their own.
interface FirstOf {
  /** The first rule of each kind and name. */
  byName: { alert: Map<string, LintedRule>; record: Map<string, LintedRule> };
  /** For each rule whose kind and name repeat: the first rule of its key. */
  repeated: Map<LintedRule, LintedRule>;
}

const firstOfFile = new WeakMap<readonly LintedRule[], FirstOf>();
function firstOf(siblings: readonly LintedRule[], rule: LintedRule): LintedRule | undefined {
  let first = firstOfFile.get(siblings);
  if (first === undefined) {
    first = firstByKey(siblings);
    firstOfFile.set(siblings, first);
  }
  const repeated = first.repeated.get(rule);
  if (repeated !== undefined) return repeated;
  if (first.byName[rule.kind].get(rule.name) === rule) return rule;
  return firstKeyed(siblings, ruleKey(rule));
}

function firstByKey(siblings: readonly LintedRule[]): FirstOf {
  const byName = {
    alert: new Map<string, LintedRule>(),
    record: new Map<string, LintedRule>(),
  };
  const again: LintedRule[] = [];
  for (const s of siblings) {
    const named = byName[s.kind];
    if (named.has(s.name)) again.push(s);
    else named.set(s.name, s);
  }
  const repeated = new Map<LintedRule, LintedRule>();
  const byKey = new Map<string, LintedRule>();
  for (const s of again) {
    const first = byName[s.kind].get(s.name)!;
    if (!repeated.has(first)) {
      repeated.set(first, first);
      byKey.set(ruleKey(first), first);
    }
    const key = ruleKey(s);
    const earlier = byKey.get(key);
    if (earlier === undefined) byKey.set(key, s);
    repeated.set(s, earlier ?? s);
  }
  return { byName, repeated };
}

/** A rule that is not one of its siblings (a caller's own list): searched. */
function firstKeyed(siblings: readonly LintedRule[], key: string): LintedRule | undefined {
  return siblings.find((s) => ruleKey(s) === key);
}

export const duplicateName: RuleCheck<"duplicateAlert" | "duplicateRecord"> = {
  id: "rule/duplicate-name",
  target: "rule",
  severity: "error",
  docs: `No two rules of one rule file share a name and labels.

Why: two recording rules with the same name and labels write the same series
from two expressions, and the series flips between them; two such alerts
fire and resolve each other. promtool's \`check rules --lint=duplicate-rules\`
reports it for the same reason. Rules with the same name but different
labels (a page and a ticket variant) are fine. In rules imported as written
(\`plainGroups\`) it is a warning, as promtool's lint is.`,
  good: [
    "groups:\n  - name: a\n    rules:\n      - record: job:http_requests:rate5m\n        expr: sum by (job) (rate(http_requests_total[5m]))\n  - name: b\n    rules:\n      - record: route:http_requests:rate5m\n        expr: sum by (route) (rate(http_requests_total[5m]))\n",
  ],
  bad: [
    "groups:\n  - name: a\n    rules:\n      - record: job:http_requests:rate5m\n        expr: sum by (job) (rate(http_requests_total[5m]))\n  - name: b\n    rules:\n      - record: job:http_requests:rate5m\n        expr: sum by (job) (rate(http_requests_total[10m]))\n",
    "groups:\n  - name: a\n    rules:\n      - alert: TargetDown\n        expr: up == 0\n        for: 5m\n        severity: page\n        annotations:\n          summary: Target down\n          runbookUrl: https://runbooks.example.com/down\n  - name: b\n    rules:\n      - alert: TargetDown\n        expr: up == 0\n        for: 10m\n        severity: page\n        annotations:\n          summary: Target down\n          runbookUrl: https://runbooks.example.com/down\n",
  ],
  messages: {
    duplicateAlert:
      "expected a unique alert name and labels in the rule file, got {{name}} again (also {{first}})",
    duplicateRecord:
      "expected a unique recording rule name and labels in the rule file, got {{name}} again (also {{first}})",
  },
  check({ rule, siblings }) {
    const first = firstOf(siblings, rule);
    if (first === undefined || first === rule) return [];
    return [
      {
        // In a rule file imported as written it is what promtool says it is: a lint warning.
        ...(rule.groupPath?.[0] === "plainGroups" && { severity: "warning" as const }),
        messageId: rule.kind === "alert" ? "duplicateAlert" : "duplicateRecord",
        data: { name: rule.name, first: `groups[${first.groupIndex}].rules[${first.ruleIndex}]` },
      },
    ];
  },
};
