import {
  defineService,
  slo,
  spanAvailabilitySli,
  spanLatencySli,
  spanMetrics,
  spanRedDashboard,
} from "obsforge";
import { RUNBOOKS } from "./lib/common.ts";

// The shipping-label API: traced with OpenTelemetry and no metrics of its own.
// The collector's spanmetrics connector (default namespace traces.span.metrics,
// histogram in ms) turns its spans into RED series, scraped from the collector
// as job "otel-collector"; the SLOs and the dashboard read those alone.
const spans = spanMetrics({ flavour: "connector", service: "shipping-api" });

export default defineService({
  name: "shipping-api",
  team: "payments",
  description: "Creates shipping labels for paid orders (SLOs from span metrics)",
  metrics: spans.metrics,
  slos: [
    slo({
      name: "span-availability",
      description: "Server spans of shipping-api that end without an error status.",
      objective: 99.5,
      period: "28d",
      sli: spanAvailabilitySli(spans),
      alerting: {
        name: "ShippingAvailabilityBudgetBurn",
        page: { severity: "page" },
        ticket: { severity: "ticket" },
        annotations: { runbookUrl: `${RUNBOOKS}/shipping-api/slo-availability` },
      },
    }),
    slo({
      name: "span-latency",
      description: "Server spans of shipping-api that take at most 400ms.",
      objective: 99,
      period: "28d",
      // 0.4 s is the connector's 400 ms bucket bound.
      sli: spanLatencySli(spans, { thresholdSeconds: 0.4 }),
      alerting: {
        name: "ShippingLatencyBudgetBurn",
        page: { severity: "page" },
        ticket: { severity: "ticket" },
        annotations: { runbookUrl: `${RUNBOOKS}/shipping-api/slo-latency` },
      },
    }),
  ],
  dashboards: {
    // The catalogue's RED dashboard knows no span status; the span dashboard replaces it.
    generate: { red: false },
    custom: [spanRedDashboard(spans, { job: "otel-collector" })],
  },
});
