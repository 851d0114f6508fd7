import type { FieldPath } from "../../../core/problem.ts";
import type { RoutingCheck } from "../../check.ts";
import { matchesAll } from "../../../targets/alertmanager/matchers.ts";

/** `inhibitions.rules[2]` → `["inhibitions", "rules", 2]`. */
export function originPath(origin: string): FieldPath {
  return origin
    .split(/\.|(?=\[)/)
    .map((part) => (/^\[\d+\]$/.test(part) ? Number(part.slice(1, -1)) : part));
}

export const inhibitEqualAbsent: RoutingCheck<"absent"> = {
  id: "routing/inhibit-equal-absent",
  target: "routing",
  severity: "error",
  docs: `An inhibit rule's \`equal\` labels are carried by the alerts it targets.

Why: Alertmanager compares \`equal\` labels by value, and a missing label
has the empty value. A target alert without the label is therefore
"equal" to every source alert without it too: one firing source mutes that
alert everywhere, not just on the same service or SLO. The check reads each
target alert's static labels and what its query can carry (the metric
catalogue and the aggregations in between), and reports a label the alert
certainly lacks.`,
  good: [
    `routing:
  receivers:
    - { type: slack, name: sample-slack, apiUrlFile: /etc/alertmanager/secrets/slack }
  teams:
    sample: { page: sample-slack, ticket: sample-slack }
  inhibitions:
    rules:
      - { source: { alertname: SampleDown }, target: { alertname: SampleErrors }, equal: [service] }
groups:
  - name: sample
    rules:
      - { alert: SampleDown, expr: 'up{job="sample"} == 0', severity: page, for: 5m }
      - { alert: SampleErrors, expr: 'sum by (route) (rate(http_requests_total{code="500"}[5m])) > 1', severity: ticket }
`,
  ],
  bad: [
    `routing:
  receivers:
    - { type: slack, name: sample-slack, apiUrlFile: /etc/alertmanager/secrets/slack }
  teams:
    sample: { page: sample-slack, ticket: sample-slack }
  inhibitions:
    rules:
      - { source: { alertname: SampleDown }, target: { alertname: SampleErrors }, equal: [instance] }
groups:
  - name: sample
    rules:
      - { alert: SampleDown, expr: 'up{job="sample"} == 0', severity: page, for: 5m }
      - { alert: SampleErrors, expr: 'sum by (route) (rate(http_requests_total{code="500"}[5m])) > 1', severity: ticket }
`,
  ],
  messages: {
    absent:
      "expected the alerts inhibit rule {{rule}} targets to carry its equal label {{label}}, got {{alerts}} without it (a missing label equals a missing label: any source without it inhibits them)",
  },
  check({ inhibitions, alerts }) {
    return inhibitions.flatMap((rule) => {
      const targets = alerts.filter((a) => matchesAll(rule.target, a.labels));
      return rule.equal.flatMap((label) => {
        const lacking = [...new Set(targets.filter((a) => a.lacks(label)).map((a) => a.name))];
        if (lacking.length === 0) return [];
        const shown =
          lacking.slice(0, 3).join(", ") +
          (lacking.length > 3 ? ` and ${lacking.length - 3} more` : "");
        return [
          {
            messageId: "absent" as const,
            data: { rule: rule.origin, label, alerts: shown },
            subject: rule.origin,
            // A hand-written rule's equal list is where the fix goes; a generated one is turned off or overridden by its key.
            path: rule.origin.startsWith("inhibitions.rules")
              ? [...originPath(rule.origin), "equal"]
              : originPath(rule.origin),
          },
        ];
      });
    });
  },
};
