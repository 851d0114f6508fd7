import type { FieldPath } from "../../../core/problem.ts";
import type { RouteMatchers } from "../../../model/routing.ts";
import type { RoutedAlert, RoutingCheck } from "../../check.ts";
import { matchersOf, matches } from "../../../targets/alertmanager/matchers.ts";

/** The hand-written matchers of the routing definition, with their paths. */
function writtenMatchers(routing: {
  routes: { matchers: RouteMatchers }[];
  inhibitions: { rules: { source: RouteMatchers; target: RouteMatchers }[] };
}) {
  const out: { path: FieldPath; matchers: RouteMatchers }[] = [];
  routing.routes.forEach((r, i) => {
    out.push({ path: ["routes", i, "matchers"], matchers: r.matchers });
  });
  routing.inhibitions.rules.forEach((r, i) => {
    out.push({ path: ["inhibitions", "rules", i, "source"], matchers: r.source });
    out.push({ path: ["inhibitions", "rules", i, "target"], matchers: r.target });
  });
  return out;
}

function mayCarry(alerts: readonly RoutedAlert[], label: string): boolean {
  return alerts.some((a) => label in a.labels || !a.lacks(label));
}

export const unknownMatcherLabel: RoutingCheck<"unknown"> = {
  id: "routing/unknown-matcher-label",
  target: "routing",
  severity: "warning",
  docs: `A route or inhibit-rule matcher names a label some alert can carry.

Why: a matcher that needs a value of a label no alert has never matches, so
its route or inhibition does nothing, silently: usually a typo (\`servce\`)
or a label that was renamed. Negative matchers, and matchers that accept the
empty value, are not checked (they match alerts without the label on
purpose). Labels Prometheus adds on its way to Alertmanager
(\`external_labels\`, relabelling) are not known to obsforge: for a matcher
on one of those, turn the check off.`,
  good: [
    `routing:
  receivers:
    - { type: slack, name: sample-slack, apiUrlFile: /etc/alertmanager/secrets/slack }
  teams:
    sample: { page: sample-slack, ticket: sample-slack }
  routes:
    - { matchers: { service: sample }, receivers: [sample-slack] }
groups:
  - name: sample
    rules:
      - { alert: SampleDown, expr: 'up{job="sample"} == 0', severity: page, for: 5m }
`,
  ],
  bad: [
    `routing:
  receivers:
    - { type: slack, name: sample-slack, apiUrlFile: /etc/alertmanager/secrets/slack }
  teams:
    sample: { page: sample-slack, ticket: sample-slack }
  routes:
    - { matchers: { servce: sample }, receivers: [sample-slack] }
groups:
  - name: sample
    rules:
      - { alert: SampleDown, expr: 'up{job="sample"} == 0', severity: page, for: 5m }
`,
  ],
  messages: {
    unknown:
      "expected a label some alert carries in matcher {{matcher}}, got {{label}}, which no alert of the estate has (the matcher never matches)",
  },
  check({ routing, alerts }) {
    return writtenMatchers(routing).flatMap(({ path, matchers }) =>
      matchersOf(matchers).flatMap((m) => {
        // Matchers that accept the empty value match alerts without the label on purpose.
        if (matches(m, {}) || mayCarry(alerts, m.name)) return [];
        return [
          {
            messageId: "unknown" as const,
            data: { matcher: `${m.name}${m.op}${JSON.stringify(m.value)}`, label: m.name },
            subject: m.name,
            path: [...path, m.name],
          },
        ];
      }),
    );
  },
};
