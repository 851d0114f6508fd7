// Imported by obsforge from ruler.rules.yml.
import { defineService } from "obsforge";

export default defineService({
  name: "ruler",
  team: "ruler",
  plainGroups: [
    {
      name: "thanos-global",
      interval: "1m",
      queryOffset: "30s",
      labels: { region: "eu" },
      partialResponseStrategy: "warn",
      rules: [
        {
          alert: "GlobalErrorBudgetBurn",
          expr: "sum(rate(http_requests_total{code=~\"5..\"}[1h])) / sum(rate(http_requests_total[1h])) > 0.01",
          for: "5m",
        },
      ],
    },
    {
      name: "mimir-federated",
      sourceTenants: ["team-a", "team-b"],
      evaluationDelay: "2m",
      alignEvaluationTimeOnInterval: true,
      rules: [
        {
          record: "tenant:http_requests:rate5m",
          expr: "sum by (tenant) (rate(http_requests_total[5m]))",
        },
      ],
    },
  ],
});
