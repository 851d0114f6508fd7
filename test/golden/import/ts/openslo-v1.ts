// Imported by obsforge from slos.yaml.
import { WINDOW, defineService, eventRatioSli, rawSli, slo } from "obsforge";

export default defineService({
  name: "checkout",
  team: "payments",
  description: "Checkout API",
  sloth: { spec: "openslo/v1", mode: "openslo" },
  slos: [
    slo({
      name: "availability",
      objective: 99.5,
      period: "28d",
      sli: eventRatioSli({
        errorQuery: `sum(rate(http_requests_total{job="checkout",code=~"5.."}[${WINDOW}]))`,
        totalQuery: `sum(rate(http_requests_total{job="checkout"}[${WINDOW}]))`,
      }),
      alerting: {
        mode: "per-tier",
        page: {
          severity: "page",
          labels: { openslo_notification_target: "pager" },
          tiers: [{ longWindow: "1h", shortWindow: "1h", factor: 14, for: "5m" }],
        },
        ticket: {
          severity: "ticket",
          labels: { openslo_notification_target: "team-email" },
          tiers: [{ longWindow: "1d", shortWindow: "1d", factor: 3, for: "1h" }],
        },
        noData: {},
      },
    }),
    slo({
      name: "latency",
      objective: 99,
      period: "4w",
      sli: rawSli({
        errorRatioQuery: `1 - avg_over_time(((histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="checkout"}[5m])))) <= bool 0.3)[${WINDOW}:])`,
      }),
      alerting: { page: { disable: true }, ticket: { disable: true }, noData: { disable: true } },
    }),
  ],
});
