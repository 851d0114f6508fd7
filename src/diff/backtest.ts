import { compareStrings } from "../core/order.ts";
import { formatNumber } from "../core/numbers.ts";
import type { ArtifactChange, SubjectChange } from "./model.ts";

/** The part of one line of `obsforge backtest --format json` that `diff` compares. */
export interface BacktestLine {
  alert: string;
  slo: string | null;
  tier: string | null;
  firesPerWeek: number;
}

/**
 * Alerts whose fires per week differ between two backtests (of the base and
 * of the working tree), alerts only one of them ran, and nothing when both
 * agree. An alert is known by its SLO, name and tier.
 */
export function diffBacktests(
  before: readonly BacktestLine[],
  after: readonly BacktestLine[],
): ArtifactChange[] {
  const key = (l: BacktestLine) => [l.slo ?? "", l.alert, l.tier ?? ""].join("\u0000");
  const a = new Map(before.map((l) => [key(l), l]));
  const b = new Map(after.map((l) => [key(l), l]));
  const changes: SubjectChange[] = [];
  const fires = (l: BacktestLine) => formatNumber(l.firesPerWeek, { digits: 4 });
  for (const k of [...new Set([...a.keys(), ...b.keys()])].sort(compareStrings)) {
    const x = a.get(k);
    const y = b.get(k);
    const line = (y ?? x)!;
    const name = line.tier === null ? line.alert : `${line.alert} (${line.tier})`;
    const within = line.slo ?? undefined;
    const subject = { kind: "alert", name, ...(within !== undefined && { within }) };
    if (x === undefined)
      changes.push({
        ...subject,
        status: "added",
        fields: [{ field: "fires per week", after: fires(y!) }],
      });
    else if (y === undefined)
      changes.push({
        ...subject,
        status: "removed",
        fields: [{ field: "fires per week", before: fires(x) }],
      });
    else if (fires(x) !== fires(y))
      changes.push({
        ...subject,
        status: "changed",
        fields: [{ field: "fires per week", before: fires(x), after: fires(y) }],
      });
  }
  return changes.length === 0
    ? []
    : [{ kind: "backtest", status: "changed", id: "backtest", changes }];
}

/** The lines of a backtest JSON document, or a one-line reason it is not one. */
export function readBacktestLines(json: unknown): BacktestLine[] | string {
  if (!Array.isArray(json))
    return "expected the JSON array `obsforge backtest --format json` prints";
  for (const [i, line] of json.entries()) {
    const l = line as Partial<BacktestLine> | null;
    if (typeof l?.alert !== "string" || typeof l.firesPerWeek !== "number")
      return `[${i}]: expected an object with "alert" (string) and "firesPerWeek" (number)`;
  }
  return json.map((l: BacktestLine) => ({
    alert: l.alert,
    slo: typeof l.slo === "string" ? l.slo : null,
    tier: typeof l.tier === "string" ? l.tier : null,
    firesPerWeek: l.firesPerWeek,
  }));
}
