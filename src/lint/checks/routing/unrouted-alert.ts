import type { RoutingCheck } from "../../check.ts";
import { fallsToDefault, matchRoutes } from "../../../targets/alertmanager/route-match.ts";

const SAMPLE_ROUTING = `routing:
  receivers:
    - { type: slack, name: sample-slack, apiUrlFile: /etc/alertmanager/secrets/slack }
    - { type: pagerduty, name: sample-pagerduty, routingKeyFile: /etc/alertmanager/secrets/pd }
  teams:
    sample: { page: sample-pagerduty, ticket: sample-slack }
`;

export const unroutedAlert: RoutingCheck<"unrouted"> = {
  id: "routing/unrouted-alert",
  target: "routing",
  severity: "error",
  docs: `Every alert reaches a route of its own: none ends on the default receiver.

Why: the root route's receiver takes what no route matches. An alert that
lands there reaches nobody who owns it (obsforge's default receiver has no
integrations at all), so a page can be lost without a trace. It happens when a
service's team has no entry in \`teams\`, or an alert's severity is not in
\`severities\`. The check follows Alertmanager's route matching on the labels
each alert carries in out/ (its static labels and, for SLO alerts, the SLO's
ids); \`obsforge test\` proves the same with amtool.`,
  good: [
    `${SAMPLE_ROUTING}groups:
  - name: sample
    rules:
      - { alert: SampleDown, expr: 'up{job="sample"} == 0', severity: page, for: 5m }
`,
  ],
  bad: [
    `${SAMPLE_ROUTING.replace("sample: {", "storage: {")}groups:
  - name: sample
    rules:
      - { alert: SampleDown, expr: 'up{job="sample"} == 0', severity: page, for: 5m }
`,
    `${SAMPLE_ROUTING}  severities: { page: page }
groups:
  - name: sample
    rules:
      - { alert: SampleSlow, expr: 'vector(1) > 0', severity: ticket }
`,
  ],
  messages: {
    unrouted:
      "expected a route for alert {{alert}} ({{file}}, team {{team}}, severity {{severity}}), got none: it goes to the default receiver {{receiver}}; {{fix}}",
  },
  check({ routing, tree, alerts }) {
    return alerts.flatMap((alert) => {
      const matches = matchRoutes(tree, alert.labels);
      if (!fallsToDefault(tree, matches)) return [];
      const team = alert.labels.team;
      const severity = alert.labels.severity;
      const noTeam = team === undefined || routing.teams[team] === undefined;
      return [
        {
          messageId: "unrouted" as const,
          data: {
            alert: alert.name,
            file: alert.file,
            team: JSON.stringify(team ?? ""),
            severity: JSON.stringify(severity ?? ""),
            receiver: matches[0]!.receiver,
            fix: noTeam
              ? "add its team to teams"
              : "add its severity to severities (page or ticket)",
          },
          subject: alert.name,
          path: noTeam ? ["teams"] : ["severities"],
        },
      ];
    });
  },
};
