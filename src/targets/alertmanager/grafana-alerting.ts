import type * as alerting from "@grafana/grafana-foundation-sdk/alerting";
import { sdk } from "../grafana/sdk.ts";
import { uidFromSlug } from "../../model/dashboards.ts";
import type { Receiver, ReceiverType } from "../../model/receivers.ts";
import type { GrafanaAlertingSettings, Routing } from "../../model/routing.ts";
import { literalDollars } from "../grafana/provisioning.ts";
import type { FileOf } from "../shared/file-of.ts";
import type { AmTimeInterval } from "./config-file.ts";
import type { LabelMatcher } from "./matchers.ts";
import { amTimeInterval } from "./time-interval-file.ts";
import type { RouteNode } from "./tree.ts";

/**
 * Grafana-managed alerting as file provisioning
 * (grafana.com/docs/grafana/latest/alerting/set-up/provision-alerting-resources/file-provisioning/):
 * the routing's receivers as contact points, its route tree as the
 * organisation's notification policy tree, its time intervals as mute
 * timings. Contact points and policies are built with the foundation SDK's
 * alerting builders; mute timings are not, because the SDK's `MuteTiming`
 * models the Go struct (`{ begin, end }` numbers, `{ from, to }` times)
 * while Grafana reads them as Alertmanager's timeinterval YAML
 * (`start_time`, `"monday:friday"`), as alertmanager.yml has them.
 *
 * Grafana expands `$NAME`, `${NAME}`, `$__env{…}` and `$__file{…}` in
 * contact point settings and in the policy tree (provisioning/values), so
 * every literal `$` there is written `$$`, and secrets are `$__file{path}`
 * references to the files alertmanager.yml names. Mute timings are read as
 * they are (no expansion). Grafana has no inhibition rules: the
 * inhibitions stay in alertmanager.yml.
 */
export interface GrafanaAlertingProvisioning {
  apiVersion: 1;
  contactPoints: GrafanaContactPoint[];
  policies: GrafanaPolicy[];
  muteTimes?: GrafanaMuteTime[];
}

export interface GrafanaIntegration {
  uid: string;
  type: alerting.ContactPoint["type"];
  settings: Record<string, unknown>;
  disableResolveMessage: boolean;
}

export interface GrafanaContactPoint {
  orgId: number;
  name: string;
  receivers: GrafanaIntegration[];
}

/** The root policy of an organisation: its `orgId`, then the route as Grafana's API has it. */
export type GrafanaPolicy = { orgId: number } & alerting.NotificationPolicy;

export interface GrafanaMuteTime {
  orgId: number;
  name: string;
  time_intervals: AmTimeInterval[];
}

export type GrafanaAlertingOutput = FileOf<"grafana-alerting", GrafanaAlertingProvisioning>;

/** Grafana's name for each receiver kind (grafana/alerting receivers/*). */
const GRAFANA_TYPE: Record<ReceiverType, alerting.ContactPoint["type"]> = {
  slack: "slack",
  pagerduty: "pagerduty",
  webhook: "webhook",
  email: "email",
  opsgenie: "opsgenie",
  msteams: "teams",
};

/**
 * Alertmanager's `send_resolved` when a receiver leaves it out
 * (config/notifiers.go, Default*Config): Grafana's default is the
 * opposite for Slack and email, so `disableResolveMessage` is always written.
 */
export const ALERTMANAGER_SEND_RESOLVED: Record<ReceiverType, boolean> = {
  slack: false,
  pagerduty: true,
  webhook: true,
  email: false,
  opsgenie: true,
  msteams: true,
};

/** A secret as Grafana reads it at provisioning: the file's contents, trimmed. */
export function fileReference(path: string): string {
  return `$__file{${path}}`;
}

/** A setting read from a secret file. */
interface FileSecret {
  file: string;
}

type Setting = string | number | FileSecret | undefined;

const secret = (path: string | undefined): FileSecret | undefined =>
  path === undefined ? undefined : { file: path };

/**
 * Fields left out when not set, in the order given: a literal string keeps
 * its `$` (written `$$`), a secret becomes the one Grafana reference.
 */
function settings(fields: [string, Setting][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of fields) {
    if (v === undefined) continue;
    out[k] =
      typeof v === "string" ? literalDollars(v) : typeof v === "number" ? v : fileReference(v.file);
  }
  return out;
}

/**
 * One receiver's integration settings, keyed as grafana/alerting's
 * receivers/<type>/v1/config.go reads them. Email has only its addresses:
 * Grafana sends mail through its own `[smtp]` server settings, so `from`,
 * `smarthost` and the SMTP login are Grafana's configuration, not the
 * contact point's.
 */
