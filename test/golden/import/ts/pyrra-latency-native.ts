// Imported by obsforge from pyrra-connect-latency.yaml.
import { WINDOW, defineService, rawSli, slo } from "obsforge";

export default defineService({
  name: "monitoring",
  team: "monitoring",
  sloth: { spec: "pyrra.dev/v1alpha1", mode: "pyrra" },
  slos: [
    slo({
      name: "pyrra-connect-latency",
      description: "Pyrra serves API requests with connect-go either via gRPC or HTTP.",
      objective: 99,
      period: "2w",
      sli: rawSli({
        errorRatioQuery: `1 - histogram_fraction(0, 0.2, sum by (method, service) (rate(connect_server_requests_duration_seconds{job="pyrra", code="ok"}[${WINDOW}])))`,
      }),
      labels: { job: "pyrra", code: "ok", slo: "pyrra-connect-latency" },
      alerting: { mode: "pyrra", name: "ErrorBudgetBurn", noData: { for: "5m", severity: "critical" } },
    }),
  ],
});
