import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { backtestPage } from "../../src/report/html/backtest-page.ts";
import { previewPages } from "../../src/report/html/preview-page.ts";
import { chartAssets } from "../../src/report/html/uplot-assets.ts";
import { HISTORY_REPORT } from "./fixtures/history-report.ts";
import { type Browser, launchBrowser, type OpenedPage, openFile } from "../helpers/browser.ts";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { PROJECT_ROOT } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp.ts";

/**
 * Every kind of page obsforge writes, opened from file:// in Debian's
 * headless Chromium (one browser for the file): no console or page errors,
 * no request (the pages carry everything), and the panels, series and
 * tiers the example estate should give. Screenshots stay in a temp folder
 * for the review note; its path is printed.
 */
let browser: Browser;
let shots: string;

beforeAll(async () => {
  browser = await launchBrowser();
  shots = await mkdtemp(join(tmpdir(), "obsforge-screenshots-"));
  console.log(`screenshots: ${shots}`);
});

afterAll(async () => {
  await browser?.close();
});

interface ChartSummary {
  slo: string;
  kind: string;
  series: number;
  /** Non-null values per series (x excluded). */
  values: number[];
  /** Labelled ticks per axis, as uPlot computed them at its last draw (`axis._values`). */
  ticks: number[];
}

async function charts({ page }: OpenedPage): Promise<ChartSummary[]> {
  return page.evaluate(() =>
    (
      globalThis as unknown as {
        obsforgeCharts: Array<{
          slo: string;
          kind: string;
          chart: {
            series: unknown[];
            data: Array<Array<number | null>>;
            axes: Array<{ _values?: Array<string | null> }>;
          };
        }>;
      }
    ).obsforgeCharts.map((c) => ({
      slo: c.slo,
      kind: c.kind,
      series: c.chart.series.length,
      values: c.chart.data.slice(1).map((ys) => ys.filter((y) => y !== null).length),
      ticks: c.chart.axes.map(
        (a) => (a._values ?? []).filter((v) => v !== null && v !== "").length,
      ),
    })),
  );
}

async function pageFrom(stdout: string, name: string): Promise<string> {
  const path = join(await tempDir(), name);
  await writeFile(path, stdout);
  return path;
}

/** The example estate's SLOs and their tiers, as `explain --format json` reports them. */
async function estateSlos(): Promise<Array<{ key: string; tiers: string[] }>> {
  const r = await obsforgeInProcess(["explain", "--format", "json"], PROJECT_ROOT);
  const slos = JSON.parse(r.stdout) as Array<{
    service: string;
    slo: string;
    tiers: Array<{ id: string }>;
  }>;
  return slos.map((s) => ({ key: `${s.service}/${s.slo}`, tiers: s.tiers.map((t) => t.id) }));
}

describe("explain --format html in Chromium", () => {
  test("a section per SLO, a table row per tier, both charts with a series per tier", async () => {
    const r = await obsforgeInProcess(["explain", "--format", "html"], PROJECT_ROOT);
    expect(r.code).toBe(0);
    const opened = await openFile(browser, await pageFrom(r.stdout, "explain.html"));
    expect(opened.errors).toEqual([]);
    const slos = await estateSlos();
    expect(slos.length).toBeGreaterThan(5);
    const { page } = opened;
    expect(await page.locator("section.slo").count()).toBe(slos.length);
    for (const [i, s] of slos.entries()) {
      const rows = page.locator("section.slo").nth(i).locator("tr[data-tier]");
      expect(
        await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-tier"))),
      ).toEqual(s.tiers);
    }
    // x + one curve per tier; x + 5 scenario lines + one set of fire points per tier.
    const expected = slos.flatMap((s) => [
      { slo: s.key, kind: "detection", series: 1 + s.tiers.length },
      { slo: s.key, kind: "burn", series: 1 + 5 + s.tiers.length },
    ]);
    const drawn = await charts(opened);
    expect(drawn.map(({ slo, kind, series }) => ({ slo, kind, series }))).toEqual(expected);
    // Every curve and every tier's fire points have something to draw, and every axis is labelled.
    for (const c of drawn) {
      expect(c.values.every((n) => n > 0)).toBe(true);
      expect(Math.min(...c.ticks)).toBeGreaterThanOrEqual(3);
    }
    expect(await page.locator("canvas").count()).toBe(expected.length);
    await page.screenshot({ path: join(shots, "explain.png"), fullPage: true });
  });
});

