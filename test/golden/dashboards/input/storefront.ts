import {
  alert,
  dashboard,
  dashboardLink,
  defineService,
  eventRatioSli,
  latencySli,
  metric,
  promQuery,
  re,
  row,
  selector,
  slo,
  statPanel,
  textPanel,
} from "obsforge";

// Every number differs so each value in the output traces back to one input.
export default defineService({
  name: "storefront",
  team: "Web Shop",
  labels: { tier: "2" },
  metrics: [
    metric({
      name: "http_server_request_duration_seconds",
      otelName: "http.server.request.duration",
      type: "histogram",
      unit: "s",
      help: "Duration of HTTP server requests.",
      labels: ["job", "instance", "http_route", "http_response_status_code"],
      buckets: [0.05, 0.15, 0.35, 0.75, 1.5],
    }),
    metric({
      name: "storefront_cart_items_added_total",
      type: "counter",
      unit: "{item}",
      help: "Items added to carts.",
      labels: ["job", "instance"],
    }),
    metric({
      name: "storefront_sessions",
      type: "gauge",
      unit: "{session}",
      help: "Open browser sessions.",
      labels: ["job", "instance"],
    }),
  ],
  logs: {
    selector: '{service_name="storefront", env="prod"}',
    format: "json",
    fields: { traceId: "traceID", level: "severity.text" },
  },
  slos: [
    slo({
      name: "availability",
      description: "Requests answered without a server error.",
      objective: 99.7,
      period: "28d",
      sli: eventRatioSli({
        errorQuery: `sum(rate(${selector("http_server_request_duration_seconds_count", { job: "storefront", http_response_status_code: re("5..") })}[{{.window}}]))`,
        totalQuery: `sum(rate(${selector("http_server_request_duration_seconds_count", { job: "storefront" })}[{{.window}}]))`,
      }),
    }),
    slo({
      name: "latency",
      objective: 98.5,
      sli: latencySli({
        metric: "http_server_request_duration_seconds",
        threshold: 0.35,
        matchers: { job: "storefront" },
      }),
      alerting: { ticket: { disable: true } },
    }),
  ],
  groups: [
    {
      name: "storefront-cart",
      rules: [
        alert({
          name: "StorefrontCartStalled",
          expr: "sum(rate(storefront_cart_items_added_total[13m])) == 0",
          for: "17m",
          severity: "ticket",
          annotations: {
            summary: "Nobody adds items to carts.",
            dashboard: dashboardLink({
              dashboard: "red",
              vars: { instance: "{{ $labels.instance }}" },
            }),
            slo_dashboard: dashboardLink({ dashboard: "slo" }),
            logs: dashboardLink({ service: "checkout", dashboard: "logs" }),
            custom: dashboardLink({ uid: "storefront-funnel" }),
          },
        }),
      ],
    },
  ],
  dashboards: {
    folder: "shop",
    custom: [
      dashboard({
        title: "Storefront funnel",
        uid: "storefront-funnel",
        description: "From session to cart.",
        tags: ["funnel"],
        rows: [
          row(undefined, [
            textPanel({ title: "Read me", content: "Sessions, then carts.", height: 2 }),
          ]),
          row(
            "Funnel",
            [
              statPanel({
                title: "Open sessions",
                description: "Browser sessions open now.",
                unit: "short",
                width: 9,
                queries: [promQuery("sum(storefront_sessions)", { instant: true })],
              }),
              statPanel({
                title: "Items added",
                description: "Items added to carts per second.",
                unit: "cps",
                width: 19,
                queries: [
                  promQuery("sum(rate(storefront_cart_items_added_total[$__rate_interval]))"),
                ],
              }),
            ],
            { collapsed: true },
          ),
        ],
      }),
    ],
  },
});