function integrationSettings(r: Receiver): [string, Setting][] {
  switch (r.type) {
    case "slack":
      return [
        ["url", secret(r.apiUrlFile)],
        ["recipient", r.channel],
        ["title", r.title],
        ["text", r.text],
      ];
    case "pagerduty":
      return [
        ["integrationKey", secret(r.routingKeyFile)],
        ["severity", r.severity],
      ];
    case "webhook":
      return [
        ["url", r.url],
        ["maxAlerts", r.maxAlerts],
        // Grafana's scheme defaults to Bearer, as Alertmanager's authorization.type does.
        ["authorization_credentials", secret(r.credentialsFile)],
      ];
    case "email":
      return [["addresses", r.to]];
    case "opsgenie":
      return [["apiKey", secret(r.apiKeyFile)]];
    case "msteams":
      return [
        ["url", secret(r.webhookUrlFile)],
        ["title", r.title],
        ["message", r.text],
      ];
  }
}

function contactPoint(r: Receiver, orgId: number): GrafanaContactPoint {
  const built = new sdk.alerting.ContactPointBuilder()
    .uid(uidFromSlug(r.name))
    .name(r.name)
    .type(GRAFANA_TYPE[r.type])
    .settings(settings(integrationSettings(r)))
    .disableResolveMessage(!(r.sendResolved ?? ALERTMANAGER_SEND_RESOLVED[r.type]))
    .build();
  return {
    orgId,
    name: r.name,
    receivers: [
      {
        uid: built.uid!,
        type: built.type,
        settings: built.settings as Record<string, unknown>,
        disableResolveMessage: built.disableResolveMessage!,
      },
    ],
  };
}

/** The SDK's matcher type of an operator (a function: the SDK is loaded on first use). */
function matchType(op: LabelMatcher["op"]): alerting.MatchType {
  const types: Record<LabelMatcher["op"], alerting.MatchType> = {
    "=": sdk.alerting.MatchType.Equal,
    "!=": sdk.alerting.MatchType.NotEqual,
    "=~": sdk.alerting.MatchType.EqualRegex,
    "!~": sdk.alerting.MatchType.NotEqualRegex,
  };
  return types[op];
}

/**
 * One route of the tree as a notification policy, key for key what
 * alertmanager.yml writes: matchers as `object_matchers` ([name, op,
 * value], the value unquoted), the same timing, `continue` and intervals.
 * `receiverOf` maps the default receiver, which has no integrations, to
 * the contact point that stands for it.
 */
function policy(
  node: RouteNode,
  receiverOf: (name: string) => string,
): alerting.NotificationPolicyBuilder {
  const builder = new sdk.alerting.NotificationPolicyBuilder();
  if (node.receiver !== undefined) builder.receiver(receiverOf(node.receiver));
  if (node.groupBy !== undefined) builder.groupBy(node.groupBy);
  if (node.continue) builder.continueVal(true);
  if (node.matchers.length > 0)
    builder.objectMatchers(
      node.matchers.map((m) => [m.name, matchType(m.op), literalDollars(m.value)]),
    );
  if (node.timing?.groupWait !== undefined) builder.groupWait(node.timing.groupWait);
  if (node.timing?.groupInterval !== undefined) builder.groupInterval(node.timing.groupInterval);
  if (node.timing?.repeatInterval !== undefined) builder.repeatInterval(node.timing.repeatInterval);
  if (node.muteTimeIntervals.length > 0)
    builder.muteTimeIntervals(node.muteTimeIntervals.map(literalDollars));
  if (node.activeTimeIntervals.length > 0)
    builder.activeTimeIntervals(node.activeTimeIntervals.map(literalDollars));
  if (node.routes.length > 0) builder.routes(node.routes.map((child) => policy(child, receiverOf)));
  return builder;
}

/**
 * The provisioning document for one organisation. The policy tree replaces
 * the organisation's whole tree, as a provisioned root policy does.
 */
export function grafanaAlertingProvisioning(
  routing: Routing & { grafana: GrafanaAlertingSettings },
  tree: RouteNode,
): GrafanaAlertingProvisioning {
  const { orgId, defaultContactPoint } = routing.grafana;
  const declared = new Set(routing.receivers.map((r) => r.name));
  const receiverOf = (name: string) => (declared.has(name) ? name : defaultContactPoint);
  return {
    apiVersion: 1,
    contactPoints: routing.receivers.map((r) => contactPoint(r, orgId)),
    policies: [{ orgId, ...policy(tree, receiverOf).build() }],
    ...(routing.timeIntervals.length > 0 && {
      muteTimes: routing.timeIntervals.map((t) => ({ orgId, ...amTimeInterval(t) })),
    }),
  };
}
