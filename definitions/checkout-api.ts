import {
  alert,
  countOverTime,
  dashboard,
  dashboardLink,
  defineService,
  eventRatioSli,
  gaugePanel,
  instanceVariable,
  jobVariable,
  json,
  labelFilter,
  latencySli,
  lineContains,
  logAlert,
  logQuery,
  logRecord,
  metric,
  oneOf,
  promQuery,
  re,
  record,
  row,
  selector,
  serviceLogs,
  slo,
  stream,
  sumBy,
  tablePanel,
  textPanel,
  timeseriesPanel,
  WINDOW,
} from "obsforge";
import { EXPLORE, RUNBOOKS, up } from "./lib/common.ts";

// The public HTTP API of the shop: OpenTelemetry HTTP server metrics
// (semantic conventions, http.server.*) exported to Prometheus, and JSON
// logs in Loki where every line in request context carries trace_id and
// span_id (OpenTelemetry log bridge).
const job = { job: "checkout-api" };
const requests = "http_server_request_duration_seconds_count";
const serverErrors = { ...job, http_response_status_code: oneOf(["500", "502", "503", "504"]) };
const logs = serviceLogs({ selector: stream({ service_name: "checkout-api" }), format: "json" });

// One access-log line per finished request. Loki counts them per minute and
// remote-writes the counts to Prometheus under the record names below.
const accessLog = logQuery(logs.selector, [lineContains("request completed")]);
const accessLogErrors = logQuery(logs.selector, [
  lineContains("request completed"),
  json([{ status: "http.response.status_code" }]),
  labelFilter({ status: { op: "=~", value: "5.." } }),
]);

// Hand-written dashboard queries select the dashboard's job and instance variables.
const scope = { job: re("$job"), instance: re("$instance") };
const scopedRequests = selector("http_server_request_duration_seconds_count", scope);
const scopedBuckets = selector("http_server_request_duration_seconds_bucket", scope);

