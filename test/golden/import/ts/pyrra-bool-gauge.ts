// Imported by obsforge from prometheus-probe-success.yaml.
import { WINDOW, defineService, eventRatioSli, slo } from "obsforge";

export default defineService({
  name: "prometheus-blackbox-probe-success",
  team: "prometheus-blackbox-probe-success",
  sloth: { spec: "pyrra.dev/v1alpha1", mode: "pyrra" },
  slos: [
    slo({
      name: "prometheus-blackbox-probe-success",
      objective: 99,
      period: "7d",
      sli: eventRatioSli({
        errorQuery: `sum by (target) (count_over_time(probe_success[${WINDOW}])) - sum by (target) (sum_over_time(probe_success[${WINDOW}]))`,
        totalQuery: `sum by (target) (count_over_time(probe_success[${WINDOW}]))`,
      }),
      labels: { slo: "prometheus-blackbox-probe-success" },
      alerting: { mode: "pyrra", name: "ErrorBudgetBurn", noData: { for: "3m", severity: "critical" } },
    }),
  ],
});
