import type { RoutingCheck } from "../../check.ts";
import type { RouteNode } from "../../../targets/alertmanager/tree.ts";

function receiversOf(route: RouteNode, into: Set<string>): Set<string> {
  if (route.receiver !== undefined) into.add(route.receiver);
  for (const child of route.routes) receiversOf(child, into);
  return into;
}

export const unusedReceiver: RoutingCheck<"unused"> = {
  id: "routing/unused-receiver",
  target: "routing",
  severity: "warning",
  docs: `Every receiver is used by some route.

Why: a receiver no route names never gets a notification. It is usually a
leftover of a team that moved, or a typo's twin: the route names
\`payments-slack\` while the receiver with the real webhook is
\`payment-slack\`. Remove it, or route to it.`,
  good: [
    `routing:
  receivers:
    - { type: slack, name: sample-slack, apiUrlFile: /etc/alertmanager/secrets/slack }
  teams:
    sample: { page: sample-slack, ticket: sample-slack }
groups: []
`,
  ],
  bad: [
    `routing:
  receivers:
    - { type: slack, name: sample-slack, apiUrlFile: /etc/alertmanager/secrets/slack }
    - { type: slack, name: old-slack, apiUrlFile: /etc/alertmanager/secrets/old-slack }
  teams:
    sample: { page: sample-slack, ticket: sample-slack }
groups: []
`,
  ],
  messages: {
    unused: "expected a route to receiver {{receiver}}, got none (it never gets a notification)",
  },
  check({ routing, tree }) {
    const used = receiversOf(tree, new Set());
    return routing.receivers.flatMap((r, i) =>
      used.has(r.name)
        ? []
        : [
            {
              messageId: "unused" as const,
              data: { receiver: r.name },
              subject: r.name,
              path: ["receivers", i, "name"],
            },
          ],
    );
  },
};
