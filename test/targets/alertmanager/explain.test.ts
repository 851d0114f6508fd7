import { describe, expect, test } from "vitest";
import { obsforgeInProcess } from "../../helpers/in-process-cli.ts";
import { PROJECT_ROOT } from "../../helpers/paths.ts";
import { tempTree } from "../../helpers/temp.ts";

describe("obsforge explain --alerts", () => {
  test("an alert: its receivers in route order with their grouping delays, and what inhibits it", async () => {
    const run = await obsforgeInProcess(
      ["explain", "--alert", "orders-db/OrdersDbReplicationLag"],
      PROJECT_ROOT,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n\n")[0]).toBe(
      [
        "prometheus/orders-db.rules.yml: OrdersDbReplicationLag (severity ticket, fires after for 10m)",
        "  notifies storage-email (teams.storage.ticket) after group_wait 5m, group_interval 30m, repeat_interval 24h, grouped by alertname, service; only during business-hours",
        '  inhibited while OrdersDbDown fires with the same service: A service-down alert inhibits the other alerts of its service (source alertname=~"OrdersDbDown|PaymentWorkerDown") (inhibitions.serviceDown)',
      ].join("\n"),
    );
  });

  test("json: a page of an SLO reaches two receivers after 30s; its slow tier is held back by the quick one", async () => {
    const run = await obsforgeInProcess(
      ["explain", "--alert", "CheckoutAvailabilityBudgetBurn", "--format", "json"],
      PROJECT_ROOT,
    );
    const alerts = JSON.parse(run.stdout) as {
      tier: string;
      notifies: { receiver: string; timing: { groupWait: string } }[];
      inhibitedBy: { rule: string; while: string[] }[];
    }[];
    expect(alerts.map((a) => a.tier)).toEqual([
      "page-quick",
      "page-slow",
      "ticket-quick",
      "ticket-slow",
    ]);
    const [quick, slow, , ticketSlow] = alerts;
    expect(quick!.notifies.map((n) => [n.receiver, n.timing.groupWait])).toEqual([
      ["incident-log", "30s"],
      ["payments-pagerduty", "30s"],
    ]);
    expect(quick!.inhibitedBy).toEqual([]);
    expect(slow!.inhibitedBy.map((i) => i.rule)).toEqual([
      "inhibitions.sloFasterTierInhibitsSlower",
    ]);
    expect(ticketSlow!.inhibitedBy.map((i) => i.rule)).toEqual([
      "inhibitions.sloPageInhibitsTicket",
      "inhibitions.sloFasterTierInhibitsSlower",
    ]);
  });

  test("without a routing definition, or for an unknown alert, it says so and fails", async () => {
    const dir = await tempTree({
      "definitions/api.ts":
        'import { defineService } from "obsforge";\nexport default defineService({ name: "api", team: "web" });\n',
    });
    expect(await obsforgeInProcess(["explain", "--alerts"], dir)).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: no routing definition in the estate (defineRouting), so no alert is routed\n",
    });
    expect((await obsforgeInProcess(["explain", "--alert", "Nope"], PROJECT_ROOT)).stderr).toBe(
      'error: no alert named "Nope" (use <alert> or <service>/<alert>)\n',
    );
  });
});
