import type { IssueSink } from "./issues.ts";
import type { Receiver } from "./receivers.ts";
import type { Routing } from "./routing.ts";

/**
 * What a receiver may not hold when the routing also writes Grafana
 * alerting provisioning (`grafana`), because Grafana cannot say it:
 *
 * - a PagerDuty `serviceKeyFile`: Grafana's PagerDuty integration
 *   (grafana/alerting receivers/pagerduty/v1) has one key, `integrationKey`,
 *   which it sends to the Events API v2; it has no Events API v1 service key;
 * - an OpsGenie `priority`: Grafana's OpsGenie integration has no priority
 *   setting (it takes the priority from an alert's `og_priority` label);
 * - a secret file Grafana cannot reference: the file is read through
 *   `$__file{path}`, whose path ends at the first `}` and is split at `$$`
 *   (pkg/setting/expanders.go, provisioning/values), and a relative path
 *   would be read from Grafana's working folder, not beside alertmanager.yml.
 */
export function checkGrafanaReceivers(routing: Routing, ctx: IssueSink): void {
  if (routing.grafana === undefined) return;
  routing.receivers.forEach((receiver, index) => {
    for (const { field, message } of grafanaProblems(receiver))
      ctx.addIssue({
        code: "custom",
        path: ["receivers", index, field],
        input: undefined,
        message,
      });
  });
}

interface ReceiverProblem {
  field: string;
  message: string;
}

function grafanaProblems(receiver: Receiver): ReceiverProblem[] {
  const problems: ReceiverProblem[] = [];
  if (receiver.type === "pagerduty" && receiver.serviceKeyFile !== undefined)
    problems.push({
      field: "serviceKeyFile",
      message:
        "expected routingKeyFile when the routing sets grafana, got serviceKeyFile: Grafana's PagerDuty integration sends to the Events API v2 only, with a routing key (integrationKey), and has no Events API v1 service key",
    });
  if (receiver.type === "opsgenie" && receiver.priority !== undefined)
    problems.push({
      field: "priority",
      message: `expected no priority when the routing sets grafana, got ${JSON.stringify(receiver.priority)}: Grafana's OpsGenie integration has no priority setting (it reads an alert's og_priority label)`,
    });
  for (const [field, path] of secretFiles(receiver)) {
    if (path === undefined) continue;
    if (!path.startsWith("/"))
      problems.push({
        field,
        message: `expected an absolute path when the routing sets grafana, got ${JSON.stringify(path)}: Grafana reads $__file{…} from its own working folder, not beside alertmanager.yml`,
      });
    else if (/[$}]/.test(path))
      problems.push({
        field,
        message: `expected a path without $ or } when the routing sets grafana, got ${JSON.stringify(path)}: Grafana's $__file{…} cannot hold them`,
      });
  }
  return problems;
}

/** The secret files of a receiver that its Grafana integration reads. */
function secretFiles(receiver: Receiver): [string, string | undefined][] {
  switch (receiver.type) {
    case "slack":
      return [["apiUrlFile", receiver.apiUrlFile]];
    case "pagerduty":
      return [["routingKeyFile", receiver.routingKeyFile]];
    case "webhook":
      return [["credentialsFile", receiver.credentialsFile]];
    case "opsgenie":
      return [["apiKeyFile", receiver.apiKeyFile]];
    case "msteams":
      return [["webhookUrlFile", receiver.webhookUrlFile]];
    // Grafana sends mail through its own [smtp] server settings: the password is not the receiver's.
    case "email":
      return [];
  }
}
