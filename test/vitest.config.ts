import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["test/**/*.test.ts"],
    // Real engines (promtool, amtool, prometheus) run as child processes; give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
