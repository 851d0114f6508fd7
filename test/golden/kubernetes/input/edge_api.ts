import { alert, defineService } from "obsforge";

// A service with its own Kubernetes metadata, and label values YAML 1.1
// would read as booleans, numbers and dates unless they are quoted.
export default defineService({
  name: "edge_api",
  team: "edge",
  kubernetes: { namespace: "edge", labels: { "prometheus.io/rules": "edge" } },
  groups: [
    {
      name: "edge-api-availability",
      interval: "45s",
      rules: [
        alert({
          name: "EdgeApiDown",
          expr: 'up{job="edge-api"} == 0',
          for: "3m",
          severity: "page",
          labels: { canary: "no", region: "on", build: "1e3", since: "2001-12-14", octal: "012" },
          annotations: {
            summary: "Yes",
            runbookUrl: "https://runbooks.example.com/edge-api/down",
          },
        }),
      ],
    },
  ],
});