describe("preview in Chromium", () => {
  test("every dashboard of out/grafana on its grid: one box per panel, placed by gridPos", async () => {
    const out = await tempDir();
    const r = await obsforgeInProcess(["preview", "--out", join(out, "preview")], PROJECT_ROOT);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    // The committed dashboards (`check` keeps them fresh) say what each page must show.
    const root = join(PROJECT_ROOT, "out/grafana/dashboards");
    const files = (await readdir(root, { recursive: true }))
      .filter((f) => f.endsWith(".json"))
      .sort();
    expect(files.length).toBeGreaterThan(5);
    const index = await openFile(browser, join(out, "preview/index.html"));
    expect(index.errors).toEqual([]);
    expect(await index.page.locator("tr[data-dashboard]").count()).toBe(files.length);
    for (const file of files) {
      const dashboard = JSON.parse(await readFile(join(root, file), "utf8")) as {
        panels: Array<{
          type: string;
          gridPos: { x: number; y: number; w: number };
          targets?: Array<{ expr: string }>;
        }>;
      };
      const opened = await openFile(
        browser,
        join(out, "preview", file.replace(/\.json$/, ".html")),
      );
      expect(opened.errors).toEqual([]);
      const boxes = await opened.page.locator(".grid > .panel").evaluateAll((els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          return {
            kind: el.getAttribute("data-kind"),
            left: r.left,
            top: r.top,
            width: r.width,
            hover: el.getAttribute("title"),
          };
        }),
      );
      expect(boxes.map((b) => b.kind)).toEqual(dashboard.panels.map((p) => p.type));
      // Laid out as Grafana does: widths in proportion to w, left edges in the order of x.
      const column = boxes.find((_, i) => dashboard.panels[i]!.gridPos.w === 24)?.width;
      for (const [i, p] of dashboard.panels.entries()) {
        const box = boxes[i]!;
        if (column !== undefined)
          expect(Math.abs(box.width / column - p.gridPos.w / 24)).toBeLessThan(0.02);
        const same = dashboard.panels.findIndex(
          (q, k) => k !== i && q.gridPos.y === p.gridPos.y && q.gridPos.x < p.gridPos.x,
        );
        if (same !== -1) expect(boxes[same]!.left).toBeLessThan(box.left);
        if (p.targets !== undefined && p.targets.length > 0)
          expect(box.hover).toContain(p.targets[0]!.expr);
      }
      if (file === files[0])
        await opened.page.screenshot({ path: join(shots, "preview.png"), fullPage: true });
      await opened.page.close();
    }
  });

  test("a hostile dashboard title and query stay text", async () => {
    const hostile = `</script><img src=x onerror="document.title='owned'"><!--`;
    const [, page] = previewPages([
      {
        path: "grafana/dashboards/x/evil.json",
        json: {
          uid: "evil",
          title: hostile,
          panels: [
            {
              type: "stat",
              title: hostile,
              gridPos: { x: 0, y: 0, w: 6, h: 4 },
              targets: [{ refId: "A", expr: hostile }],
            },
          ],
        },
      },
    ]);
    const opened = await openFile(browser, await pageFrom(page!.content, "evil.html"));
    expect(opened.errors).toEqual([]);
    expect(await opened.page.locator("img").count()).toBe(0);
    expect(await opened.page.locator("h1").textContent()).toBe(hostile);
    expect(await opened.page.locator(".panel").getAttribute("title")).toBe(`A: ${hostile}`);
    expect(await opened.page.title()).toBe(`${hostile} · obsforge preview`);
  });
});

describe("backtest --format html in Chromium", () => {
  test("one SLO over two scenarios: the ratio, its thresholds, the incidents and each tier's firings", async () => {
    const r = await obsforgeInProcess(
      [
        "backtest",
        "--slo",
        "checkout-api/availability",
        "--scenarios",
        "6x-1h,100x-1h",
        "--format",
        "html",
      ],
      PROJECT_ROOT,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const opened = await openFile(browser, await pageFrom(r.stdout, "backtest.html"));
    expect(opened.errors).toEqual([]);
    const { page } = opened;
    const [slo] = await estateSlos();
    expect(slo!.key).toBe("checkout-api/availability");
    expect(await page.locator("section.timeline").count()).toBe(1);
    const alerts = await page
      .locator("tr[data-alert]")
      .evaluateAll((trs) => trs.map((tr) => tr.children[1]!.textContent));
    // The SLO's four tiers and its no-data alert.
    expect(alerts).toEqual([...slo!.tiers, "no-data"]);
    expect(
      await page.locator("button[data-from]").evaluateAll((bs) => bs.map((b) => b.textContent)),
    ).toEqual(["6x-1h", "100x-1h"]);
    const [ratio, lanes] = await charts(opened);
    // Time axes labelled; the ratio axis, and one lane name per lane.
    expect(ratio!.ticks[0]).toBeGreaterThanOrEqual(3);
    expect(ratio!.ticks[1]).toBeGreaterThanOrEqual(3);
    expect(lanes!.ticks[1]).toBe(1 + alerts.length);
    // x + the generated ratio + a threshold per tier.
    expect(ratio).toMatchObject({ kind: "ratio", series: 2 + slo!.tiers.length });
    // x + incidents + a lane per alert.
    expect(lanes).toMatchObject({ kind: "lanes", series: 2 + alerts.length });
    // The incidents are drawn, every tier fired (100x for an hour), no-data never did.
    expect(lanes!.values.slice(0, 5).every((n) => n > 0)).toBe(true);
    expect(lanes!.values.at(-1)).toBe(0);
    await page.locator("button[data-from]").nth(1).click();
    const zoomed = await page.evaluate(() =>
      (
        globalThis as unknown as {
          obsforgeCharts: Array<{ chart: { scales: { x: { min: number; max: number } } } }>;
        }
      ).obsforgeCharts.map((c) => c.chart.scales.x.max - c.chart.scales.x.min),
    );
    // Both charts zoom to the incident (an hour, 10 minutes before and an hour after).
    expect(zoomed).toEqual([7800, 7800]);
    await page.screenshot({ path: join(shots, "backtest.png"), fullPage: true });
  });

  test("a history: no ratio chart, the lanes only, alert names as text", async () => {
    const opened = await openFile(
      browser,
      await pageFrom(backtestPage(HISTORY_REPORT, chartAssets()), "history.html"),
    );
    expect(opened.errors).toEqual([]);
    const drawn = await charts(opened);
    expect(drawn).toEqual([
      {
        slo: "alerts outside SLOs",
        kind: "lanes",
        series: 3,
        values: [5, 4],
        ticks: [expect.any(Number), 2],
      },
    ]);
    expect(await opened.page.locator("tr[data-alert] td").first().textContent()).toBe(
      "DiskFull</script>",
    );
  });
});
