import { alert, defineService, metric, record } from "obsforge";

// A deliberately bad estate: every line below trips at least one lint rule.
export default defineService({
  name: "checkout",
  team: "payments",
  metrics: [
    metric({
      name: "checkout_orders_total",
      type: "counter",
      unit: "{order}",
      help: "Orders placed.",
      labels: ["method", "user_id"],
    }),
    metric({
      name: "checkout_latency",
      type: "histogram",
      unit: "ms",
      help: "Checkout latency.",
      labels: ["route"],
    }),
    metric({
      name: "checkout_queue_depth",
      type: "gauge",
      unit: "{item}",
      help: "Items waiting.",
      labels: ["queue"],
    }),
  ],
  groups: [
    {
      name: "checkout",
      rules: [
        record({
          name: "checkout_orders_rate5m",
          expr: "sum by (method) (rate(checkout_orders_total[5m]))",
        }),
        alert({
          name: "CheckoutErrors",
          expr: 'sum by (method) (rate(checkout_orders_total{code=~"5.."}[2m])) > 1',
          severity: "page",
          annotations: { summary: "Errors on {{ $labels.route }}" },
        }),
        alert({
          name: "QueueGrowing",
          expr: "rate(checkout_queue_depth[10m]) > 0",
          for: "15m",
          severity: "ticket",
          annotations: {
            summary: "Queue {{ $labels.queue } grows",
            runbookUrl: "https://runbooks.example.com/queue",
          },
        }),
        alert({
          name: "SlowCheckout",
          expr: "histogram_quantile(0.99, sum by (route) (rate(checkout_latency_bucket[2m]))) > 500",
          for: "10m",
          severity: "ticket",
          annotations: {
            summary: "Slow checkout",
            runbookUrl: "https://runbooks.example.com/slow",
          },
          lint: { disable: ["promql/rate-window"] },
        }),
        alert({
          name: "OrdersStalled",
          expr: 'checkout_orders_total{method=~".*"} == 0 or checkout_order_total == 0',
          for: "30m",
          severity: "ticket",
          annotations: {
            summary: "No orders on {{ $labels.pod }}",
            runbookUrl: "https://runbooks.example.com/stalled",
          },
          lint: { disable: ["promql/rate-windows"] },
        }),
      ],
    },
  ],
});
