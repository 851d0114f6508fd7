/**
 * A history for checkout-api's availability SLO, shared by the history and
 * live-Prometheus tests: 12 hours at 10 requests a second and 0.05% errors,
 * two incidents (10% errors for 30 minutes, at 02:00 and 06:00) and one blip
 * (3 minutes of total outage at 09:00) that pages too.
 */
export const START = Date.UTC(2026, 0, 5) / 1000;
const METRIC = "http_server_request_duration_seconds_count";
const JOB = 'job="checkout-api"';

function errorRatioAt(minute: number): number {
  if ((minute >= 120 && minute < 150) || (minute >= 360 && minute < 390)) return 0.1;
  if (minute >= 540 && minute < 543) return 1;
  return 0.0005;
}

/** [time, good so far, bad so far] each minute. */
function counters(): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  let good = 0;
  let bad = 0;
  for (let m = 0; m <= 720; m++) {
    out.push([START + m * 60, good, bad]);
    good += 600 * (1 - errorRatioAt(m));
    bad += 600 * errorRatioAt(m);
  }
  return out;
}

export function openMetrics(): string {
  const rows = counters();
  const lines: string[] = [];
  for (const [t, good] of rows)
    lines.push(`${METRIC}{${JOB},http_response_status_code="200"} ${good} ${t}`);
  for (const [t, , bad] of rows)
    lines.push(`${METRIC}{${JOB},http_response_status_code="503"} ${bad} ${t}`);
  return `${lines.join("\n")}\n# EOF\n`;
}

export function queryRangeJson(): string {
  const rows = counters();
  const series = (code: string, pick: (r: [number, number, number]) => number) => ({
    metric: { __name__: METRIC, job: "checkout-api", http_response_status_code: code },
    values: rows.map((r) => [r[0], String(pick(r))]),
  });
  return JSON.stringify({
    status: "success",
    data: {
      resultType: "matrix",
      result: [series("200", (r) => r[1]), series("503", (r) => r[2])],
    },
  });
}

export const INCIDENTS = `incidents:
  - start: 2026-01-05T02:00:00Z
    end: 2026-01-05T02:30:00Z
    slo: checkout-api/availability
  - start: "2026-01-05T06:00:00Z"
    end: "2026-01-05T06:30:00Z"
    slo: availability
`;
