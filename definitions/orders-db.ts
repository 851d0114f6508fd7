import {
  alert,
  availabilitySli,
  countOverTime,
  defineService,
  lineMatches,
  logAlert,
  logQuery,
  metric,
  record,
  selector,
  serviceLogs,
  slo,
  stream,
  sumBy,
} from "obsforge";
import { EXPLORE, RUNBOOKS, up } from "./lib/common.ts";

// The orders PostgreSQL cluster, scraped through the OpenTelemetry
// Collector's postgresql receiver (postgresql.* metrics) and the client-side
// db.client.* semantic-convention metrics of its callers.
const job = { job: "orders-db" };
// PostgreSQL's own stderr log: plain text, and no request context (so no trace ids).
const logs = serviceLogs({ selector: stream({ service_name: "orders-db" }), format: "plain" });

export default defineService({
  name: "orders-db",
  team: "storage",
  description: "PostgreSQL primary and replicas holding orders",
  logs,
  explore: EXPLORE,
  labels: { tier: "1" },
  metrics: [
    up,
    metric({
      name: "postgresql_backends",
      otelName: "postgresql.backends",
      type: "gauge",
      unit: "1",
      help: "The number of backends.",
      labels: ["job", "instance", "postgresql_database_name"],
      // The receiver spells this count's unit "1"; OTLP translation would call a
      // "1" gauge *_ratio, but a count of backends is not a 0–1 fraction, and the
      // series is stored (and queried everywhere here) as postgresql_backends.
      lint: { disable: ["otel/ratio-suffix"] },
    }),
    metric({
      name: "postgresql_connection_max",
      otelName: "postgresql.connection.max",
      type: "gauge",
      unit: "{connection}",
      help: "Configured maximum number of client connections allowed.",
      labels: ["job", "instance"],
    }),
    metric({
      name: "postgresql_deadlocks_total",
      otelName: "postgresql.deadlocks",
      type: "counter",
      unit: "{deadlock}",
      help: "The number of deadlocks.",
      labels: ["job", "instance", "postgresql_database_name"],
    }),
    metric({
      name: "postgresql_replication_data_delay_bytes",
      otelName: "postgresql.replication.data_delay",
      type: "gauge",
      unit: "By",
      help: "The amount of data delayed in replication.",
      labels: ["job", "instance", "replication_client"],
    }),
    metric({
      name: "db_client_operation_duration_seconds",
      otelName: "db.client.operation.duration",
      type: "histogram",
      unit: "s",
      help: "Duration of database client operations.",
      labels: ["job", "instance", "db_system_name", "db_operation_name", "error_type"],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10],
    }),
  ],
  groups: [
    {
      name: "orders-db-capacity",
      interval: "1m",
      rules: [
        record({
          name: "instance:postgresql_backends:sum",
          expr: `sum by (job, instance) (${selector("postgresql_backends", job)})`,
        }),
        record({
          name: "instance:postgresql_connections:utilisation",
          expr: `instance:postgresql_backends:sum / on (job, instance) ${selector("postgresql_connection_max", job)}`,
        }),
        alert({
          name: "OrdersDbConnectionsNearLimit",
          expr: "instance:postgresql_connections:utilisation > 0.9",
          for: "5m",
          severity: "page",
          annotations: {
            summary: "orders-db uses more than 90% of its connection slots.",
            description:
              "{{ $labels.instance }} uses {{ $value | humanizePercentage }} of max_connections.",
            runbookUrl: `${RUNBOOKS}/orders-db/connections`,
          },
        }),
        alert({
          name: "OrdersDbReplicationLag",
          expr: `max by (job, instance, replication_client) (${selector("postgresql_replication_data_delay_bytes", job)}) > 512 * 1024 * 1024`,
          for: "10m",
          severity: "ticket",
          annotations: {
            summary: "A replica of orders-db lags by more than 512 MiB.",
            description:
              "{{ $labels.replication_client }} lags {{ $value | humanize1024 }}B behind {{ $labels.instance }}.",
            runbookUrl: `${RUNBOOKS}/orders-db/replication-lag`,
          },
        }),
        alert({
          name: "OrdersDbDeadlocks",
          expr: `sum by (job, instance) (increase(${selector("postgresql_deadlocks_total", job)}[10m])) > 5`,
          severity: "ticket",
          annotations: {
            summary: "orders-db is resolving deadlocks.",
            description: "{{ $value }} deadlocks on {{ $labels.instance }} in 10 minutes.",
            runbookUrl: `${RUNBOOKS}/orders-db/deadlocks`,
          },
        }),
        alert({
          name: "OrdersDbSlowQueries",
          expr: `histogram_quantile(0.99, sum by (le) (rate(${selector("db_client_operation_duration_seconds_bucket", { db_system_name: "postgresql" })}[5m]))) > 0.5`,
          for: "15m",
          severity: "ticket",
          annotations: {
            summary: "p99 of queries against orders-db is above 500ms.",
            description: "Client-observed p99 query time is {{ $value | humanizeDuration }}.",
            runbookUrl: `${RUNBOOKS}/orders-db/slow-queries`,
          },
        }),
        alert({
          name: "OrdersDbDown",
          expr: `${selector("up", job)} == 0`,
          for: "1m",
          severity: "page",
          annotations: {
            summary: "An orders-db instance cannot be scraped.",
            description: "{{ $labels.instance }} has been unreachable for 1 minute.",
            runbookUrl: `${RUNBOOKS}/orders-db/down`,
          },
        }),
      ],
    },
  ],
  logGroups: [
    {
      name: "orders-db-logs",
      rules: [
        logAlert({
          name: "OrdersDbFatalErrors",
          expr: `${sumBy([], countOverTime(logQuery(logs.selector, [lineMatches("(FATAL|PANIC):")]), "5m"))} > 0`,
          severity: "page",
          annotations: {
            summary: "orders-db logged a FATAL or PANIC error.",
            description: "{{ $value }} FATAL/PANIC lines in 5 minutes.",
            runbookUrl: `${RUNBOOKS}/orders-db/fatal`,
          },
        }),
      ],
    },
  ],
  slos: [
    slo({
      name: "availability",
      description: "orders-db instances reachable by the scraper.",
      objective: 99.95,
      period: "30d",
      sli: availabilitySli({ metric: "up", matchers: job }),
      alerting: {
        name: "OrdersDbAvailabilityBudgetBurn",
        labels: { category: "availability" },
        page: { severity: "page" },
        ticket: { severity: "ticket" },
      },
    }),
  ],
});
