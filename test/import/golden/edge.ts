// Imported by obsforge from edge.rules.yml.
import { defineService } from "obsforge";

export default defineService({
  name: "edge",
  team: "edge",
  plainGroups: [
    {
      name: "edge",
      interval: "30s",
      limit: 10,
      rules: [
        {
          alert: "edge-proxy/5xx (high)",
          expr: "sum by (route) (rate(nginx_http_requests_total{status=~\"5..\"}[5m])) > 1",
          for: "5m",
          keepFiringFor: "10m",
          labels: { severity: "critical", team: "edge" },
          annotations: {
            summary: "{{ $labels.route }} answers 5xx",
            runbook_url: "https://runbooks.example.com/edge-5xx",
          },
        },
        { record: "nginx_up", expr: "up{job=\"nginx\"}" },
        { record: "nginx_up", expr: "up{job=\"nginx\"}" },
        {
          record: "edge:nginx:http_requests:rate5m:sum",
          expr: "sum(rate(nginx_http_requests_total[5m]))",
        },
        { alert: "EdgeDown", expr: "nginx_up == 0", for: "0m" },
      ],
    },
    { name: "empty" },
    { name: "also-empty", rules: [] },
  ],
});
