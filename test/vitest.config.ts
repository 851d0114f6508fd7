import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["test/**/*.test.ts"],
    // vitest's default is one worker fewer than the cores: a single worker on CI's 2 cores.
    // Many files mostly wait (a real Prometheus evaluating in real time, promtool and CLI
    // child processes), so one worker per core and one more keeps the cores busy.
    maxWorkers: availableParallelism() + 1,
    // Real engines (promtool, amtool, prometheus, tsc) run as child processes. The limits only
    // catch hangs: no test may depend on wall-clock speed, and CI's 2 cores may be busy.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
