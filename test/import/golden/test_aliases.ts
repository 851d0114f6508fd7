// Imported by obsforge from test_aliases.yaml.
import { defineService } from "obsforge";

export default defineService({
  name: "test_aliases",
  team: "test_aliases",
  plainGroups: [
    {
      name: "my-group-name",
      interval: "30s",
      rules: [
        {
          alert: "HighAlert",
          expr: "sum without(instance) (rate(errors_total[5m]))\n/\nsum without(instance) (rate(requests_total[5m]))\n",
          for: "5m",
          labels: { severity: "critical" },
          annotations: { description: "stuff's happening with {{ $.labels.service }}" },
        },
        {
          record: "new_metric",
          expr: "sum without(instance) (rate(errors_total[5m]))\n/\nsum without(instance) (rate(requests_total[5m]))\n",
          labels: { abc: "edf", uvw: "xyz" },
        },
        {
          alert: "HighAlert",
          expr: "sum without(instance) (rate(errors_total[5m]))\n/\nsum without(instance) (rate(requests_total[5m]))\n",
          for: "5m",
          labels: { severity: "critical" },
          annotations: { description: "stuff's happening with {{ $.labels.service }}" },
        },
        {
          alert: "HighAlert2",
          expr: "sum without(instance) (rate(errors_total[5m]))\n/\nsum without(instance) (rate(requests_total[5m]))\n",
          for: "5m",
          labels: { severity: "critical" },
          annotations: { description: "stuff's happening with {{ $.labels.service }}" },
        },
      ],
    },
    {
      name: "my-another-name",
      interval: "30s",
      rules: [
        {
          alert: "HighAlert",
          expr: "sum without(instance) (rate(errors_total[5m]))\n/\nsum without(instance) (rate(requests_total[5m]))\n",
          for: "5m",
          labels: { severity: "critical" },
          annotations: { description: "stuff's happening with {{ $.labels.service }}" },
        },
        {
          record: "new_metric",
          expr: "sum without(instance) (rate(errors_total[5m]))\n/\nsum without(instance) (rate(requests_total[5m]))\n",
        },
        {
          alert: "HighAlert",
          expr: "sum without(instance) (rate(errors_total[5m]))\n/\nsum without(instance) (rate(requests_total[5m]))\n",
          labels: { severity: "critical" },
          annotations: { description: "stuff's happening with {{ $.labels.service }}" },
        },
        {
          alert: "HighAlert2",
          expr: "sum without(instance) (rate(errors_total[5m]))\n/\nsum without(instance) (rate(requests_total[5m]))\n",
          for: "5m",
          labels: { severity: "critical" },
          annotations: { description: "stuff's happening with {{ $.labels.service }}" },
        },
      ],
    },
  ],
});
