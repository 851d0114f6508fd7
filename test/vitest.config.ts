import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Files that run longest (real time in Prometheus, many promtool and CLI runs), slowest
 * first. vitest orders files by their last duration when it has a cache, and by size
 * when not (a fresh CI checkout); these start first either way, so none is the tail.
 */
const SLOWEST = [
  "test/engine/prometheus-server.test.ts",
  "test/slo/generated-tests.test.ts",
  "test/emit/crash.test.ts",
  "test/lint/bounded-memory.test.ts",
  "test/cli/e2e.test.ts",
];

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = SLOWEST.findIndex((path) => f.moduleId.endsWith(`/${path}`));
      return i === -1 ? SLOWEST.length : i;
    };
    // Array.prototype.sort is stable: the rest keep vitest's own order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["test/**/*.test.ts"],
    // vitest's default is one worker fewer than the cores: a single worker on CI's 2 cores.
    // Many files mostly wait (a real Prometheus evaluating in real time, promtool and CLI
    // child processes), so one worker per core and one more keeps the cores busy.
    maxWorkers: availableParallelism() + 1,
    sequence: { sequencer: SlowestFirst },
    setupFiles: ["test/helpers/plain-output.ts"],
    // Real engines (promtool, amtool, prometheus, tsc) run as child processes. The limits only
    // catch hangs: no test may depend on wall-clock speed, and CI's 2 cores may be busy.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
