/**
 * Issue 13's targets, judged from one bench run's medians, so the table and
 * the verdicts can never disagree. A target whose rows did not run (BENCH_ONLY)
 * is left out rather than shown as failed.
 */
import type { Measurement } from "./measure.ts";

type Figures = Omit<Measurement, "status" | "output">;

export interface Measured {
  ours: Figures;
  peer: Figures;
  floor: Figures;
}

export interface Verdict {
  target: string;
  measured: string;
  met: boolean;
}

interface Target {
  target: string;
  rows: readonly string[];
  judge: (rows: readonly Measured[]) => { measured: string; met: boolean };
}

const s = (v: number) => `${v.toFixed(2)} s`;
const x = (v: number) => `${v.toFixed(2)}x`;

const TARGETS: readonly Target[] = [
  {
    target: "10k SLOs cold: under 10 s wall",
    rows: ["10,000 slos, cold build"],
    judge: ([r]) => ({ measured: s(r!.ours.wall), met: r!.ours.wall < 10 }),
  },
  {
    target: "10k SLOs cold: under 1 GiB peak",
    rows: ["10,000 slos, cold build"],
    judge: ([r]) => ({
      measured: `${r!.ours.peakRssMiB.toFixed(0)} MiB`,
      met: r!.ours.peakRssMiB < 1024,
    }),
  },
  {
    // "Faster than promtool check rules on its own output": wall time, the
    // user's measure; the CPU ratio is printed beside it as the honest second.
    target: "10k SLOs cold: >= 1.5x promtool on its output (wall; CPU)",
    rows: ["10,000 slos, cold build"],
    judge: ([r]) => ({
      measured: `${x(r!.peer.wall / r!.ours.wall)}; ${x(r!.peer.cpu / r!.ours.cpu)}`,
      met: r!.peer.wall / r!.ours.wall >= 1.5,
    }),
  },
  {
    target: "10k SLOs warm: under 6 s",
    rows: ["10,000 slos, warm build"],
    judge: ([r]) => ({ measured: s(r!.ours.wall), met: r!.ours.wall < 6 }),
  },
  {
    target: "linear: t(10k) / t(1k) <= 10, cold CPU",
    rows: ["1,000 slos, cold build", "10,000 slos, cold build"],
    judge: ([small, large]) => {
      const ratio = large!.ours.cpu / small!.ours.cpu;
      return { measured: x(ratio), met: ratio <= 10 };
    },
  },
  {
    target: "60k rules cold within 1.5x of uncached warm (wall; CPU)",
    rows: ["60,000 rules, cold build", "60,000 rules, warm transform cache, no incremental cache"],
    judge: ([cold, warm]) => {
      const wall = cold!.ours.wall / warm!.ours.wall;
      const cpu = cold!.ours.cpu / warm!.ours.cpu;
      return { measured: `${x(wall)}; ${x(cpu)}`, met: wall <= 1.5 };
    },
  },
  {
    target: "60k rules warm: >= 2x promtool check rules (CPU)",
    rows: ["60,000 rules, warm build"],
    judge: ([r]) => {
      const ratio = r!.peer.cpu / r!.ours.cpu;
      return { measured: x(ratio), met: ratio >= 2 };
    },
  },
  {
    target: "edit one service of 1,000: under 1 s wall",
    rows: ["incremental: edit one service of 1,000, build"],
    judge: ([r]) => ({ measured: s(r!.ours.wall), met: r!.ours.wall < 1 }),
  },
  {
    target: "check, example estate: <= 0.25 s",
    rows: ["check, example estate (definitions/)"],
    judge: ([r]) => ({ measured: s(r!.ours.wall), met: r!.ours.wall <= 0.25 }),
  },
  {
    target: "--version: <= 0.1 s",
    rows: ["--version"],
    judge: ([r]) => ({ measured: s(r!.ours.wall), met: r!.ours.wall <= 0.1 }),
  },
  {
    target: "--help: <= 0.1 s",
    rows: ["--help"],
    judge: ([r]) => ({ measured: s(r!.ours.wall), met: r!.ours.wall <= 0.1 }),
  },
  {
    target: "lint-metrics 1M lines: >= 5x promtool CPU throughput",
    rows: ["lint-metrics, 1M lines"],
    judge: ([r]) => {
      const ratio = r!.peer.cpu / r!.ours.cpu;
      return { measured: x(ratio), met: ratio >= 5 };
    },
  },
  {
    target: "lint FILE, 60,000-rule file: >= 3x promtool (CPU)",
    rows: ["lint FILE, 60,000-rule file"],
    judge: ([r]) => {
      const ratio = r!.peer.cpu / r!.ours.cpu;
      return { measured: x(ratio), met: ratio >= 3 };
    },
  },
];

export function verdicts(results: ReadonlyMap<string, Measured>): Verdict[] {
  const out: Verdict[] = [];
  for (const t of TARGETS) {
    const rows = t.rows.map((work) => results.get(work));
    if (rows.some((r) => r === undefined)) continue;
    out.push({ target: t.target, ...t.judge(rows as Measured[]) });
  }
  return out;
}
