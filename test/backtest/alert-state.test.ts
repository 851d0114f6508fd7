import { describe, expect, test } from "vitest";
import { alertEpisodes } from "../../src/backtest/alert-state.ts";

/** Evaluations every 60s from 0; `on` lists the times the condition holds for one series. */
function run(on: number[], options: { forSeconds: number; keepFiringForSeconds: number }) {
  const times = Array.from({ length: 20 }, (_, i) => i * 60);
  const labels = { severity: "page" };
  const present = (t: number) =>
    new Map(on.includes(t) ? [['{severity="page"}', labels] as const] : []);
  return alertEpisodes(times, present, options).map((e) => [e.activeAt, e.firedAt, e.resolvedAt]);
}

describe("alert states as Prometheus 2.42's rule manager runs them", () => {
  test("without for, a series fires at the evaluation it appears and resolves at the first it is missing", () => {
    expect(run([120, 180], { forSeconds: 0, keepFiringForSeconds: 0 })).toEqual([[120, 120, 240]]);
  });

  test("with for 2m it fires once pending for 2m, counted from the evaluation it appeared", () => {
    expect(run([60, 120, 180, 240], { forSeconds: 120, keepFiringForSeconds: 0 })).toEqual([
      [60, 180, 300],
    ]);
  });

  test("a pending series that goes missing is dropped: pending starts again when it comes back", () => {
    expect(
      run([60, 120, 240, 300, 360, 420], { forSeconds: 120, keepFiringForSeconds: 0 }),
    ).toEqual([[240, 360, 480]]);
  });

  test("keep_firing_for 3m holds a fired alert for 3m after it went missing, then resolves", () => {
    // Missing from 180: kept at 180, 240, 300 (less than 180s since 180), resolved at 360.
    expect(run([60, 120], { forSeconds: 0, keepFiringForSeconds: 180 })).toEqual([[60, 60, 360]]);
  });

  test("a series back within keep_firing_for is the same episode", () => {
    // Kept at 180 (missing), back at 240 and 300, kept at 360 and 420, resolved at 480.
    expect(run([60, 120, 240, 300], { forSeconds: 0, keepFiringForSeconds: 120 })).toEqual([
      [60, 60, 480],
    ]);
  });

  test("a series back after it resolved is a new episode", () => {
    expect(run([60, 180], { forSeconds: 0, keepFiringForSeconds: 0 })).toEqual([
      [60, 60, 120],
      [180, 180, 240],
    ]);
  });

  test("an alert still firing at the last evaluation has no resolve time", () => {
    expect(run([1080, 1140], { forSeconds: 0, keepFiringForSeconds: 0 })).toEqual([
      [1080, 1080, null],
    ]);
  });
});
