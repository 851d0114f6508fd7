import { alert, defineService, eq, record, selector } from "obsforge";

// Every number differs so each value in the output traces back to one input.
export default defineService({
  name: "shop",
  team: "storefront",
  labels: { tier: "2", env: "prod" },
  groups: [
    {
      name: "shop-requests",
      interval: "45s",
      limit: 17,
      rules: [
        record({
          name: "job:shop_requests:rate7m",
          expr: `sum by (job) (rate(${selector("shop_requests_total", { path: eq('/cart?"x"\n') })}[7m]))`,
          labels: { env: "staging" },
        }),
        alert({
          name: "ShopErrors",
          expr: "job:shop_requests:rate7m\n  > 13",
          for: "11m",
          keepFiringFor: "3m",
          severity: "ticket",
          labels: { component: "cart" },
          annotations: {
            summary: "Shop serves errors.",
            runbookUrl: "https://runbooks.example.com/shop",
            dashboard: "https://grafana.example.com/d/shop",
            zeta: "custom annotations are copied",
          },
        }),
      ],
    },
    {
      name: "shop-up",
      rules: [alert({ name: "ShopDown", expr: 'up{job="shop"} == 0', severity: "page" })],
    },
  ],
});
