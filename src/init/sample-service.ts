/**
 * The sample service `obsforge init` writes: one of each thing a team
 * starts with (a metric catalogue, an SLO, an alert, a log alert, a
 * dashboard), clean under `obsforge lint` and tested by `obsforge test`.
 * Kept as text: it is the user's file from then on, not obsforge's.
 */
export const SAMPLE_SERVICE_TS = `import {
  alert,
  countOverTime,
  dashboard,
  defineService,
  eventRatioSli,
  instanceVariable,
  jobVariable,
  lineContains,
  logAlert,
  logQuery,
  metric,
  promQuery,
  re,
  row,
  selector,
  serviceLogs,
  slo,
  stream,
  sumBy,
  timeseriesPanel,
  WINDOW,
} from "obsforge";

// An HTTP API exporting OpenTelemetry HTTP server metrics, with its logs in Loki.
const job = { job: "example-api" };
const requests = "http_server_request_duration_seconds_count";
// Dashboard queries select the dashboard's job and instance variables.
const scope = { job: re("$job"), instance: re("$instance") };
const logs = serviceLogs({ selector: stream({ service_name: "example-api" }), format: "json" });

export default defineService({
  name: "example-api",
  team: "example-team",
  description: "The sample service obsforge init wrote: rename it and make it yours",
  logs,
  metrics: [
    metric({
      name: "up",
      type: "gauge",
      unit: "1",
      help: "1 if the last scrape of the target succeeded, 0 otherwise.",
      labels: ["job", "instance"],
    }),
    metric({
      name: "http_server_request_duration_seconds",
      otelName: "http.server.request.duration",
      type: "histogram",
      unit: "s",
      help: "Duration of HTTP server requests.",
      labels: ["job", "instance", "http_request_method", "http_response_status_code"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
  ],
  groups: [
    {
      name: "example-api-health",
      rules: [
        alert({
          name: "ExampleApiDown",
          expr: \`max by (job) (\${selector("up", job)}) == 0\`,
          for: "5m",
          severity: "page",
          annotations: {
            summary: "example-api is down.",
            description: "Prometheus could not scrape {{ $labels.job }} for 5 minutes.",
            runbookUrl: "https://runbooks.example.com/example-api/down",
          },
        }),
      ],
    },
  ],
  slos: [
    slo({
      name: "availability",
      description: "Requests answered without a server error",
      objective: 99.9,
      sli: eventRatioSli({
        goodQuery: \`sum(rate(\${selector(requests, { ...job, http_response_status_code: { op: "!~", value: "5.." } })}[\${WINDOW}]))\`,
        totalQuery: \`sum(rate(\${selector(requests, job)}[\${WINDOW}]))\`,
      }),
      alerting: {
        name: "ExampleApiAvailabilityBudgetBurn",
        page: { severity: "page" },
        ticket: { severity: "ticket" },
      },
    }),
  ],
  logGroups: [
    {
      name: "example-api-logs",
      rules: [
        logAlert({
          name: "ExampleApiPanics",
          expr: \`\${sumBy([], countOverTime(logQuery(logs.selector, [lineContains("panic")]), "5m"))} > 0\`,
          severity: "ticket",
          annotations: { summary: "example-api logged a panic." },
        }),
      ],
    },
  ],
  dashboards: {
    custom: [
      dashboard({
        title: "Example API",
        description: "Traffic of the example API.",
        variables: [jobVariable("up", "example-api"), instanceVariable("up")],
        rows: [
          row("Traffic", [
            timeseriesPanel({
              title: "Requests",
              description: "Requests per second, by status code.",
              unit: "reqps",
              queries: [
                promQuery(
                  \`sum by (http_response_status_code) (rate(\${selector(requests, scope)}[$__rate_interval]))\`,
                  { legend: "{{http_response_status_code}}" },
                ),
              ],
            }),
          ]),
        ],
      }),
    ],
  },
});
`;

/** A second service, in YAML: the editor validates it against the schema the package ships. */
export function sampleServiceYaml(schemaPath: string): string {
  return `# yaml-language-server: $schema=${schemaPath}
# An obsforge service written in YAML: the same model as a TS module.
kind: service
name: example-worker
team: example-team
metrics:
  - name: example_jobs_failed_total
    type: counter
    unit: "{job}"
    help: Jobs that failed.
    labels: [job, instance]
groups:
  - name: example-worker-jobs
    rules:
      - kind: alert
        name: ExampleWorkerJobsFailing
        expr: sum by (job) (rate(example_jobs_failed_total{job="example-worker"}[5m])) > 0.1
        for: 15m
        severity: ticket
        annotations:
          summary: example-worker fails jobs.
          runbookUrl: https://runbooks.example.com/example-worker/jobs-failing
`;
}
