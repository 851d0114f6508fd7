// Imported by obsforge from alertmanager-prometheusRule.yaml.
import { defineService } from "obsforge";

export default defineService({
  name: "alertmanager-main-rules",
  team: "alertmanager-main-rules",
  plainGroups: [
    {
      name: "alertmanager.rules",
      rules: [
        {
          alert: "AlertmanagerFailedReload",
          expr: "# Without max_over_time, failed scrapes could create false negatives, see\n# https://www.robustperception.io/alerting-on-gauges-in-prometheus-2-0 for details.\nmax_over_time(alertmanager_config_last_reload_successful{job=\"alertmanager-main\",container=\"alertmanager\",namespace=\"monitoring\"}[5m]) == 0\n",
          for: "10m",
          labels: { severity: "critical" },
          annotations: {
            description: "Configuration has failed to load for {{ $labels.namespace }}/{{ $labels.pod}}.",
            runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/alertmanager/alertmanagerfailedreload",
            summary: "Reloading an Alertmanager configuration has failed.",
          },
        },
        {
          alert: "AlertmanagerMembersInconsistent",
          expr: "# Without max_over_time, failed scrapes could create false negatives, see\n# https://www.robustperception.io/alerting-on-gauges-in-prometheus-2-0 for details.\n  max_over_time(alertmanager_cluster_members{job=\"alertmanager-main\",container=\"alertmanager\",namespace=\"monitoring\"}[5m])\n< on (namespace,service) group_left\n  count by (namespace,service) (max_over_time(alertmanager_cluster_members{job=\"alertmanager-main\",container=\"alertmanager\",namespace=\"monitoring\"}[5m]))\n",
          for: "15m",
          labels: { severity: "critical" },
          annotations: {
            description: "Alertmanager {{ $labels.namespace }}/{{ $labels.pod}} has only found {{ $value }} members of the {{$labels.job}} cluster.",
            runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/alertmanager/alertmanagermembersinconsistent",
            summary: "A member of an Alertmanager cluster has not found all other cluster members.",
          },
        },
        {
          alert: "AlertmanagerFailedToSendAlerts",
          expr: "(\n  rate(alertmanager_notifications_failed_total{job=\"alertmanager-main\",container=\"alertmanager\",namespace=\"monitoring\"}[15m])\n/\n  ignoring (reason) group_left rate(alertmanager_notifications_total{job=\"alertmanager-main\",container=\"alertmanager\",namespace=\"monitoring\"}[15m])\n)\n> 0.01\n",
          for: "5m",
          labels: { severity: "warning" },
          annotations: {
            description: "Alertmanager {{ $labels.namespace }}/{{ $labels.pod}} failed to send {{ $value | humanizePercentage }} of notifications to {{ $labels.integration }}.",
            runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/alertmanager/alertmanagerfailedtosendalerts",
            summary: "An Alertmanager instance failed to send notifications.",
          },
        },
        {
          alert: "AlertmanagerClusterFailedToSendAlerts",
          expr: "min by (namespace,service, integration) (\n  rate(alertmanager_notifications_failed_total{job=\"alertmanager-main\",container=\"alertmanager\",namespace=\"monitoring\", integration=~`.*`}[15m])\n/\n  ignoring (reason) group_left rate(alertmanager_notifications_total{job=\"alertmanager-main\",container=\"alertmanager\",namespace=\"monitoring\", integration=~`.*`}[15m]) > 0\n)\n> 0.01\n",
          for: "5m",
          labels: { severity: "critical" },
          annotations: {
            description: "The minimum notification failure rate to {{ $labels.integration }} sent from any instance in the {{$labels.job}} cluster is {{ $value | humanizePercentage }}.",
            runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/alertmanager/alertmanagerclusterfailedtosendalerts",
            summary: "All Alertmanager instances in a cluster failed to send notifications to a critical integration.",
          },
        },
        {
          alert: "AlertmanagerClusterFailedToSendAlerts",
          expr: "min by (namespace,service, integration) (\n  rate(alertmanager_notifications_failed_total{job=\"alertmanager-main\",container=\"alertmanager\",namespace=\"monitoring\", integration!~`.*`}[15m])\n/\n  ignoring (reason) group_left rate(alertmanager_notifications_total{job=\"alertmanager-main\",container=\"alertmanager\",namespace=\"monitoring\", integration!~`.*`}[15m]) > 0\n)\n> 0.01\n",
          for: "5m",
          labels: { severity: "warning" },
          annotations: {
            description: "The minimum notification failure rate to {{ $labels.integration }} sent from any instance in the {{$labels.job}} cluster is {{ $value | humanizePercentage }}.",
            runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/alertmanager/alertmanagerclusterfailedtosendalerts",
            summary: "All Alertmanager instances in a cluster failed to send notifications to a non-critical integration.",
          },
        },
        {
          alert: "AlertmanagerConfigInconsistent",
          expr: "count by (namespace,service) (\n  count_values by (namespace,service) (\"config_hash\", alertmanager_config_hash{job=\"alertmanager-main\",container=\"alertmanager\",namespace=\"monitoring\"})\n)\n!= 1\n",
          for: "20m",
          labels: { severity: "critical" },
          annotations: {
            description: "Alertmanager instances within the {{$labels.job}} cluster have different configurations.",
            runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/alertmanager/alertmanagerconfiginconsistent",
            summary: "Alertmanager instances within the same cluster have different configurations.",
          },
        },
        {
          alert: "AlertmanagerClusterDown",
          expr: "(\n  count by (namespace,service) (\n    avg_over_time(up{job=\"alertmanager-main\",container=\"alertmanager\",namespace=\"monitoring\"}[5m]) < 0.5\n  )\n/\n  count by (namespace,service) (\n    up{job=\"alertmanager-main\",container=\"alertmanager\",namespace=\"monitoring\"}\n  )\n)\n>= 0.5\n",
          for: "5m",
          labels: { severity: "critical" },
          annotations: {
            description: "{{ $value | humanizePercentage }} of Alertmanager instances within the {{$labels.job}} cluster have been up for less than half of the last 5m.",
            runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/alertmanager/alertmanagerclusterdown",
            summary: "Half or more of the Alertmanager instances within the same cluster are down.",
          },
        },
        {
          alert: "AlertmanagerClusterCrashlooping",
          expr: "(\n  count by (namespace,service) (\n    changes(process_start_time_seconds{job=\"alertmanager-main\",container=\"alertmanager\",namespace=\"monitoring\"}[10m]) > 4\n  )\n/\n  count by (namespace,service) (\n    up{job=\"alertmanager-main\",container=\"alertmanager\",namespace=\"monitoring\"}\n  )\n)\n>= 0.5\n",
          for: "5m",
          labels: { severity: "critical" },
          annotations: {
            description: "{{ $value | humanizePercentage }} of Alertmanager instances within the {{$labels.job}} cluster have restarted at least 5 times in the last 10m.",
            runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/alertmanager/alertmanagerclustercrashlooping",
            summary: "Half or more of the Alertmanager instances within the same cluster are crashlooping.",
          },
        },
        {
          alert: "AlertmanagerClusterFailedPeers",
          expr: "# Without max_over_time, failed scrapes could create false negatives, see\n# https://www.robustperception.io/alerting-on-gauges-in-prometheus-2-0 for details.\nmax_over_time(alertmanager_cluster_failed_peers{job=\"alertmanager-main\",container=\"alertmanager\",namespace=\"monitoring\"}[5m]) > 0\n",
          for: "15m",
          labels: { severity: "warning" },
          annotations: {
            description: "Alertmanager {{ $labels.namespace }}/{{ $labels.pod}} has {{ $value }} failed peers in the {{$labels.job}} cluster.",
            runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/alertmanager/alertmanagerclusterfailedpeers",
            summary: "An Alertmanager instance has failed peers in the cluster.",
          },
        },
      ],
    },
  ],
});
