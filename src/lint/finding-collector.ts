import { type Problem, type Severity, sortProblems } from "../core/problem.ts";
import { compareStrings } from "../core/order.ts";

/**
 * The findings of a streamed lint (lint-metrics, lint-logs): at most a
 * fixed number per check, the first by line, and the count of the rest,
 * so memory does not grow with the input.
 */

/** What makes two findings the same one (a continued family's are compared by it). */
export function findingKey(f: Problem): string {
  return `${f.code}\n${f.subject ?? ""}\n${f.message}`;
}

export interface FindingCollector {
  /** Whether `check` has its fill of findings; only for checks whose findings come in line order. */
  full(check: string): boolean;
  add(finding: Problem): void;
  /** Keep a finding outside any cap (the limit warnings: one per exposition at most). */
  always(finding: Problem): void;
  /** Count a finding of `check` that is not kept. */
  drop(check: string, severity: Severity): void;
  /** Take back a finding added before (a continued family no longer has it). */
  retract(finding: Problem): void;
  /** The kept findings, sorted, then one "… and K more" finding per capped check. */
  findings(file: string): Problem[];
}

/** The findings of one check: candidates (at most twice the cap) and how many were dropped. */
interface CheckFindings {
  kept: { finding: Problem; line: number; seq: number }[];
  dropped: number;
  severity: Severity;
}

/**
 * Keeps, per check, the first `max` findings by line (ties in the order
 * they came): families are linted as they end, and a continued family's
 * findings come late with an early line. Candidates are trimmed to `max`
 * whenever they reach twice that, so memory stays bounded.
 */
export function createFindingCollector(max: number): FindingCollector {
  const perCheck = new Map<string, CheckFindings>();
  const uncapped: Problem[] = [];
  let seq = 0;
  const bucket = (check: string, severity: Severity): CheckFindings => {
    let b = perCheck.get(check);
    if (b === undefined) {
      b = { kept: [], dropped: 0, severity };
      perCheck.set(check, b);
    }
    return b;
  };
  const trim = (b: CheckFindings) => {
    if (b.kept.length <= max) return;
    b.kept.sort((x, y) => x.line - y.line || x.seq - y.seq);
    b.dropped += b.kept.length - max;
    b.kept.length = max;
  };
  return {
    full: (check) => (perCheck.get(check)?.kept.length ?? 0) >= max,
    drop(check, severity) {
      bucket(check, severity).dropped++;
    },
    add(finding) {
      const b = bucket(finding.code, finding.severity);
      b.kept.push({ finding, line: finding.span?.line ?? 0, seq: seq++ });
      if (b.kept.length >= 2 * max) trim(b);
    },
    always(finding) {
      uncapped.push(finding);
    },
    retract(finding) {
      const b = perCheck.get(finding.code);
      if (b === undefined) return;
      const key = findingKey(finding);
      const at = b.kept.findIndex(
        (k) => k.line === (finding.span?.line ?? 0) && findingKey(k.finding) === key,
      );
      if (at >= 0) b.kept.splice(at, 1);
      else if (b.dropped > 0) b.dropped--;
    },
    findings(file) {
      const kept: Problem[] = [...uncapped];
      const more: Problem[] = [];
      for (const [check, b] of [...perCheck].sort(([a], [c]) => compareStrings(a, c))) {
        trim(b);
        for (const k of b.kept) kept.push(k.finding);
        if (b.dropped === 0) continue;
        more.push({
          code: check,
          path: [],
          severity: b.severity,
          message: `… and ${b.dropped} more not shown (at most ${max} per rule; see --max-findings)`,
          file,
          omitted: b.dropped,
        });
      }
      return [...sortProblems(kept), ...more];
    },
  };
}
