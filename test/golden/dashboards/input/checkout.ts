import { defineService, metric } from "obsforge";

// Logs without a parser, no RED dashboard asked for: only the logs dashboard is generated.
export default defineService({
  name: "checkout",
  team: "payments",
  metrics: [
    metric({
      name: "checkout_orders_total",
      type: "counter",
      unit: "{order}",
      help: "Orders placed.",
      labels: ["job", "instance"],
    }),
  ],
  logs: { selector: '{app="checkout"}', format: "plain" },
  dashboards: { generate: { red: false } },
});
