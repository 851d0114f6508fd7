import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { describe, expect, test } from "vitest";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { tempTree } from "../helpers/temp.ts";

/**
 * `dashboards.grafana`: whole dashboards written with the foundation SDK (what
 * `obsforge import` writes from Grafana JSON) are built as they are, from a
 * definitions folder that has no node_modules (the loader gives them the SDK
 * obsforge runs with).
 */
const module = (
  builder: string,
) => `import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { defineService } from "obsforge";

export default defineService({
  name: "shop",
  team: "web",
  dashboards: { generate: false, grafana: [${builder}] },
});
`;

describe("foundation-SDK dashboards in a service", () => {
  test("are written as built, to the service's folder under their own uid", async () => {
    const builder =
      'new dashboard.DashboardBuilder("Shop").uid("shop-main").tags(["x"]).withRow(new dashboard.RowBuilder("R"))';
    const dir = await tempTree({ "definitions/shop.ts": module(builder) });
    const r = await obsforgeInProcess(["build"], dir);
    expect(r.code, r.stderr).toBe(0);
    const written = JSON.parse(
      await readFile(join(dir, "out/grafana/dashboards/web/shop-main.json"), "utf8"),
    );
    const expected = new dashboard.DashboardBuilder("Shop")
      .uid("shop-main")
      .tags(["x"])
      .withRow(new dashboard.RowBuilder("R"))
      .build();
    expect(written).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  test("without a uid: an error at the dashboard, nothing written", async () => {
    const dir = await tempTree({
      "definitions/shop.ts": module('new dashboard.DashboardBuilder("Shop")'),
    });
    const r = await obsforgeInProcess(["build"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^definitions\/shop\.ts:7:44: dashboards\.grafana\[0\]: expected a dashboard with a uid of at most 40 letters, digits, - and _ \(\.uid\(…\); it names the output file\), got none\n/,
    );
    await expect(readFile(join(dir, "out/manifest.json"))).rejects.toThrow();
  });

  test("a uid another dashboard of the estate has is refused", async () => {
    const dir = await tempTree({
      "definitions/shop.ts": module(
        'new dashboard.DashboardBuilder("A").uid("shop-red"), new dashboard.DashboardBuilder("B").uid("shop-red")',
      ),
    });
    const r = await obsforgeInProcess(["build"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('expected a dashboard uid unique in the estate, got "shop-red"');
  });
});
