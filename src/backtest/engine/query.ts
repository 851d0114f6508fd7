import type { Series, TimeRange } from "../series.ts";

/** Prometheus refuses query_range answers over 11,000 points per series; stay under it. */
const MAX_STEPS = 10_000;

interface MatrixAnswer {
  status: string;
  error?: string;
  data?: {
    resultType: string;
    result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
  };
}

/**
 * `query_range` over `range` at `step` seconds, split into requests Prometheus
 * accepts, joined per series. Each step is an instant query at that time, as
 * the rule manager runs it at each evaluation.
 */
export async function queryRange(
  url: string,
  query: string,
  options: TimeRange & { step: number },
): Promise<Series[]> {
  const bySeries = new Map<string, Series>();
  const { step } = options;
  for (let from = options.start; from < options.end; from += MAX_STEPS * step) {
    const to = Math.min(options.end - step, from + (MAX_STEPS - 1) * step);
    if (to < from) break;
    const body = new URLSearchParams({
      query,
      start: String(from),
      end: String(to),
      step: String(step),
    });
    const response = await fetch(`${url}/api/v1/query_range`, { method: "POST", body });
    const answer = (await response.json()) as MatrixAnswer;
    if (answer.status !== "success" || answer.data === undefined)
      throw new Error(
        `Prometheus refused ${JSON.stringify(query)}: ${answer.error ?? response.status}`,
      );
    for (const { metric, values } of answer.data.result) {
      const key = JSON.stringify(metric);
      const series = bySeries.get(key) ?? { labels: metric, samples: [] };
      for (const [t, v] of values) series.samples.push([Number(t), Number(v)]);
      bySeries.set(key, series);
    }
  }
  return [...bySeries.values()];
}

/** One instant query; the first sample's value, or undefined when the answer is empty. */
export async function queryScalar(
  url: string,
  query: string,
  time: number,
): Promise<number | undefined> {
  const body = new URLSearchParams({ query, time: String(time) });
  const answer = (await (await fetch(`${url}/api/v1/query`, { method: "POST", body })).json()) as {
    status: string;
    data?: { result: Array<{ value: [number, string] }> };
  };
  const first = answer.data?.result[0];
  return first === undefined ? undefined : Number(first.value[1]);
}
