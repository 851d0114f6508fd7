import {
  countOverTime,
  defineService,
  eventRatioSli,
  json,
  labelFilter,
  lineContains,
  lineNotContains,
  logAlert,
  logQuery,
  logRatioSli,
  logRecord,
  serviceLogs,
  slo,
  stream,
  sumBy,
  WINDOW,
} from "obsforge";

// Every number differs so each value in the output traces back to one input.
const logs = serviceLogs({
  selector: stream({ service_name: "shop", env: "prod" }),
  format: "json",
  fields: { traceId: "traceId" },
});
const checkouts = logQuery(logs.selector, [lineContains('"checkout"'), json(["outcome"])]);
const failed = logQuery(logs.selector, [
  lineContains('"checkout"'),
  json(["outcome"]),
  labelFilter({ outcome: "failed" }),
]);

export default defineService({
  name: "shop-logs",
  team: "storefront",
  labels: { tier: "3" },
  logs,
  explore: {
    grafanaUrl: "https://grafana.example.com/sub/",
    datasourceUid: "loki-eu",
    orgId: 7,
    range: "3h",
  },
  logGroups: [
    {
      name: "shop-logs-rules",
      interval: "2m",
      limit: 13,
      rules: [
        logRecord({
          name: "service:shop_checkouts:count2m",
          expr: sumBy(["env"], countOverTime(checkouts, "2m")),
          labels: { source: "loki" },
        }),
        logRecord({
          name: "service:shop_checkout_failures:count2m",
          expr: sumBy(["env"], countOverTime(failed, "2m")),
        }),
        logAlert({
          name: "ShopCartPanics",
          expr: `${sumBy(["traceId"], countOverTime(logQuery(logs.selector, [lineContains("panic"), lineNotContains('quote"d \\ test'), json(["traceId"])]), "11m"))} > 0`,
          for: "3m",
          severity: "page",
          labels: { component: "cart" },
          annotations: {
            summary: "The cart panicked.",
            runbookUrl: "https://runbooks.example.com/shop/panics",
          },
        }),
        logAlert({
          name: "ShopSlowCheckouts",
          expr: `${sumBy([], countOverTime(logQuery(logs.selector, [lineContains("slow checkout")]), "17m"))} > 19`,
          severity: "ticket",
        }),
      ],
    },
  ],
  slos: [
    slo({
      name: "checkout-logs",
      objective: 99.5,
      period: "28d",
      sli: logRatioSli({
        errorQuery: sumBy([], countOverTime(failed, WINDOW)),
        totalQuery: sumBy([], countOverTime(checkouts, WINDOW)),
      }),
      alerting: { name: "ShopCheckoutLogsBudgetBurn" },
    }),
    // Reads the series Loki records above (remote-written to Prometheus).
    slo({
      name: "checkout-recorded",
      objective: 99.5,
      period: "28d",
      sli: eventRatioSli({
        errorQuery: `sum(sum_over_time(service:shop_checkout_failures:count2m[${WINDOW}]))`,
        totalQuery: `sum(sum_over_time(service:shop_checkouts:count2m[${WINDOW}]))`,
      }),
      alerting: { name: "ShopCheckoutRecordedBudgetBurn", noData: { disable: true } },
    }),
  ],
});
