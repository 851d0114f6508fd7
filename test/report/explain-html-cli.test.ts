import { describe, expect, test } from "vitest";
import { embeddedData } from "../helpers/page-data.ts";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { PROJECT_ROOT } from "../helpers/paths.ts";

type PageData = {
  slos: Array<{ key: string; tiers: Array<{ id: string; severity: string; threshold: number }> }>;
};

const pageData = (page: string) => embeddedData<PageData>(page);

describe("obsforge explain --format html", () => {
  test("--slo keeps one SLO; its tiers and thresholds are explain's; the same estate gives the same bytes", async () => {
    const args = ["explain", "--slo", "checkout-api/latency", "--format", "html"];
    const first = await obsforgeInProcess(args, PROJECT_ROOT);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout.startsWith("<!DOCTYPE html>\n")).toBe(true);
    // 99% over 28d: thresholds 13.44%, 5.6%, 2.8%, 0.9333% (README's explain table).
    expect(pageData(first.stdout).slos).toEqual(
      [
        {
          key: "checkout-api/latency",
          tiers: [
            { id: "page-quick", severity: "page", threshold: expect.closeTo(0.1344, 12) },
            { id: "page-slow", severity: "page", threshold: expect.closeTo(0.056, 12) },
            { id: "ticket-quick", severity: "ticket", threshold: expect.closeTo(0.028, 12) },
            { id: "ticket-slow", severity: "ticket", threshold: expect.closeTo(0.0093333333, 9) },
          ],
        },
      ].map((s) => expect.objectContaining(s)),
    );
    expect((await obsforgeInProcess(args, PROJECT_ROOT)).stdout).toBe(first.stdout);
  });

  test("--alerts has no html page: a usage error", async () => {
    const r = await obsforgeInProcess(["explain", "--alerts", "--format", "html"], PROJECT_ROOT);
    expect(r).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --alerts has no html format; use text, json or markdown\n",
    });
  });
});
