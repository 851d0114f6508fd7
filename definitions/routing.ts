import {
  defineRouting,
  emailReceiver,
  opsgenieReceiver,
  pagerdutyReceiver,
  slackReceiver,
  webhookReceiver,
} from "obsforge";

// Secrets live in files Alertmanager reads (mounted from the secret store);
// the definitions only name the paths.
const SECRETS = "/etc/alertmanager/secrets";

export default defineRouting({
  receivers: [
    pagerdutyReceiver({
      name: "payments-pagerduty",
      routingKeyFile: `${SECRETS}/payments-pagerduty-key`,
    }),
    slackReceiver({
      name: "payments-slack",
      apiUrlFile: `${SECRETS}/payments-slack-url`,
      channel: "#payments-alerts",
      sendResolved: true,
    }),
    opsgenieReceiver({ name: "storage-opsgenie", apiKeyFile: `${SECRETS}/storage-opsgenie-key` }),
    emailReceiver({
      name: "storage-email",
      to: "storage-oncall@example.com",
      from: "alertmanager@example.com",
      smarthost: "smtp.example.com:587",
      authUsername: "alertmanager",
      authPasswordFile: `${SECRETS}/smtp-password`,
    }),
    webhookReceiver({
      name: "incident-log",
      url: "https://incidents.example.com/api/alertmanager",
      credentialsFile: `${SECRETS}/incident-log-token`,
    }),
  ],
  // Each service's team gets its alerts; the severity picks page or ticket receivers.
  teams: {
    payments: { page: "payments-pagerduty", ticket: "payments-slack" },
    storage: {
      // The nightly maintenance window of orders-db pages nobody.
      page: { receivers: "storage-opsgenie", muteTimeIntervals: ["orders-db-maintenance"] },
      // Storage tickets are read in office hours; outside them they wait.
      ticket: { receivers: "storage-email", activeTimeIntervals: ["business-hours"] },
    },
  },
  timeIntervals: [
    {
      name: "business-hours",
      intervals: [
        {
          weekdays: ["monday:friday"],
          times: [{ start: "09:00", end: "17:00" }],
          location: "Europe/Berlin",
        },
      ],
    },
    {
      name: "orders-db-maintenance",
      intervals: [
        { weekdays: ["sunday"], times: [{ start: "02:00", end: "04:00" }], location: "UTC" },
      ],
    },
  ],
  // Every page is also logged as an incident, before it goes to its team.
  routes: [
    {
      description: "Pages open an incident record",
      matchers: { severity: "page" },
      receivers: ["incident-log"],
      continue: true,
    },
  ],
  // Also as a Prometheus Operator AlertmanagerConfig; the secret files above
  // are the keys of one Kubernetes Secret, alertmanager-secrets.
  kubernetes: { namespace: "monitoring" },
  // And as Grafana-managed alerting provisioning (contact points, notification
  // policies, mute timings), reading the same secret files.
  grafana: { orgId: 1 },
  inhibitions: {
    // One instance of checkout-api down is not the service down: only these
    // alerts mean the whole service is gone.
    serviceDown: { alerts: ["OrdersDbDown", "PaymentWorkerDown"] },
  },
  expect: {
    routes: [
      {
        description: "A page from checkout-api reaches the incident log and payments' PagerDuty",
        labels: { service: "checkout-api", team: "payments", severity: "page" },
        receivers: ["incident-log", "payments-pagerduty"],
      },
      {
        description: "A ticket from orders-db reaches storage by email only",
        labels: { service: "orders-db", team: "storage", severity: "ticket" },
        receivers: ["storage-email"],
      },
    ],
    inhibitions: [
      {
        description: "A firing page-quick inhibits the ticket-slow of the same SLO",
        firing: {
          sloth_id: "checkout-api-availability",
          sloth_severity: "page",
          slo_tier: "page-quick",
        },
        target: {
          sloth_id: "checkout-api-availability",
          sloth_severity: "ticket",
          slo_tier: "ticket-slow",
        },
        inhibited: true,
      },
      {
        description: "A page of one SLO does not inhibit the tickets of another",
        firing: { sloth_id: "checkout-api-availability", sloth_severity: "page" },
        target: { sloth_id: "checkout-api-latency", sloth_severity: "ticket" },
        inhibited: false,
      },
      {
        description: "orders-db down inhibits its replication alerts",
        firing: { alertname: "OrdersDbDown", service: "orders-db" },
        target: { alertname: "OrdersDbReplicationLag", service: "orders-db" },
        inhibited: true,
      },
    ],
    timeIntervals: [
      {
        description: "A storage ticket on Saturday waits for office hours",
        labels: { team: "storage", severity: "ticket" },
        at: "2026-03-07T10:00:00Z",
        muted: true,
      },
      {
        description: "A storage ticket on Tuesday morning in Berlin goes out",
        labels: { team: "storage", severity: "ticket" },
        at: "2026-03-03T09:30:00+01:00",
        muted: false,
      },
      {
        description: "A storage page in the Sunday maintenance window pages nobody on OpsGenie",
        labels: { team: "storage", severity: "page" },
        receiver: "storage-opsgenie",
        at: "2026-03-08T03:00:00Z",
        muted: true,
      },
      {
        description: "The incident log still records it",
        labels: { team: "storage", severity: "page" },
        receiver: "incident-log",
        at: "2026-03-08T03:00:00Z",
        muted: false,
      },
    ],
  },
});
