import {
  alert,
  countOverTime,
  defineService,
  eventRatioSli,
  labelFilter,
  lineContains,
  logAlert,
  logfmt,
  logQuery,
  logRatioSli,
  metric,
  rawSli,
  record,
  selector,
  serviceLogs,
  slo,
  stream,
  sumBy,
  WINDOW,
} from "obsforge";
import { EXPLORE, RUNBOOKS, up } from "./lib/common.ts";

// A queue consumer that settles payments: OpenTelemetry messaging metrics
// (messaging.* semantic conventions) plus one queue-depth gauge.
const job = { job: "payment-worker" };
// logfmt lines; every line about a payment carries trace_id and span_id.
// A worker serves no HTTP requests: its request-scoped lines are the ones about a
// payment or a queue message, and 99% of them must carry the trace context.
const logs = serviceLogs({
  selector: stream({ service_name: "payment-worker" }),
  format: "logfmt",
  correlation: { objective: 99, requestFields: ["payment_id", "messaging.message.id"] },
});
// One "settlement" line per payment the worker settles or gives up on.
const settlements = [lineContains("settlement")];
const failedSettlements = [...settlements, logfmt(["level"]), labelFilter({ level: "error" })];
// The same lines with the trace id extracted, so each alert leads to its trace.
const failedSettlementsWithTrace = [
  ...settlements,
  logfmt(["level", "trace_id"]),
  labelFilter({ level: "error" }),
];

