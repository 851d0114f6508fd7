import * as units from "@grafana/grafana-foundation-sdk/units";
import { sample, mainPanel } from "../../dashboard/fixtures.ts";
import { DATA_PANEL_TYPES, readDashboard, where } from "../../dashboard/read.ts";
import type { DashboardCheck } from "../../check.ts";

/** Grafana's unit ids, as the foundation SDK lists them. */
const KNOWN_UNITS = new Set(
  (Object.values(units) as unknown[]).filter((u): u is string => typeof u === "string"),
);

/**
 * Grafana's custom units (`suffix:×`, `si:B`, `time:HH:mm`, …). Unlike
 * dashboard-linter, these count as units: they are how Grafana spells units
 * it has no id for.
 */
const CUSTOM_UNIT_RE = /^(suffix|prefix|si|count|currency|time):./;

export function isKnownUnit(unit: string): boolean {
  return KNOWN_UNITS.has(unit) || CUSTOM_UNIT_RE.test(unit);
}

export const panelUnits: DashboardCheck<"noUnit" | "unknownUnit"> = {
  id: "dashboard/panel-units",
  target: "dashboard",
  reportOrder: 8,
  severity: "error",
  docs: 'Panels that show query results set a known Grafana unit.\n\nWhy: without a unit, 0.25 could be seconds, a ratio or a count; with one, Grafana scales and labels axes (250 ms, 25%, 1.2 MiB). Set `fieldConfig.defaults.unit` to a Grafana unit id ("s", "reqps", "percentunit", "bytes", "none" for plain numbers).',
  good: [sample()],
  bad: [
    sample((d) => {
      mainPanel(d).fieldConfig = { defaults: {}, overrides: [] };
    }),
    sample((d) => {
      mainPanel(d).fieldConfig = { defaults: { unit: "seconds" }, overrides: [] };
    }),
  ],
  messages: {
    noUnit: "{{where}}: expected a Grafana unit, got none",
    unknownUnit: "{{where}}: expected a Grafana unit, got unknown unit {{unit}}",
  },
  check({ dashboard }) {
    return readDashboard(dashboard)
      .panels.filter(
        (p) =>
          DATA_PANEL_TYPES.has(p.type) &&
          !p.library &&
          (p.unit === undefined || !isKnownUnit(p.unit)),
      )
      .map((p) => ({
        path: [...p.path, "fieldConfig", "defaults", "unit"],
        messageId: p.unit === undefined ? ("noUnit" as const) : ("unknownUnit" as const),
        data: { where: where(p), unit: JSON.stringify(p.unit ?? null) },
      }));
  },
};
