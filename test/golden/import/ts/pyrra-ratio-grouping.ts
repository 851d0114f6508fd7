// Imported by obsforge from slo-prometheus-query-errors.yaml.
import { WINDOW, defineService, eventRatioSli, slo } from "obsforge";

export default defineService({
  name: "monitoring",
  team: "monitoring",
  sloth: { spec: "pyrra.dev/v1alpha1", mode: "pyrra" },
  slos: [
    slo({
      name: "prometheus-query-errors",
      objective: 99,
      period: "2w",
      sli: eventRatioSli({
        errorQuery: `sum by (handler) (rate(prometheus_http_requests_total{job="prometheus-k8s", handler=~"/api/v1/query.*", code=~"5.."}[${WINDOW}]))`,
        totalQuery: `sum by (handler) (rate(prometheus_http_requests_total{job="prometheus-k8s", handler=~"/api/v1/query.*"}[${WINDOW}]))`,
      }),
      labels: { job: "prometheus-k8s", slo: "prometheus-query-errors" },
      alerting: { mode: "pyrra", name: "ErrorBudgetBurn", noData: { for: "5m", severity: "critical" } },
    }),
  ],
});
