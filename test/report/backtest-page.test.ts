import { describe, expect, test } from "vitest";
import { embeddedData } from "../helpers/page-data.ts";
import { backtestPage } from "../../src/report/html/backtest-page.ts";
import { chartAssets } from "../../src/report/html/uplot-assets.ts";
import { HISTORY_REPORT } from "./fixtures/history-report.ts";

type PageData = {
  timelines: Array<{
    ratio: { x: number[] };
    lanes: { x: number[]; y: Array<Array<number | null>>; names: string[] };
  }>;
};

const pageData = (page: string) => embeddedData<PageData>(page);

describe("backtest timeline page", () => {
  const page = backtestPage(HISTORY_REPORT, chartAssets());

  test("lanes: on from fire to resolve (or the end), off between, never joined across a gap", () => {
    const { lanes, ratio } = pageData(page).timelines[0]!;
    expect(ratio.x).toEqual([]);
    expect(lanes.names).toEqual(["incidents", "DiskFull</script>"]);
    expect(lanes.x).toEqual([1000, 2000, 2100, 2500, 2501, 3000, 3001, 6000, 9000, 9001]);
    expect(lanes.y).toEqual([
      [null, 0, 0, 0, 0, 0, null, null, null, null],
      [null, null, 1, 1, null, null, null, 1, 1, null],
    ]);
  });

  test("user names stay text: escaped in markup, \\u003c in the data", () => {
    expect(page).toContain("<td>DiskFull&lt;/script&gt;</td>");
    expect(page).not.toContain("DiskFull</script>");
    expect(page).toContain("A history: the chart shows incidents and firings");
    expect(backtestPage(HISTORY_REPORT, chartAssets())).toBe(page);
  });
});
