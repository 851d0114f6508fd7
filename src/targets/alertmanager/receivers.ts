import type { Receiver } from "../../model/receivers.ts";
import type { AmIntegration, AmReceiver } from "./config-file.ts";

/** Fields left out when not set, in the order given. */
function defined(fields: [string, unknown][]): AmIntegration {
  const out: AmIntegration = {};
  for (const [k, v] of fields) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * One receiver in Alertmanager's words. Secrets appear only as the paths
 * of the files holding them (`*_file`), which is all the model can hold.
 */
export function amReceiver(r: Receiver): AmReceiver {
  const resolved = ["send_resolved", r.sendResolved] as [string, unknown];
  switch (r.type) {
    case "slack":
      return {
        name: r.name,
        slack_configs: [
          defined([
            resolved,
            ["api_url_file", r.apiUrlFile],
            ["channel", r.channel],
            ["title", r.title],
            ["text", r.text],
          ]),
        ],
      };
    case "pagerduty":
      return {
        name: r.name,
        pagerduty_configs: [
          defined([
            resolved,
            ["routing_key_file", r.routingKeyFile],
            ["service_key_file", r.serviceKeyFile],
            ["severity", r.severity],
          ]),
        ],
      };
    case "webhook":
      return {
        name: r.name,
        webhook_configs: [
          defined([
            resolved,
            ["url", r.url],
            ["max_alerts", r.maxAlerts],
            [
              "http_config",
              r.credentialsFile === undefined
                ? undefined
                : { authorization: { credentials_file: r.credentialsFile } },
            ],
          ]),
        ],
      };
    case "email":
      return {
        name: r.name,
        email_configs: [
          defined([
            resolved,
            ["to", r.to],
            ["from", r.from],
            ["smarthost", r.smarthost],
            ["auth_username", r.authUsername],
            ["auth_password_file", r.authPasswordFile],
          ]),
        ],
      };
    case "opsgenie":
      return {
        name: r.name,
        opsgenie_configs: [
          defined([resolved, ["api_key_file", r.apiKeyFile], ["priority", r.priority]]),
        ],
      };
    case "msteams":
      return {
        name: r.name,
        msteams_configs: [
          defined([
            resolved,
            ["webhook_url_file", r.webhookUrlFile],
            ["title", r.title],
            ["text", r.text],
          ]),
        ],
      };
  }
}
