import { renderForParsing } from "../core/window.ts";
import { nodeText, vectorSelectors } from "../promql/analyse.ts";
import { parsePromQL } from "../promql/parse.ts";
import type { PrometheusRuleGroup } from "../targets/prometheus/rule-file.ts";
import { InputError } from "./inputs.ts";
import { selectedNames } from "./rule-passes.ts";
import { labelKey, type Series, type TimeRange } from "./series.ts";

/** A day of raw samples per request: 1,440 points a series at a 1-minute scrape. */
const CHUNK_SECONDS = 86400;

/**
 * The selectors of raw series the groups' rules read: every vector selector
 * whose metric no rule of the groups records (those the replay makes itself).
 */
export function rawSelectors(groups: readonly PrometheusRuleGroup[]): string[] {
  const recorded = new Set(
    groups.flatMap((g) => g.rules.flatMap((r) => ("record" in r ? [r.record] : []))),
  );
  const out = new Set<string>();
  for (const g of groups) {
    for (const rule of g.rules) {
      const { tree } = parsePromQL(rule.expr);
      for (const node of vectorSelectors(tree)) {
        const text = nodeText(rule.expr, node);
        const names = [...selectedNames(text)];
        if (names.some((n) => recorded.has(n))) continue;
        out.add(text);
      }
    }
  }
  return [...out].sort();
}

interface MatrixAnswer {
  status: string;
  error?: string;
  data?: {
    resultType: string;
    result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
  };
}

/**
 * Read the raw samples of `selectors` over `range` from a live Prometheus
 * through its HTTP API (a range selector at each chunk's end: the samples as
 * stored, not resampled), a day at a time.
 */
export async function fetchRawSeries(
  url: string,
  selectors: readonly string[],
  range: TimeRange,
): Promise<Series[]> {
  const bySeries = new Map<string, Series>();
  const seen = new Map<string, Set<number>>();
  for (const selector of selectors) {
    for (let to = range.end; to > range.start; to -= CHUNK_SECONDS) {
      const width = Math.min(CHUNK_SECONDS, to - range.start);
      const query = `${renderForParsing(selector).rendered}[${Math.ceil(width)}s]`;
      const body = new URLSearchParams({ query, time: String(to) });
      let answer: MatrixAnswer;
      try {
        const response = await fetch(new URL("api/v1/query", `${url.replace(/\/*$/, "")}/`), {
          method: "POST",
          body,
        });
        answer = (await response.json()) as MatrixAnswer;
      } catch (error) {
        throw new InputError(`--prometheus ${url}: cannot query: ${(error as Error).message}`);
      }
      if (answer.status !== "success" || answer.data?.resultType !== "matrix")
        throw new InputError(
          `--prometheus ${url}: ${JSON.stringify(query)}: ${answer.error ?? "expected a matrix"}`,
        );
      for (const { metric, values } of answer.data.result) {
        const key = labelKey(metric);
        const series = bySeries.get(key) ?? { labels: metric, samples: [] };
        const times = seen.get(key) ?? new Set<number>();
        for (const [t, v] of values) {
          // Chunks meet at their ends, and a range selector includes both.
          if (times.has(t)) continue;
          times.add(t);
          series.samples.push([t, Number(v)]);
        }
        bySeries.set(key, series);
        seen.set(key, times);
      }
    }
  }
  const all = [...bySeries.values()];
  for (const s of all) s.samples.sort((a, b) => a[0] - b[0]);
  return all;
}
