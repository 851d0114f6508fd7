// Imported by obsforge from nginx.yaml.
import { WINDOW, defineService, eventRatioSli, slo } from "obsforge";

export default defineService({
  name: "lastfm",
  team: "lastfm",
  sloth: { spec: "pyrra.dev/v1alpha1", mode: "pyrra" },
  slos: [
    slo({
      name: "nginx-api-errors",
      objective: 99.9,
      period: "4w",
      sli: eventRatioSli({
        errorQuery: `sum(rate(nginx_ingress_controller_requests{namespace="lastfm", ingress="lastfm", service="lastfm", status=~"5.."}[${WINDOW}]))`,
        totalQuery: `sum(rate(nginx_ingress_controller_requests{namespace="lastfm", ingress="lastfm", service="lastfm"}[${WINDOW}]))`,
      }),
      labels: { namespace: "lastfm", ingress: "lastfm", slo: "nginx-api-errors" },
      alerting: { mode: "pyrra", name: "ErrorBudgetBurn", noData: { for: "3m", severity: "critical" } },
    }),
    slo({
      name: "nginx-api-latency",
      objective: 90,
      period: "4w",
      sli: eventRatioSli({
        errorQuery: `sum(rate(nginx_ingress_controller_request_duration_seconds_count{namespace="lastfm", ingress="lastfm", service="lastfm"}[${WINDOW}])) - sum(rate(nginx_ingress_controller_request_duration_seconds_bucket{namespace="lastfm", ingress="lastfm", service="lastfm", status=~"5..", le="1"}[${WINDOW}]))`,
        totalQuery: `sum(rate(nginx_ingress_controller_request_duration_seconds_count{namespace="lastfm", ingress="lastfm", service="lastfm"}[${WINDOW}]))`,
      }),
      labels: { namespace: "lastfm", ingress: "lastfm", slo: "nginx-api-latency" },
      alerting: {
        mode: "pyrra",
        name: "ErrorBudgetBurn",
        page: { disableTiers: [0] },
        noData: { for: "86m", severity: "critical" },
      },
    }),
  ],
});
