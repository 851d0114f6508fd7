import * as units from "@grafana/grafana-foundation-sdk/units";
import { fixture, mainPanel } from "./fixtures.ts";
import { DATA_PANEL_TYPES, readDashboard, where } from "./read.ts";
import type { DashboardLintRule } from "./types.ts";

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

export const panelUnits: DashboardLintRule = {
  id: "dashboard/panel-units",
  severity: "error",
  docs: 'Why: without a unit, 0.25 could be seconds, a ratio or a count; with one, Grafana scales and labels axes (250 ms, 25%, 1.2 MiB). Set `fieldConfig.defaults.unit` to a Grafana unit id ("s", "reqps", "percentunit", "bytes", "none" for plain numbers).',
  good: [fixture()],
  bad: [
    fixture((d) => {
      mainPanel(d).fieldConfig = { defaults: {}, overrides: [] };
    }),
    fixture((d) => {
      mainPanel(d).fieldConfig = { defaults: { unit: "seconds" }, overrides: [] };
    }),
  ],
  check(dashboard) {
    return readDashboard(dashboard)
      .panels.filter(
        (p) => DATA_PANEL_TYPES.has(p.type) && (p.unit === undefined || !isKnownUnit(p.unit)),
      )
      .map((p) => ({
        rule: this.id,
        severity: "error" as const,
        path: [...p.path, "fieldConfig", "defaults", "unit"],
        message: `${where(p)}: expected a Grafana unit, got ${p.unit === undefined ? "none" : `unknown unit ${JSON.stringify(p.unit)}`}`,
      }));
  },
};
