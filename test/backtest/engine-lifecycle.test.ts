import { readdir } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  ENGINE_STARTS,
  RUNNING_ENGINES,
  withPrometheus,
} from "../../src/backtest/engine/prometheus.ts";
import { replay } from "../../src/backtest/replay.ts";
import type { PrometheusRule } from "../../src/targets/prometheus/rule-file.ts";
import { tempDir } from "../helpers/temp.ts";

const started: number[] = [];
const listen = (pid: number) => started.push(pid);
ENGINE_STARTS.push(listen);
afterEach(() => {
  started.length = 0;
});

/** True while a process with this pid exists (signal 0 only asks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The replay's temporary folders, under a parent of the test's own (others' runs share the OS's). */
let parent: string;
beforeEach(async () => {
  parent = await tempDir();
});
async function backtestDirs(): Promise<string[]> {
  return await readdir(parent);
}

const HISTORY = [
  {
    labels: { __name__: "requests_total", job: "api" },
    samples: Array.from({ length: 30 }, (_, i): [number, number] => [
      1_767_571_200 + i * 60,
      i * 10,
    ]),
  },
];
const RANGE = { start: 1_767_571_200, end: 1_767_571_200 + 30 * 60 };

describe("obsforge stops every engine it starts", () => {
  test("after a replay that succeeds", async () => {
    const before = await backtestDirs();
    const outcomes = await replay({
      history: HISTORY,
      tempParent: parent,
      groups: [
        {
          group: {
            name: "g",
            interval: "1m",
            rules: [
              { record: "job:requests:rate5m", expr: "sum by (job) (rate(requests_total[5m]))" },
              { alert: "Busy", expr: "job:requests:rate5m > 0.1" },
            ],
          },
          range: RANGE,
        },
      ],
    });
    // 10 per minute is 0.1667/s: the alert fires once the 5m rate has two samples.
    expect(outcomes[0]!.episodes.length).toBe(1);
    expect(started.length).toBe(2);
    for (const pid of started) expect(alive(pid)).toBe(false);
    expect(RUNNING_ENGINES.size).toBe(0);
    expect(await backtestDirs()).toEqual(before);
  });

  test("after a replay whose query Prometheus refuses", async () => {
    const before = await backtestDirs();
    await expect(
      replay({
        history: HISTORY,
        tempParent: parent,
        groups: [
          {
            group: { name: "g", rules: [{ alert: "Broken", expr: "rate(requests_total[5m]" }] },
            range: RANGE,
          },
        ],
      }),
    ).rejects.toThrow(/Prometheus refused/);
    expect(started.length).toBe(1);
    expect(alive(started[0]!)).toBe(false);
    expect(RUNNING_ENGINES.size).toBe(0);
    expect(await backtestDirs()).toEqual(before);
  });

  test("when the run is stopped (SIGINT/SIGTERM abort its signal) while an engine runs", async () => {
    const before = await backtestDirs();
    const stop = new AbortController();
    const abortOnStart = () => stop.abort("SIGTERM");
    ENGINE_STARTS.push(abortOnStart);
    try {
      await expect(
        replay({
          history: HISTORY,
          groups: [
            {
              group: { name: "g", rules: [{ alert: "Up", expr: "requests_total > 0" }] },
              range: RANGE,
            },
          ],
          signal: stop.signal,
          tempParent: parent,
        }),
      ).rejects.toBe("SIGTERM");
    } finally {
      ENGINE_STARTS.splice(ENGINE_STARTS.indexOf(abortOnStart), 1);
    }
    expect(started.length).toBe(1);
    expect(alive(started[0]!)).toBe(false);
    expect(RUNNING_ENGINES.size).toBe(0);
    expect(await backtestDirs()).toEqual(before);
  });

  test("when the caller's work throws", async () => {
    const dir = await tempDir();
    await expect(
      withPrometheus(dir, async () => {
        throw new Error("caller failed");
      }),
    ).rejects.toThrow("caller failed");
    expect(started.length).toBe(1);
    expect(alive(started[0]!)).toBe(false);
  });
});

describe("obsforge stops VictoriaMetrics and every vmalert it starts", () => {
  const groups = (rules: PrometheusRule[]) => [
    { group: { name: "g", interval: "1m", rules }, range: RANGE },
  ];

  test("after a replay that succeeds", async () => {
    const before = await backtestDirs();
    const outcomes = await replay({
      engine: "victoria-metrics",
      history: HISTORY,
      tempParent: parent,
      groups: groups([
        { record: "job:requests:rate5m", expr: "sum by (job) (rate(requests_total[5m]))" },
        { alert: "Busy", expr: "job:requests:rate5m > 0.1" },
      ]),
    });
    expect(outcomes[0]!.episodes.length).toBe(1);
    // The server, one vmalert for the recording pass, one for the alerts.
    expect(started.length).toBe(3);
    for (const pid of started) expect(alive(pid)).toBe(false);
    expect(RUNNING_ENGINES.size).toBe(0);
    expect(await backtestDirs()).toEqual(before);
  });

  test("after a replay whose rule vmalert refuses", async () => {
    const before = await backtestDirs();
    await expect(
      replay({
        engine: "victoria-metrics",
        history: HISTORY,
        tempParent: parent,
        groups: groups([{ alert: "Broken", expr: "rate(requests_total[5m]" }]),
      }),
    ).rejects.toThrow(/vmalert could not replay the rules/);
    expect(started.length).toBe(2);
    for (const pid of started) expect(alive(pid)).toBe(false);
    expect(RUNNING_ENGINES.size).toBe(0);
    expect(await backtestDirs()).toEqual(before);
  });

  test("when the run is stopped while vmalert runs", async () => {
    const before = await backtestDirs();
    const stop = new AbortController();
    // The second process is vmalert: abort while it replays.
    const abortOnVmalert = () => {
      if (started.length === 2) stop.abort("SIGTERM");
    };
    ENGINE_STARTS.push(abortOnVmalert);
    try {
      await expect(
        replay({
          engine: "victoria-metrics",
          history: HISTORY,
          groups: groups([{ alert: "Up", expr: "requests_total > 0" }]),
          signal: stop.signal,
          tempParent: parent,
        }),
      ).rejects.toBe("SIGTERM");
    } finally {
      ENGINE_STARTS.splice(ENGINE_STARTS.indexOf(abortOnVmalert), 1);
    }
    expect(started.length).toBe(2);
    for (const pid of started) expect(alive(pid)).toBe(false);
    expect(RUNNING_ENGINES.size).toBe(0);
    expect(await backtestDirs()).toEqual(before);
  });
});
