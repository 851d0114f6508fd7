import {
  alert,
  dashboard,
  defineService,
  eventRatioSli,
  logAlert,
  metric,
  promQuery,
  record,
  row,
  slo,
  timeseriesPanel,
  WINDOW,
} from "obsforge";

// A deliberately bad estate: every line below trips at least one lint rule.
export default defineService({
  name: "checkout",
  team: "payments",
  logs: { selector: '{app="checkout"}', format: "logfmt" },
  logVolume: "high",
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
          name: "method:checkout_orders_total:rate5m",
          expr: "sum by (method) (rate(checkout_orders_total[10m]))",
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
  logGroups: [
    {
      name: "checkout-logs",
      rules: [
        logAlert({
          name: "CheckoutPanics",
          expr: 'sum(count_over_time({app="checkout"} | json | level="panic" [5m])) > 0',
          severity: "page",
          annotations: {
            summary: "checkout panics",
            runbookUrl: "https://runbooks.example.com/panics",
          },
        }),
      ],
    },
  ],
  slos: [
    slo({
      name: "availability",
      objective: 99.9,
      sli: eventRatioSli({
        errorQuery: `sum(rate(checkout_order_total{code=~"5.."}[${WINDOW}]))`,
        totalQuery: `sum(rate(checkout_orders_total[${WINDOW}]))`,
      }),
    }),
  ],
  dashboards: {
    custom: [
      dashboard({
        title: "Checkout orders",
        rows: [
          row(undefined, [
            timeseriesPanel({
              title: "Orders",
              description: "Orders per second.",
              unit: "ops",
              queries: [promQuery("sum(rate(checkout_orders_total[5m]))")],
            }),
          ]),
        ],
      }),
    ],
  },
});