export default defineService({
  name: "payment-worker",
  team: "payments",
  description: "Consumes payment-requested events and settles them with the card processor",
  logs,
  explore: EXPLORE,
  metrics: [
    up,
    metric({
      name: "messaging_process_duration_seconds",
      otelName: "messaging.process.duration",
      type: "histogram",
      unit: "s",
      help: "Duration of processing operation.",
      labels: ["job", "instance", "messaging_system", "messaging_destination_name", "error_type"],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
    }),
    metric({
      name: "messaging_client_consumed_messages_total",
      otelName: "messaging.client.consumed.messages",
      type: "counter",
      unit: "{message}",
      help: "Number of messages that were delivered to the application.",
      labels: ["job", "instance", "messaging_system", "messaging_destination_name"],
    }),
    metric({
      name: "payment_queue_messages",
      type: "gauge",
      unit: "{message}",
      help: "Messages waiting in the payment-requested queue.",
      labels: ["job", "instance", "messaging_destination_name"],
    }),
  ],
  groups: [
    {
      name: "payment-worker-throughput",
      interval: "1m",
      rules: [
        record({
          name: "job:messaging_client_consumed_messages:rate5m",
          expr: `sum by (job) (rate(${selector("messaging_client_consumed_messages_total", job)}[5m]))`,
        }),
        record({
          name: "job:messaging_process_failures:ratio_rate5m",
          expr: `sum by (job) (rate(${selector("messaging_process_duration_seconds_count", { ...job, error_type: { op: "!=", value: "" } })}[5m]))
/
sum by (job) (rate(${selector("messaging_process_duration_seconds_count", job)}[5m]))`,
        }),
        alert({
          name: "PaymentQueueBacklog",
          expr: `max by (job, messaging_destination_name) (${selector("payment_queue_messages", job)}) > 1000`,
          for: "10m",
          severity: "page",
          annotations: {
            summary: "Payments are waiting in the queue.",
            description: "{{ $value }} messages wait in {{ $labels.messaging_destination_name }}.",
            runbookUrl: `${RUNBOOKS}/payment-worker/backlog`,
          },
        }),
        alert({
          name: "PaymentConsumerStalled",
          expr: `job:messaging_client_consumed_messages:rate5m == 0 and on (job) max by (job) (${selector("payment_queue_messages", job)}) > 0`,
          for: "5m",
          severity: "page",
          annotations: {
            summary: "The payment worker consumes nothing while messages wait.",
            description:
              "{{ $labels.job }} has consumed no message for 5 minutes with a non-empty queue.",
            runbookUrl: `${RUNBOOKS}/payment-worker/stalled`,
          },
        }),
        alert({
          name: "PaymentProcessingFailures",
          expr: "job:messaging_process_failures:ratio_rate5m > 0.02",
          for: "15m",
          severity: "ticket",
          annotations: {
            summary: "More than 2% of payment messages fail.",
            description:
              "{{ $value | humanizePercentage }} of messages in {{ $labels.job }} fail to process.",
            runbookUrl: `${RUNBOOKS}/payment-worker/failures`,
          },
        }),
        alert({
          name: "PaymentProcessingSlow",
          expr: `histogram_quantile(0.95, sum by (job, le) (rate(${selector("messaging_process_duration_seconds_bucket", job)}[5m]))) > 10`,
          for: "15m",
          severity: "ticket",
          annotations: {
            summary: "Payment processing p95 is above 10s.",
            description:
              "p95 processing time of {{ $labels.job }} is {{ $value | humanizeDuration }}.",
            runbookUrl: `${RUNBOOKS}/payment-worker/slow`,
          },
        }),
        alert({
          name: "PaymentWorkerDown",
          expr: `${selector("up", job)} == 0`,
          for: "3m",
          severity: "ticket",
          annotations: {
            summary: "A payment worker instance cannot be scraped.",
            description: "{{ $labels.instance }} of {{ $labels.job }} has been down for 3 minutes.",
            runbookUrl: `${RUNBOOKS}/common/instance-down`,
          },
        }),
      ],
    },
  ],
  logGroups: [
    {
      name: "payment-worker-logs",
      interval: "1m",
      rules: [
        logAlert({
          name: "PaymentSettlementFailed",
          // Per trace: each failed settlement is one alert that links to its trace.
          expr: `${sumBy(["trace_id"], countOverTime(logQuery(logs.selector, failedSettlementsWithTrace), "5m"))} > 0`,
          severity: "ticket",
          annotations: {
            summary: "A payment could not be settled.",
            description: "The card processor rejected or timed out on a settlement.",
            runbookUrl: `${RUNBOOKS}/payment-worker/settlement-failed`,
          },
        }),
        logAlert({
          name: "PaymentCardDeclineBurst",
          expr: `${sumBy([], countOverTime(logQuery(logs.selector, [lineContains("card declined")]), "10m"))} > 50`,
          for: "5m",
          severity: "ticket",
          annotations: {
            summary: "Card declines are bursting.",
            description:
              "{{ $value }} declined cards in 10 minutes: a processor incident or card testing.",
            runbookUrl: `${RUNBOOKS}/payment-worker/decline-burst`,
          },
        }),
      ],
    },
  ],
  slos: [
    slo({
      name: "processing",
      description: "Payment messages processed without an error.",
      objective: 99.5,
      period: "28d",
      // Counted from the good side: processed messages without an error type.
      sli: eventRatioSli({
        goodQuery: `sum(rate(${selector("messaging_process_duration_seconds_count", { ...job, error_type: "" })}[${WINDOW}]))`,
        totalQuery: `sum(rate(${selector("messaging_process_duration_seconds_count", job)}[${WINDOW}]))`,
      }),
      alerting: {
        name: "PaymentProcessingBudgetBurn",
        page: { severity: "page" },
        ticket: { severity: "ticket" },
      },
    }),
    slo({
      name: "settlement-freshness",
      description:
        "Share of minutes in which the queue was drained (no message older than the backlog limit).",
      objective: 99,
      period: "30d",
      // A raw error ratio: the fraction of time the backlog was over 1000 messages.
      sli: rawSli({
        errorRatioQuery: `avg_over_time((max(${selector("payment_queue_messages", job)}) > bool 1000)[${WINDOW}:1m])`,
      }),
      alerting: {
        name: "PaymentFreshnessBudgetBurn",
        // A backlog already pages through PaymentQueueBacklog; keep only the slow page tier.
        page: { severity: "page", disableTiers: [0] },
        ticket: { severity: "ticket" },
        noData: { for: "30m" },
      },
    }),
    // A log-based SLO: Loki records the SLI from the settlement lines; the
    // budget and burn-rate alerts run in Prometheus on the recorded series.
    slo({
      name: "settlement-success",
      description: "Settlements that end without an error logged",
      objective: 99.5,
      sli: logRatioSli({
        errorQuery: sumBy([], countOverTime(logQuery(logs.selector, failedSettlements), WINDOW)),
        totalQuery: sumBy([], countOverTime(logQuery(logs.selector, settlements), WINDOW)),
      }),
      alerting: {
        name: "PaymentSettlementBudgetBurn",
        page: { severity: "page" },
        ticket: { severity: "ticket" },
        annotations: { runbookUrl: `${RUNBOOKS}/payment-worker/settlement-budget` },
      },
    }),
  ],
});
