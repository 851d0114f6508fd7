import type { Receiver } from "../../model/receivers.ts";
import type { NamedTimeInterval, Routing } from "../../model/routing.ts";
import type { FileOf } from "../shared/file-of.ts";
import type { InhibitionRule } from "./inhibitions.ts";
import type { LabelMatcher } from "./matchers.ts";
import type { RouteNode } from "./tree.ts";

/** A Prometheus Operator AlertmanagerConfig (monitoring.coreos.com/v1alpha1), as written. */
export interface AlertmanagerConfigResource {
  apiVersion: "monitoring.coreos.com/v1alpha1";
  kind: "AlertmanagerConfig";
  metadata: { name: string; namespace: string };
  spec: {
    route: CrdRoute;
    receivers: Record<string, unknown>[];
    inhibitRules?: { sourceMatch: CrdMatcher[]; targetMatch: CrdMatcher[]; equal?: string[] }[];
    muteTimeIntervals?: { name: string; timeIntervals: Record<string, unknown>[] }[];
  };
}

interface CrdMatcher {
  name: string;
  value: string;
  matchType: LabelMatcher["op"];
}

interface CrdRoute {
  receiver?: string;
  groupBy?: string[];
  continue?: boolean;
  matchers?: CrdMatcher[];
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
  muteTimeIntervals?: string[];
  activeTimeIntervals?: string[];
  routes?: CrdRoute[];
}

export interface AlertmanagerCrdOutput
  extends FileOf<"alertmanager-crd", AlertmanagerConfigResource> {
  namespace: string;
}

const matcher = (m: LabelMatcher): CrdMatcher => ({
  name: m.name,
  value: m.value,
  matchType: m.op,
});

function route(node: RouteNode): CrdRoute {
  const out: CrdRoute = {};
  if (node.receiver !== undefined) out.receiver = node.receiver;
  if (node.groupBy !== undefined) out.groupBy = node.groupBy;
  if (node.continue) out.continue = true;
  if (node.matchers.length > 0) out.matchers = node.matchers.map(matcher);
  if (node.timing?.groupWait !== undefined) out.groupWait = node.timing.groupWait;
  if (node.timing?.groupInterval !== undefined) out.groupInterval = node.timing.groupInterval;
  if (node.timing?.repeatInterval !== undefined) out.repeatInterval = node.timing.repeatInterval;
  if (node.muteTimeIntervals.length > 0) out.muteTimeIntervals = node.muteTimeIntervals;
  if (node.activeTimeIntervals.length > 0) out.activeTimeIntervals = node.activeTimeIntervals;
  if (node.routes.length > 0) out.routes = node.routes.map(route);
  return out;
}

/** The key of the one Secret a `…File` path stands for: its file name. */
function secretRef(path: string | undefined, secret: string) {
  return path === undefined ? undefined : { name: secret, key: path.split("/").pop()! };
}

function defined(fields: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of fields) if (v !== undefined) out[k] = v;
  return out;
}

function receiver(r: Receiver, secret: string): Record<string, unknown> {
  const ref = (path: string | undefined) => secretRef(path, secret);
  const resolved: [string, unknown] = ["sendResolved", r.sendResolved];
  const one = (key: string, fields: [string, unknown][]) => ({
    name: r.name,
    [key]: [defined([resolved, ...fields])],
  });
  switch (r.type) {
    case "slack":
      return one("slackConfigs", [
        ["apiURL", ref(r.apiUrlFile)],
        ["channel", r.channel],
        ["title", r.title],
        ["text", r.text],
      ]);
    case "pagerduty":
      return one("pagerdutyConfigs", [
        ["routingKey", ref(r.routingKeyFile)],
        ["serviceKey", ref(r.serviceKeyFile)],
        ["severity", r.severity],
      ]);
    case "webhook":
      return one("webhookConfigs", [
        ["url", r.url],
        ["maxAlerts", r.maxAlerts],
        [
          "httpConfig",
          r.credentialsFile === undefined
            ? undefined
            : { authorization: { credentials: ref(r.credentialsFile) } },
        ],
      ]);
    case "email":
      return one("emailConfigs", [
        ["to", r.to],
        ["from", r.from],
        ["smarthost", r.smarthost],
        ["authUsername", r.authUsername],
        ["authPassword", ref(r.authPasswordFile)],
      ]);
    case "opsgenie":
      return one("opsgenieConfigs", [
        ["apiKey", ref(r.apiKeyFile)],
        ["priority", r.priority],
      ]);
    case "msteams":
      return one("msteamsConfigs", [
        ["webhookUrl", ref(r.webhookUrlFile)],
        ["title", r.title],
        ["text", r.text],
      ]);
  }
}

/** `"1:7"` → `{ start: 1, end: 7 }`, `"-1"` → `{ start: -1, end: -1 }`. */
function dayRange(range: string): { start: number; end: number } {
  const [from, to = from] = range.split(":") as [string, string?];
  return { start: Number(from), end: Number(to) };
}

function timeInterval(t: NamedTimeInterval) {
  return {
    name: t.name,
    timeIntervals: t.intervals.map((i) =>
      defined([
        ["times", i.times?.map((r) => ({ startTime: r.start, endTime: r.end }))],
        ["weekdays", i.weekdays],
        ["daysOfMonth", i.daysOfMonth?.map(dayRange)],
        ["months", i.months],
        ["years", i.years],
        ["location", i.location],
      ]),
    ),
  };
}

/**
 * The routing as one AlertmanagerConfig resource. The operator merges it
 * into its Alertmanager's configuration under a route that matches
 * `namespace="<its namespace>"` (and adds that matcher to its inhibit
 * rules) unless the Alertmanager resource sets
 * `alertmanagerConfigMatcherStrategy: { type: None }`: the estate's alerts
 * reach these routes only with that label, or with the strategy set.
 */
export function alertmanagerConfigResource(
  routing: Routing & { kubernetes: NonNullable<Routing["kubernetes"]> },
  compiled: { tree: RouteNode; inhibitions: readonly InhibitionRule[] },
): AlertmanagerConfigResource {
  const { namespace, name, secret } = routing.kubernetes;
  const receivers = routing.receivers.map((r) => receiver(r, secret));
  if (!routing.receivers.some((r) => r.name === routing.defaultReceiver))
    receivers.push({ name: routing.defaultReceiver });
  return {
    apiVersion: "monitoring.coreos.com/v1alpha1",
    kind: "AlertmanagerConfig",
    metadata: { name, namespace },
    spec: {
      route: route(compiled.tree),
      receivers,
      ...(compiled.inhibitions.length > 0 && {
        inhibitRules: compiled.inhibitions.map((r) => ({
          sourceMatch: r.source.map(matcher),
          targetMatch: r.target.map(matcher),
          ...(r.equal.length > 0 && { equal: r.equal }),
        })),
      }),
      ...(routing.timeIntervals.length > 0 && {
        muteTimeIntervals: routing.timeIntervals.map(timeInterval),
      }),
    },
  };
}
