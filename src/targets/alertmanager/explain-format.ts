import type { ExplainedAlert } from "./explain.ts";

const EXPLAINED = [
  "group_wait: how long Alertmanager waits after a new group's first alert before notifying (it gathers the group);",
  "group_interval: the wait before notifying about alerts added to a group already notified;",
  "repeat_interval: how often a still-firing group is notified again. The alert itself fires after its rule's for.",
];

function title(a: ExplainedAlert): string {
  const tier = a.tier !== undefined ? ` [${a.tier}]` : "";
  const fires =
    a.for !== undefined ? `, fires after for ${a.for}` : ", fires on its first evaluation";
  return `${a.file}: ${a.alert}${tier} (severity ${a.severity}${fires})`;
}

function intervals(n: ExplainedAlert["notifies"][number]): string {
  const parts = [
    ...n.muteTimeIntervals.map((t) => `muted during ${t}`),
    ...n.activeTimeIntervals.map((t) => `only during ${t}`),
  ];
  return parts.length > 0 ? `; ${parts.join(", ")}` : "";
}

function notifyLine(n: ExplainedAlert["notifies"][number]): string {
  const t = n.timing;
  return `  notifies ${n.receiver} (${n.route}) after group_wait ${t.groupWait}, group_interval ${t.groupInterval}, repeat_interval ${t.repeatInterval}, grouped by ${n.groupBy.join(", ")}${intervals(n)}`;
}

function inhibitLine(i: ExplainedAlert["inhibitedBy"][number]): string {
  const equal = i.equal.length > 0 ? ` with the same ${i.equal.join(", ")}` : "";
  return `  inhibited while ${i.while.join(" or ")} fires${equal}: ${i.description} (${i.rule})`;
}

/** One block per alert: title, a line per receiver, a line per inhibition that can apply. */
export function explainAlertsText(alerts: readonly ExplainedAlert[]): string {
  const blocks = alerts.map((a) =>
    [title(a), ...a.notifies.map(notifyLine), ...a.inhibitedBy.map(inhibitLine)].join("\n"),
  );
  return `${[...blocks, EXPLAINED.join("\n")].join("\n\n")}\n`;
}

export function explainAlertsMarkdown(alerts: readonly ExplainedAlert[]): string {
  const cell = (s: string) => s.replaceAll("|", "\\|");
  const rows = alerts.map((a) =>
    [
      `${a.alert}${a.tier !== undefined ? ` (${a.tier})` : ""}`,
      a.severity,
      a.for ?? "",
      a.notifies
        .map((n) => `${n.receiver} after ${n.timing.groupWait}${intervals(n)}`)
        .join("<br>"),
      a.inhibitedBy.map((i) => `while ${i.while.join(" or ")} fires (${i.rule})`).join("<br>"),
    ]
      .map(cell)
      .join(" | "),
  );
  return `${[
    "| alert | severity | for | notifies (after group_wait) | inhibited |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map((r) => `| ${r} |`),
  ].join("\n")}\n`;
}

export function explainAlertsJson(alerts: readonly ExplainedAlert[]): string {
  return `${JSON.stringify(alerts, null, 2)}\n`;
}
