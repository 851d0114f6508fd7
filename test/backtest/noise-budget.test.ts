import { describe, expect, test } from "vitest";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { tempTree } from "../helpers/temp.ts";

/**
 * A page with a weekly noise budget, over generated scenarios where it
 * rightly pages twice (100x for an hour, a 2-minute outage). With only page
 * tiers (longest window 6h) the timeline is 7h quiet, 1h, 7h, 2m, 7h: 2 fires
 * in 22h02m are 15.25 a week, under a budget of 20 and over one of 10.
 */
function estate(maxFiresPerWeek: number): Record<string, string> {
  return {
    "definitions/shop.ts": `import { defineService, eventRatioSli, slo, WINDOW } from "obsforge";
export default defineService({
  name: "shop",
  team: "web",
  slos: [
    slo({
      name: "availability",
      objective: 99.9,
      period: "30d",
      sli: eventRatioSli({
        errorQuery: \`sum(rate(http_requests_total{job="shop", code=~"500|503"}[\${WINDOW}]))\`,
        totalQuery: \`sum(rate(http_requests_total{job="shop"}[\${WINDOW}]))\`,
      }),
      alerting: { name: "ShopBudgetBurn", page: { maxFiresPerWeek: ${maxFiresPerWeek} }, ticket: { disable: true } },
    }),
  ],
});
`,
  };
}

async function backtest(maxFiresPerWeek: number) {
  const dir = await tempTree(estate(maxFiresPerWeek));
  return obsforgeInProcess(
    [
      "backtest",
      "--scenarios",
      "100x-1h,spike-2m",
      "--alert",
      "ShopBudgetBurn",
      "--format",
      "json",
    ],
    dir,
  );
}

describe("maxFiresPerWeek in definitions gates backtest", () => {
  test("a page under its weekly budget exits 0", async () => {
    const run = await backtest(20);
    expect(run.stderr).toBe("");
    const [page] = JSON.parse(run.stdout) as Array<{
      fires: number;
      firesPerWeek: number;
      maxFiresPerWeek: number;
    }>;
    expect(page).toMatchObject({ fires: 2, maxFiresPerWeek: 20 });
    expect(page!.firesPerWeek).toBeCloseTo(15.25, 2);
    expect(run.code).toBe(0);
  }, 60_000);

  test("a page over its weekly budget exits 1 and says which alert", async () => {
    const run = await backtest(10);
    expect(run.stderr).toBe(
      "backtest gate: ShopBudgetBurn (page-quick+page-slow): fires 15.25 times a week, more than its maxFiresPerWeek 10\n",
    );
    expect(run.code).toBe(1);
  }, 60_000);
});