export default defineService({
  name: "checkout-api",
  team: "payments",
  description: "Public checkout HTTP API",
  labels: { tier: "1" },
  logs,
  // Access logs of a public API: pipelines must name the JSON fields they use.
  logVolume: "high",
  explore: EXPLORE,
  metrics: [
    up,
    metric({
      name: "http_server_request_duration_seconds",
      otelName: "http.server.request.duration",
      type: "histogram",
      unit: "s",
      help: "Duration of HTTP server requests.",
      labels: [
        "job",
        "instance",
        "http_request_method",
        "http_response_status_code",
        "http_route",
        "url_scheme",
      ],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    }),
    metric({
      name: "http_server_active_requests",
      otelName: "http.server.active_requests",
      type: "gauge",
      unit: "{request}",
      help: "Number of active HTTP server requests.",
      labels: ["job", "instance", "http_request_method", "url_scheme"],
    }),
  ],
  groups: [
    {
      name: "checkout-api-http",
      interval: "30s",
      rules: [
        record({
          name: "job:http_server_requests:rate5m",
          expr: `sum by (job) (rate(${selector("http_server_request_duration_seconds_count", job)}[5m]))`,
        }),
        record({
          name: "job:http_server_request_errors:rate5m",
          expr: `sum by (job) (rate(${selector("http_server_request_duration_seconds_count", {
            ...job,
            http_response_status_code: oneOf(["500", "502", "503", "504"]),
          })}[5m]))`,
        }),
        record({
          name: "job:http_server_request_errors:ratio_rate5m",
          expr: "job:http_server_request_errors:rate5m / job:http_server_requests:rate5m",
        }),
        record({
          name: "job_le:http_server_request_duration_seconds_bucket:rate5m",
          expr: `sum by (job, le) (rate(${selector("http_server_request_duration_seconds_bucket", job)}[5m]))`,
        }),
        alert({
          name: "CheckoutHighErrorRate",
          expr: "job:http_server_request_errors:ratio_rate5m > 0.05",
          for: "5m",
          severity: "page",
          annotations: {
            summary: "Checkout API is failing more than 5% of requests.",
            description:
              "{{ $value | humanizePercentage }} of requests to {{ $labels.job }} fail with 5xx.",
            runbookUrl: `${RUNBOOKS}/checkout-api/high-error-rate`,
            dashboard: dashboardLink({ dashboard: "red" }),
          },
        }),
        alert({
          name: "CheckoutHighLatency",
          expr: "histogram_quantile(0.99, job_le:http_server_request_duration_seconds_bucket:rate5m) > 2.5",
          for: "10m",
          severity: "ticket",
          annotations: {
            summary: "Checkout API p99 latency is above 2.5s.",
            description: "p99 latency of {{ $labels.job }} is {{ $value | humanizeDuration }}.",
            runbookUrl: `${RUNBOOKS}/checkout-api/high-latency`,
          },
        }),
        alert({
          name: "CheckoutNoTraffic",
          expr: `absent(${selector("http_server_request_duration_seconds_count", job)}) or job:http_server_requests:rate5m == 0`,
          for: "15m",
          keepFiringFor: "5m",
          severity: "ticket",
          annotations: {
            summary: "Checkout API receives no requests.",
            description: "No HTTP requests have reached checkout-api for 15 minutes.",
            runbookUrl: `${RUNBOOKS}/checkout-api/no-traffic`,
          },
        }),
        alert({
          name: "CheckoutSaturated",
          expr: `sum by (job, instance) (${selector("http_server_active_requests", job)}) > 200`,
          for: "10m",
          severity: "ticket",
          annotations: {
            summary: "A checkout API instance holds more than 200 requests in flight.",
            description: "{{ $labels.instance }} has {{ $value }} active requests.",
            runbookUrl: `${RUNBOOKS}/checkout-api/saturated`,
          },
        }),
      ],
    },
    {
      name: "checkout-api-availability",
      rules: [
        alert({
          name: "CheckoutInstanceDown",
          expr: `${selector("up", job)} == 0`,
          for: "3m",
          severity: "ticket",
          annotations: {
            summary: "A checkout API instance cannot be scraped.",
            description: "{{ $labels.instance }} of {{ $labels.job }} has been down for 3 minutes.",
            runbookUrl: `${RUNBOOKS}/common/instance-down`,
            // Opens the RED dashboard on the instance that is down.
            dashboard: dashboardLink({
              dashboard: "red",
              vars: { instance: "{{ $labels.instance }}" },
            }),
          },
        }),
      ],
    },
  ],
  logGroups: [
    {
      name: "checkout-api-logs",
      interval: "1m",
      rules: [
        logRecord({
          name: "service:checkout_api_access_log_requests:count1m",
          expr: sumBy([], countOverTime(accessLog, "1m")),
        }),
        logRecord({
          name: "service:checkout_api_access_log_errors:count1m",
          expr: sumBy([], countOverTime(accessLogErrors, "1m")),
        }),
        logAlert({
          name: "CheckoutPanics",
          // Grouped by trace_id: one alert per panicking request, each leading to its trace.
          expr: `${sumBy(
            ["trace_id"],
            countOverTime(
              logQuery(logs.selector, [lineContains("panic"), json(["trace_id", "level"])]),
              "5m",
            ),
          )} > 0`,
          severity: "page",
          annotations: {
            summary: "checkout-api recovered from a panic.",
            description: "{{ $value }} panics in 5 minutes while serving one request.",
            runbookUrl: `${RUNBOOKS}/checkout-api/panics`,
          },
        }),
        logAlert({
          name: "CheckoutPaymentProviderTimeouts",
          expr: `${sumBy(
            [],
            countOverTime(
              logQuery(logs.selector, [
                lineContains("payment provider timeout"),
                json(["level"]),
                labelFilter({ level: "error" }),
              ]),
              "10m",
            ),
          )} > 20`,
          for: "5m",
          severity: "ticket",
          annotations: {
            summary: "checkout-api times out calling the payment provider.",
            description: "{{ $value }} provider timeouts in 10 minutes.",
            runbookUrl: `${RUNBOOKS}/checkout-api/provider-timeouts`,
          },
        }),
      ],
    },
  ],
  slos: [
    slo({
      name: "availability",
      description: "Checkout requests answered without a server error.",
      objective: 99.9,
      period: "30d",
      sli: eventRatioSli({
        errorQuery: `sum(rate(${selector(requests, serverErrors)}[${WINDOW}]))`,
        totalQuery: `sum(rate(${selector(requests, job)}[${WINDOW}]))`,
      }),
      alerting: {
        name: "CheckoutAvailabilityBudgetBurn",
        // One alert per tier, labelled with the tier and windows that fired.
        mode: "per-tier",
        labels: { category: "availability" },
        annotations: { runbookUrl: "https://runbooks.example.com/checkout-api/slo-availability" },
        page: { severity: "page" },
        ticket: { severity: "ticket" },
        // Below half a request per second a few failures are noise, not an outage.
        minEventRate: 0.5,
      },
    }),
    slo({
      name: "latency",
      description: "Checkout requests served within 500ms.",
      objective: 99,
      period: "28d",
      sli: latencySli({
        metric: "http_server_request_duration_seconds",
        threshold: 0.5,
        matchers: job,
      }),
      alerting: {
        name: "CheckoutLatencyBudgetBurn",
        labels: { category: "latency" },
        page: { severity: "page" },
        ticket: { severity: "ticket" },
      },
    }),
    // A Prometheus SLO whose SLI reads the series Loki records from the
    // access log (the record names above): logs turned into metrics.
    slo({
      name: "access-log-availability",
      description: "Requests answered without a 5xx, as the access log tells",
      objective: 99.9,
      period: "28d",
      sli: eventRatioSli({
        errorQuery: `sum(sum_over_time(service:checkout_api_access_log_errors:count1m[${WINDOW}]))`,
        totalQuery: `sum(sum_over_time(service:checkout_api_access_log_requests:count1m[${WINDOW}]))`,
      }),
      alerting: {
        name: "CheckoutAccessLogBudgetBurn",
        page: { severity: "page" },
        ticket: { severity: "ticket" },
        annotations: { runbookUrl: `${RUNBOOKS}/checkout-api/error-budget` },
      },
    }),
  ],
  dashboards: {
    custom: [
      dashboard({
        title: "Checkout routes",
        description: "Traffic, latency and load of the checkout API per HTTP route.",
        variables: [jobVariable("up", "checkout-api"), instanceVariable("up")],
        rows: [
          row(undefined, [
            textPanel({
              title: "About",
              content:
                "Per-route view of **checkout-api**. The generated RED dashboard has the service-wide view; alerts link there.",
            }),
          ]),
          row("Routes", [
            timeseriesPanel({
              title: "Requests by route",
              description: "Requests per second, by HTTP route.",
              unit: "reqps",
              queries: [
                promQuery(`sum by (http_route) (rate(${scopedRequests}[$__rate_interval]))`, {
                  legend: "{{http_route}}",
                }),
              ],
            }),
            timeseriesPanel({
              title: "p95 latency by route",
              description: "95th percentile of request duration, by HTTP route.",
              unit: "s",
              queries: [
                promQuery(
                  `histogram_quantile(0.95, sum by (http_route, le) (rate(${scopedBuckets}[$__rate_interval])))`,
                  { legend: "{{http_route}}", exemplar: true },
                ),
              ],
            }),
            tablePanel({
              title: "Busiest routes",
              description: "The ten routes with the most requests per second right now.",
              unit: "reqps",
              queries: [
                promQuery(
                  `topk(10, sum by (http_route) (rate(${scopedRequests}[$__rate_interval])))`,
                  {
                    instant: true,
                    format: "table",
                  },
                ),
              ],
            }),
            gaugePanel({
              title: "Requests in flight",
              description:
                "Active requests across the selected instances; alerts fire above 200 per instance.",
              unit: "short",
              min: 0,
              max: 400,
              thresholds: {
                steps: [
                  { value: 150, color: "orange" },
                  { value: 200, color: "red" },
                ],
              },
              queries: [
                promQuery(`sum(${selector("http_server_active_requests", scope)})`, {
                  instant: true,
                }),
              ],
            }),
          ]),
        ],
      }),
    ],
  },
});
