import {
  availabilitySli,
  defineService,
  eventRatioSli,
  latencySli,
  metric,
  oneOf,
  rawSli,
  selector,
  slo,
  WINDOW,
} from "obsforge";

// One SLO per SLI kind and per alerting option; every number differs so each
// value in the output traces back to one input.
export default defineService({
  name: "ledger",
  team: "finance",
  labels: { tier: "2" },
  metrics: [
    metric({
      name: "ledger_rpc_duration_seconds",
      type: "histogram",
      unit: "s",
      help: "Duration of ledger RPCs.",
      labels: ["job", "rpc_method"],
      buckets: [0.05, 0.2, 0.8],
    }),
  ],
  slos: [
    slo({
      name: "writes",
      objective: 99.9,
      period: "30d",
      sli: eventRatioSli({
        errorQuery: `sum(rate(${selector("ledger_writes_total", { job: "ledger", outcome: oneOf(["error", "timeout"]) })}[${WINDOW}]))`,
        totalQuery: `sum(rate(${selector("ledger_writes_total", { job: "ledger" })}[${WINDOW}]))`,
      }),
      labels: { domain: "payments" },
      alerting: {
        name: "LedgerWritesBudgetBurn",
        mode: "per-tier",
        page: { severity: "page", labels: { pager: "ledger" } },
        ticket: { severity: "ticket", disableTiers: [1] },
        minEventRate: 2,
        noData: { for: "17m" },
      },
    }),
    slo({
      name: "rpc-latency",
      objective: 98.5,
      period: "28d",
      sli: latencySli({
        metric: "ledger_rpc_duration_seconds",
        threshold: 0.2,
        matchers: { job: "ledger" },
      }),
      alerting: { page: { disable: true }, noData: { disable: true } },
    }),
    slo({
      name: "reconciliation",
      objective: 99.5,
      period: "7d",
      sli: rawSli({ errorRatioQuery: `1 - avg_over_time(ledger_reconciled_ratio[${WINDOW}])` }),
      alerting: {
        page: { tiers: [{ shortWindow: "3m", longWindow: "40m", factor: 11 }] },
        ticket: { disable: true },
      },
    }),
    slo({
      name: "replicas-up",
      objective: 99.95,
      period: "30d",
      sli: availabilitySli({ metric: "probe_success", matchers: { job: "ledger-probe" } }),
    }),
  ],
});
