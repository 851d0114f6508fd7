import type { MetricCheck } from "../../check.ts";

export const camelCase: MetricCheck<"camelCase"> = {
  id: "metric/camel-case",
  target: "metric",
  severity: "error",
  profiles: ["promlint", "strict"],
  docs: `Metric names are snake_case: no lower-case letter followed by an upper-case one.

Why: Prometheus names are case-sensitive and conventionally lower snake_case;
mixed case makes the same quantity easy to query under two spellings.`,
  good: [
    "# HELP node_memory_free_bytes Free memory.\n# TYPE node_memory_free_bytes gauge\nnode_memory_free_bytes 1024\n",
  ],
  bad: [
    "# HELP node_memory_MemFree_bytes Free memory.\n# TYPE node_memory_MemFree_bytes gauge\nnode_memory_MemFree_bytes 1024\n",
  ],
  messages: {
    camelCase: "metric names should be written in 'snake_case' not 'camelCase'",
  },
  check({ family }) {
    return /[a-z][A-Z]/.test(family.name) ? [{ messageId: "camelCase" }] : [];
  },
};
