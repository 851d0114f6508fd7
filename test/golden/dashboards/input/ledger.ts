import { defineService, metric } from "obsforge";

// Dashboards switched off: nothing in grafana/ comes from this service.
export default defineService({
  name: "ledger",
  team: "payments",
  metrics: [
    metric({
      name: "ledger_entries_total",
      type: "counter",
      unit: "{entry}",
      help: "Ledger entries written.",
    }),
  ],
  dashboards: { generate: false },
});
