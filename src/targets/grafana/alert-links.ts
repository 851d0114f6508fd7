import { quoteString } from "../../core/string-literal.ts";
import { exploreUrl } from "../../logql/explore-url.ts";
import { customDashboardUid, dashboardUrl, generatedDashboardUid } from "../../model/dashboards.ts";
import type { Service } from "../../model/service.ts";
import type { Slo } from "../../model/slo.ts";
import { generatedKinds } from "./compile.ts";
import type { GrafanaSettings } from "./settings.ts";

/**
 * Trace-first links on every alert obsforge writes, when the estate names
 * its Grafana (estate.json `grafana`): the alert's dashboard, and Grafana
 * Explore on the service's logs (Loki) and traces (Tempo).
 *
 * The time range is relative, `now-<window>` to `now`, because a rule's
 * annotations cannot hold the alert's start: Prometheus and Loki render
 * them with `$labels`, `$value` and `$externalLabels` only (`.StartsAt`
 * exists in Alertmanager's notification templates, not in rule
 * annotations), and `{{ query "time()" }}` would give the latest
 * evaluation, changing the annotation on every evaluation. Opened within
 * `window` of the alert firing, the range covers its start.
 */

export interface AlertLinks {
  grafanaUrl: string;
  orgId?: number;
  /** How far back the Explore links look, a Grafana relative range such as `1h`. */
  window: string;
  lokiUid: string;
  tempoUid: string;
}

/** The links alerts get under `settings`: none unless the estate names its Grafana (a link window). */
export function alertLinksOf(settings: GrafanaSettings): AlertLinks | undefined {
  if (settings.linkWindow === undefined) return undefined;
  return {
    grafanaUrl: settings.url,
    ...(settings.orgId !== undefined && { orgId: settings.orgId }),
    window: settings.linkWindow,
    lokiUid: settings.loki.uid,
    tempoUid: settings.tempo.uid,
  };
}

/** What rule compilers take: the Grafana URL for typed dashboard links, and the links to add (if any). */
export interface RuleLinkOptions {
  grafanaUrl?: string;
  alertLinks?: AlertLinks | undefined;
}

/** What the links are for: a hand-written alert, a log alert, or an SLO's alert. */
export type LinkedAlert = { kind: "rule" } | { kind: "log" } | { kind: "slo"; slo: Slo };

/** Annotation keys of the links (the dashboard one is the key people write themselves). */
export const LINK_ANNOTATIONS = {
  dashboard: "dashboard",
  logs: "logs_url",
  traces: "traces_url",
} as const;

/** The link annotations `alert` gets; keys already in `existing` are left to the author. */
export function alertLinkAnnotations(
  service: Service,
  alert: LinkedAlert,
  options: { links: AlertLinks; existing: Readonly<Record<string, string>> },
): Record<string, string> {
  const { links, existing } = options;
  const out: Record<string, string> = {};
  const uid = alertDashboardUid(service, alert);
  if (uid !== undefined && !(LINK_ANNOTATIONS.dashboard in existing)) {
    // The RED dashboard opens on the service's job, as dashboardLink({ dashboard: "red" }) does.
    const vars: Record<string, string> =
      uid === generatedDashboardUid(service.name, "red") ? { job: service.name } : {};
    const url = dashboardUrl(links.grafanaUrl, uid, vars);
    out[LINK_ANNOTATIONS.dashboard] =
      links.orgId === undefined
        ? url
        : `${url}${url.includes("?") ? "&" : "?"}orgId=${links.orgId}`;
  }
  const explore = (datasourceType: string, datasourceUid: string, expr: string) =>
    exploreUrl({
      grafanaUrl: links.grafanaUrl,
      datasourceType,
      datasourceUid,
      expr,
      range: links.window,
      ...(links.orgId !== undefined && { orgId: links.orgId }),
    });
  // A log alert's explore_url already shows its own lines.
  if (
    service.logs !== undefined &&
    !("explore_url" in existing) &&
    !(LINK_ANNOTATIONS.logs in existing)
  ) {
    out[LINK_ANNOTATIONS.logs] = explore("loki", links.lokiUid, service.logs.selector);
  }
  if (!(LINK_ANNOTATIONS.traces in existing)) {
    out[LINK_ANNOTATIONS.traces] = explore("tempo", links.tempoUid, traceQuery(service, alert));
  }
  return out;
}

/**
 * The dashboard an alert opens: an SLO alert its SLO dashboard, a log alert
 * the logs dashboard, any other the RED dashboard; else whichever the
 * service has, generated (SLO, RED, logs) before hand-written.
 */
export function alertDashboardUid(service: Service, alert: LinkedAlert): string | undefined {
  const kinds = generatedKinds(service);
  const preferred = alert.kind === "slo" ? "slo" : alert.kind === "log" ? "logs" : "red";
  const kind = kinds.includes(preferred) ? preferred : kinds[0];
  if (kind !== undefined) return generatedDashboardUid(service.name, kind);
  const custom = service.dashboards.custom[0];
  return custom === undefined ? undefined : customDashboardUid(service.name, custom);
}

/**
 * TraceQL for the spans behind the alert: the service's spans with an
 * error status, or, for a latency SLO, its server spans slower than the
 * threshold (in ms when the histogram is, else in seconds).
 */
export function traceQuery(service: Service, alert: LinkedAlert): string {
  const name = `resource.service.name = ${quoteString(service.name)}`;
  if (alert.kind === "slo" && alert.slo.sli.kind === "latency") {
    const { metric, threshold } = alert.slo.sli;
    const unit = metric.endsWith("_milliseconds") ? "ms" : "s";
    return `{ ${name} && kind = server && duration > ${threshold}${unit} }`;
  }
  return `{ ${name} && status = error }`;
}
