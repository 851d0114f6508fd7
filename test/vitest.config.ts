import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["test/**/*.test.ts"],
    // Real engines (promtool, amtool, prometheus, tsc) run as child processes. The limits only
    // catch hangs: no test may depend on wall-clock speed, and CI's 2 cores may be busy.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
