import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** uPlot's browser build and its stylesheet, as inlined into every chart page. */
export interface ChartAssets {
  script: string;
  style: string;
  /** `uPlot 1.6.32`: named in the page so a reader knows what drew it. */
  credit: string;
}

let cached: ChartAssets | undefined;

/**
 * Read uPlot from the installed package (the pinned dependency) each time a
 * page is made, so pages carry the library itself and open from file://
 * with no network. Read once per process.
 */
export function chartAssets(): ChartAssets {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  const script = readFileSync(require.resolve("uplot/dist/uPlot.iife.min.js"), "utf8");
  const style = readFileSync(require.resolve("uplot/dist/uPlot.min.css"), "utf8");
  const { version } = require("uplot/package.json") as { version: string };
  cached = { script, style, credit: `uPlot ${version}` };
  return cached;
}
