import { compareStrings } from "../../core/order.ts";
import type { Estate } from "../../model/estate.ts";
import { ARTIFACT_PATHS } from "../shared/artifact-paths.ts";
import { estateAlerts, type EstateAlert } from "./alerts.ts";
import type { AlertmanagerConfig, AlertmanagerOutput, AmRoute } from "./config-file.ts";
import { type InhibitionRule, inhibitionRules } from "./inhibitions.ts";
import { formatMatcher } from "./matchers.ts";
import { amReceiver } from "./receivers.ts";
import { type AlertmanagerCrdOutput, alertmanagerConfigResource } from "./crd.ts";
import { type GrafanaAlertingOutput, grafanaAlertingProvisioning } from "./grafana-alerting.ts";
import { routingTestsFile, type RoutingTestsOutput } from "./routing-tests.ts";
import { type RouteNode, routeTree } from "./tree.ts";
import { amTimeInterval } from "./time-interval-file.ts";

/** What routing compiles to before it is written: the tree and rules the semantics read. */
export interface CompiledRouting {
  tree: RouteNode;
  inhibitions: InhibitionRule[];
  alerts: EstateAlert[];
  config: AlertmanagerConfig;
}

/** The estate's routing compiled; undefined when the estate has no routing definition. */
export function compileRouting(
  estate: Estate,
  alerts = estateAlerts(estate),
): CompiledRouting | undefined {
  const routing = estate.routing?.value;
  if (routing === undefined) return undefined;
  const tree = routeTree(routing);
  const inhibitions = inhibitionRules(routing, alerts);
  const receivers = routing.receivers.map(amReceiver);
  // The root needs a receiver; unless one is declared under its name, it is an empty one (a sink).
  if (!receivers.some((r) => r.name === routing.defaultReceiver))
    receivers.push({ name: routing.defaultReceiver });
  const config: AlertmanagerConfig = {
    route: amRoute(tree),
    receivers,
    ...(inhibitions.length > 0 && {
      inhibit_rules: inhibitions.map((r) => ({
        source_matchers: r.source.map(formatMatcher),
        target_matchers: r.target.map(formatMatcher),
        ...(r.equal.length > 0 && { equal: r.equal }),
      })),
    }),
    ...(routing.timeIntervals.length > 0 && {
      time_intervals: routing.timeIntervals.map(amTimeInterval),
    }),
  };
  return { tree, inhibitions, alerts, config };
}

/**
 * out/alertmanager/: the configuration and its routing tests, from the
 * routing module and every alert; with `grafana`, the same routing as
 * Grafana alerting provisioning.
 */
export function alertmanagerFiles(
  estate: Estate,
): (AlertmanagerOutput | RoutingTestsOutput | AlertmanagerCrdOutput | GrafanaAlertingOutput)[] {
  if (estate.routing === undefined) return [];
  const alerts = estateAlerts(estate);
  const config = alertmanagerFile(estate, alerts);
  const crd = alertmanagerCrdFile(estate, alerts);
  const tests = routingTestsFile(estate, alerts);
  return [config, crd, tests, grafanaAlertingFile(estate)].filter((f) => f !== undefined);
}

/**
 * out/grafana/provisioning/alerting.yml, when the routing asks for Grafana
 * output. It reads the routing module only: the tree does not depend on
 * the alerts, and Grafana has no inhibitions to derive from them.
 */
export function grafanaAlertingFile(estate: Estate): GrafanaAlertingOutput | undefined {
  const routing = estate.routing;
  const grafana = routing?.value.grafana;
  if (routing === undefined || grafana === undefined) return undefined;
  return {
    kind: "grafana-alerting",
    path: ARTIFACT_PATHS.alertingProvisioning,
    sources: [routing.source],
    content: grafanaAlertingProvisioning({ ...routing.value, grafana }, routeTree(routing.value)),
  };
}

/** out/alertmanager/alertmanagerconfig.yml, when the routing asks for Kubernetes output. */
export function alertmanagerCrdFile(
  estate: Estate,
  alerts = estateAlerts(estate),
): AlertmanagerCrdOutput | undefined {
  const routing = estate.routing;
  const kubernetes = routing?.value.kubernetes;
  if (routing === undefined || kubernetes === undefined) return undefined;
  const compiled = compileRouting(estate, alerts)!;
  return {
    kind: "alertmanager-crd",
    path: ARTIFACT_PATHS.alertmanagerCrd,
    sources: sourcesOfRouting(estate),
    namespace: kubernetes.namespace,
    content: alertmanagerConfigResource({ ...routing.value, kubernetes }, compiled),
  };
}

function sourcesOfRouting(estate: Estate): string[] {
  return [estate.routing!.source, ...estate.services.map((s) => s.source)]
    .filter((s, i, all) => all.indexOf(s) === i)
    .sort(compareStrings);
}

/** out/alertmanager/alertmanager.yml, from the routing module and every service's alerts. */
export function alertmanagerFile(
  estate: Estate,
  alerts = estateAlerts(estate),
): AlertmanagerOutput | undefined {
  const compiled = compileRouting(estate, alerts);
  if (compiled === undefined || estate.routing === undefined) return undefined;
  return {
    kind: "alertmanager-config",
    path: ARTIFACT_PATHS.alertmanagerConfig,
    sources: sourcesOfRouting(estate),
    content: compiled.config,
    descriptions: compiled.inhibitions.map((r) => r.description),
  };
}

function amRoute(route: RouteNode): AmRoute {
  const out: AmRoute = {};
  if (route.receiver !== undefined) out.receiver = route.receiver;
  if (route.groupBy !== undefined) out.group_by = route.groupBy;
  if (route.continue) out.continue = true;
  if (route.matchers.length > 0) out.matchers = route.matchers.map(formatMatcher);
  if (route.timing?.groupWait !== undefined) out.group_wait = route.timing.groupWait;
  if (route.timing?.groupInterval !== undefined) out.group_interval = route.timing.groupInterval;
  if (route.timing?.repeatInterval !== undefined) out.repeat_interval = route.timing.repeatInterval;
  if (route.muteTimeIntervals.length > 0) out.mute_time_intervals = route.muteTimeIntervals;
  if (route.activeTimeIntervals.length > 0) out.active_time_intervals = route.activeTimeIntervals;
  if (route.routes.length > 0) out.routes = route.routes.map(amRoute);
  return out;
}
