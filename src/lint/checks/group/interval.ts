import { z } from "zod";
import { durationSeconds, formatDuration } from "../../../core/duration.ts";
import type { CheckProblem, LintedRule, RuleCheck } from "../../check.ts";

const duration = z
  .string()
  .regex(/^(\d+(ms|y|w|d|h|m|s))+$/, { error: 'expected a duration such as "5m"' });

const optionsSchema = z.strictObject({
  /** Longest group interval; Prometheus's 5m lookback is pint's bound. */
  max: duration.default("5m"),
  /** Shortest group interval (none by default). */
  min: duration.optional(),
  /** Also report groups of one file evaluated at different intervals. */
  mixed: z.boolean().default(false),
});
type Options = z.infer<typeof optionsSchema>;

type Messages = "tooLong" | "tooShort" | "mixed";

export const interval: RuleCheck<Messages, Options> = {
  id: "group/interval",
  target: "rule",
  severity: "warning",
  docs: `A rule group's \`interval\` stays within bounds: at most 5m by default (configurable), and optionally the same for every group of a file.

Why (pint's group/interval): each evaluation writes one sample, and
Prometheus looks back 5m for the latest one, so a recording rule evaluated
every 10m is missing from instant queries half of the time; an alert
re-evaluated that rarely resolves between evaluations and fires again,
unless its \`keep_firing_for\` covers the interval (a group whose rules are
all such alerts is not reported). Settings:

\`\`\`json
{ "lint": { "rules": { "group/interval": ["warning", { "max": "5m", "min": "15s", "mixed": true }] } } }
\`\`\`

The samples run with \`{ "max": "5m", "min": "15s", "mixed": true }\`.
\`min\` reports groups evaluated more often than the data can change (and at
a cost); \`mixed\` reports a group whose interval differs from the file's
first group's, for teams that keep one interval per file (a ruler shard).
A group without \`interval\` runs at Prometheus's \`evaluation_interval\`,
which the rule file does not know, and is not checked against the bounds.
The finding is on the group's first rule; an empty group has none.`,
  options: {
    schema: optionsSchema,
    defaults: { max: "5m", mixed: false },
    sample: { max: "5m", min: "15s", mixed: true },
  },
  good: [
    "interval: 1m\nrules:\n  - record: job:http_requests:rate5m\n    expr: sum by (job) (rate(http_requests_total[5m]))\n",
  ],
  bad: [
    "interval: 10m\nrules:\n  - record: job:http_requests:rate1h\n    expr: sum by (job) (rate(http_requests_total[1h]))\n",
    "interval: 5s\nrules:\n  - record: job:http_requests:rate1m\n    expr: sum by (job) (rate(http_requests_total[1m]))\n",
    "groups:\n  - name: fast\n    interval: 30s\n    rules:\n      - record: job:http_requests:rate5m\n        expr: sum by (job) (rate(http_requests_total[5m]))\n  - name: slow\n    interval: 2m\n    rules:\n      - record: job:http_requests:rate30m\n        expr: sum by (job) (rate(http_requests_total[30m]))\n",
  ],
  messages: {
    tooLong:
      "expected a group interval of at most {{max}}, got {{interval}} in group {{group}}: samples older than 5m are stale, so its series have gaps",
    tooShort: "expected a group interval of at least {{min}}, got {{interval}} in group {{group}}",
    mixed:
      "expected the interval of the file's first group ({{first}}), got {{interval}} in group {{group}}",
  },
  check({ rule, siblings, options }) {
    if (rule.ruleIndex !== 0) return [];
    const opts = options ?? { max: "5m", mixed: false };
    const problems: CheckProblem<Messages>[] = [];
    const data = { interval: rule.groupInterval ?? "", group: rule.group };
    const at = { field: "group.interval", subject: rule.group };
    if (rule.groupInterval !== undefined) {
      const seconds = durationSeconds(rule.groupInterval);
      if (seconds > durationSeconds(opts.max) && !coveredByKeepFiring(rule, siblings, seconds))
        problems.push({ messageId: "tooLong", data: { ...data, max: opts.max }, ...at });
      if (opts.min !== undefined && seconds < durationSeconds(opts.min))
        problems.push({ messageId: "tooShort", data: { ...data, min: opts.min }, ...at });
    }
    const first = siblings[0];
    if (opts.mixed && first !== undefined && first.groupIndex !== rule.groupIndex) {
      if (first.interval !== rule.interval)
        problems.push({
          messageId: "mixed",
          data: {
            ...data,
            interval: rule.groupInterval ?? `unset (${formatDuration(rule.interval)})`,
            first: first.groupInterval ?? "unset",
          },
          ...at,
        });
    }
    return problems;
  },
};

/** Every rule of the group is an alert whose keep_firing_for spans the interval. */
function coveredByKeepFiring(
  rule: LintedRule,
  siblings: readonly LintedRule[],
  seconds: number,
): boolean {
  // Siblings are in file order: the group's rules follow its first one.
  const start = siblings.indexOf(rule);
  const group: LintedRule[] = [];
  for (let i = start; i < siblings.length && siblings[i]!.groupIndex === rule.groupIndex; i++)
    group.push(siblings[i]!);
  return group.every(
    (r) =>
      r.kind === "alert" &&
      r.keepFiringFor !== undefined &&
      durationSeconds(r.keepFiringFor) >= seconds,
  );
}
